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
        /// <summary>ddns_status code (see the spec's table).</summary>
        public int? DdnsStatus { get; internal set; }
        public string? DdnsHost { get => _ddnsHost; internal set => _ddnsHost = SetText(nameof(DdnsHost), value); }
        public CamUpnpStatus? UpnpStatus { get; internal set; }
        public CamLinkStatus? Link { get; internal set; }
        public int? MsnStatus { get; internal set; }
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
        /// <summary>Value: string, Int32/Int64, UInt32 for schedule words; masked ("********") for secrets unless -IncludeSecret, then a SecureString.</summary>
        public object? Value { get => _value; internal set => _value = value is string text ? SetText(nameof(Value), text) : value; }
        public bool IsSecret { get; internal set; }
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
