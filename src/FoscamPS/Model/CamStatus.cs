using System;

namespace FoscamPS.Model
{
    /// <summary>get_status.cgi: what the camera is and how it is doing. Camera text is sanitised (see <see cref="CamTextObject"/>).</summary>
    public sealed class CamStatus : CamTextObject
    {
        private string? _cameraId, _alias, _ddnsHost;

        public ICamera Camera { get; internal set; } = null!;
        /// <summary>Camera id (MAC, 12 hex digits).</summary>
        public string? CameraId { get => _cameraId; internal set => _cameraId = SetText(nameof(CameraId), value); }
        /// <summary>The alias, control characters shown visibly; <c>GetRawText('Alias')</c> gives it as sent.</summary>
        public string? Alias { get => _alias; internal set => _alias = SetText(nameof(Alias), value); }
        public Version? SystemVersion { get; internal set; }
        public Version? WebUiVersion { get; internal set; }
        /// <summary>Camera clock (UTC).</summary>
        public DateTimeOffset? Now { get; internal set; }
        /// <summary>The camera's time zone as a usual UTC offset (the camera's tz is seconds WEST of UTC: the opposite sign).</summary>
        public TimeSpan? UtcOffset { get; internal set; }
        public CamAlarmStatus? AlarmStatus { get; internal set; }
        /// <summary>ddns_status (the spec's table, every range; unknown codes keep their number).</summary>
        public CamDdnsStatus? DdnsStatus { get; internal set; }
        /// <summary>What <see cref="DdnsStatus"/> means, in the spec's words.</summary>
        public string? DdnsStatusText => DdnsStatus is { } d ? CamCodes.Describe(d) : null;
        public string? DdnsHost { get => _ddnsHost; internal set => _ddnsHost = SetText(nameof(DdnsHost), value); }
        public CamUpnpStatus? UpnpStatus { get; internal set; }
        public CamLinkStatus? Link { get; internal set; }
        public CamMsnStatus? MsnStatus { get; internal set; }
        /// <summary>Clock difference camera − this machine, when the reply carried the time.</summary>
        public TimeSpan? ClockSkew { get; internal set; }
    }

    /// <summary>One field of get_params.cgi. A text value is sanitised; <c>GetRawText('Value')</c> gives it as sent.</summary>
    public sealed class CamParam : CamTextObject
    {
        private object? _value;

        public ICamera Camera { get; internal set; } = null!;
        /// <summary>Settings group (Device, Network, Wifi, Users, …).</summary>
        public string Group { get; internal set; } = "";
        /// <summary>Field name as the camera names it (e.g. wifi_ssid).</summary>
        public string Name { get; internal set; } = "";
        /// <summary>Value: string, Int32/Int64, UInt32 for schedule words; secrets as a CamSecret (shows ******** or blank; the value inside only with -IncludeSecret); URLs with their credentials masked.</summary>
        public object? Value { get => _value; internal set => _value = value is string text ? SetText(nameof(Value), text) : value; }
        public bool IsSecret { get; internal set; }

        /// <summary>
        /// One raw get_params field through the field table (<paramref name="known"/>: its row, null when the table does
        /// not know it): numbers as Int32 (Int64 when larger), schedule words as UInt32, text as string. Secrets: a
        /// <see cref="CamSecret"/> that shows ******** (a blank one stays blank: an administrator must see it), credentials
        /// inside URLs masked; with <paramref name="includeSecret"/> the CamSecret holds the value (GetSecureString()).
        /// Unknown fields are judged by their name.
        /// </summary>
        internal static CamParam FromField(ICamera camera, CamField? known, string group, string field, Protocol.CamValue raw, bool includeSecret)
        {
            var secrecy = known?.Secrecy ?? (CamFieldTable.LooksSecret(field) ? CamFieldSecrecy.Secret : CamFieldSecrecy.None);
            object? value;
            if (secrecy != CamFieldSecrecy.None && includeSecret)
                value = new CamSecret(raw.Text, reveal: true);
            else if (secrecy == CamFieldSecrecy.Secret)
                value = new CamSecret(raw.Text, reveal: false);
            else if (secrecy == CamFieldSecrecy.CredentialsInUrl)
                value = Protocol.Redactor.RedactUrl(raw.Text);
            else
                value = RawValue(known, raw);
            return new CamParam { Camera = camera, Group = group, Name = field, Value = value, IsSecret = secrecy != CamFieldSecrecy.None };
        }

        // Most get_params numbers are small (flags, enums, ports' neighbours): one shared box each instead of one per field
        // of every camera (200 per camera). Boxes are immutable, so sharing them is invisible to the user.
        private static readonly object[] BoxedInts = CreateBoxes(256);
        private static readonly object BoxedZeroWord = 0u;

        private static object[] CreateBoxes(int count)
        {
            var boxes = new object[count];
            for (var n = 0; n < count; n++) boxes[n] = n;
            return boxes;
        }

        private static object? RawValue(CamField? field, Protocol.CamValue raw)
        {
            var text = raw.Text;
            // Text is kept as the camera sent it: CamParam shows it sanitised and keeps the raw value (GetRawText).
            if (field?.Kind == CamFieldKind.Text || (field is null && raw.Quoted)) return text;
            if (field?.Kind == CamFieldKind.Word && field.ToValue(text) is uint u) return u == 0 ? BoxedZeroWord : u;
            if (int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var i)) return i >= 0 && i < BoxedInts.Length ? BoxedInts[i] : i;
            if (long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var l)) return l;
            return text;
        }
    }

    /// <summary>A snapshot written to disk by Save-CamSnapshot.</summary>
    public sealed class CamSnapshot
    {
        public ICamera Camera { get; internal set; } = null!;
        /// <summary>Full path of the JPEG file.</summary>
        public string Path { get; internal set; } = "";
        public long Length { get; internal set; }
        public DateTimeOffset TakenAt { get; internal set; }
        public string? ContentType { get; internal set; }
        /// <summary>File name the camera proposed (Content-Disposition).</summary>
        public string? CameraFileName { get; internal set; }
    }
}

namespace FoscamPS.Model
{
    /// <summary>A configuration backup (backup_params.cgi's params.bin) written by Backup-CamConfig.</summary>
    public sealed class CamBackup
    {
        public ICamera Camera { get; internal set; } = null!;
        /// <summary>Full path of the backup file (owner-only permissions: it holds every secret of the camera).</summary>
        public string Path { get; internal set; } = "";
        public long Length { get; internal set; }
        /// <summary>SHA-256 of the file, to check integrity before a restore.</summary>
        public string Sha256 { get; internal set; } = "";
        public DateTimeOffset TakenAt { get; internal set; }
        public string? CameraId { get; internal set; }
        public System.Version? SystemVersion { get; internal set; }
    }
}
