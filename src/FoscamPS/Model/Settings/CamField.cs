using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using FoscamPS.Protocol;

namespace FoscamPS.Model
{
    /// <summary>How a field is printed by the camera: a quoted string, a bare number, or an unsigned schedule word.</summary>
    public enum CamFieldKind
    {
        /// <summary>Quoted string, at most <see cref="CamField.MaxBytes"/> UTF-8 bytes.</summary>
        Text,
        /// <summary>Bare integer within [Min, Max], or one of <see cref="CamField.Codes"/>.</summary>
        Number,
        /// <summary>Unsigned 32-bit schedule word (-1 accepted on input as all ones).</summary>
        Word,
    }

    /// <summary>How a field's camera value maps to its .NET value.</summary>
    public enum CamFieldConversion
    {
        /// <summary>Text as is (string).</summary>
        Text,
        /// <summary>A number (Int32).</summary>
        Integer,
        /// <summary>0/1 as Boolean.</summary>
        Boolean,
        /// <summary>A code of an enum (<see cref="CamField.ValueType"/>); unknown codes keep their number.</summary>
        Enum,
        /// <summary>One word of a <see cref="CamSchedule"/> (<see cref="CamField.Slot"/> = word index 0–20).</summary>
        ScheduleWord,
        /// <summary><c>tz</c>: seconds WEST of UTC on the camera ↔ a usual UTC offset (TimeSpan, opposite sign).</summary>
        UtcOffset,
        /// <summary>Seconds ↔ TimeSpan.</summary>
        Seconds,
        /// <summary>Unix time (UTC) ↔ DateTimeOffset.</summary>
        UnixTime,
        /// <summary>userN_pri 0–2 ↔ <see cref="CamPrivilege"/> (one scale, mapped by <see cref="CamPrivilegeScale"/>).</summary>
        Privilege,
        /// <summary>A version a.b.c.d ↔ System.Version.</summary>
        Version,
    }

    /// <summary>What must be sent to a setter for it to accept the write (camera-facts "Whole-group setters").</summary>
    public enum CamFieldRequirement
    {
        /// <summary>May be left out (the setter accepts subsets).</summary>
        Optional,
        /// <summary>Always required: the firmware rejects a write without it.</summary>
        Always,
        /// <summary>set_network: required when <c>ip</c> is not blank (a fixed address needs mask, gateway and dns).</summary>
        WithFixedAddress,
    }

    /// <summary>How secret a field is.</summary>
    public enum CamFieldSecrecy
    {
        None,
        /// <summary>A password or key: never shown unless -IncludeSecret (then as SecureString / PSCredential).</summary>
        Secret,
        /// <summary>A URL that may carry credentials (alarm_http_url): shown with the credentials masked.</summary>
        CredentialsInUrl,
    }

    /// <summary>
    /// One field of a camera reply (get_params, get_misc, get_forbidden, get_camera_params, get_factory_ddns,
    /// get_status) as data: its group, .NET value, secrecy, limits from the spec, and the setter that writes it with the
    /// setter's own query name. Rows come from <see cref="CamFieldTable"/>.
    /// </summary>
    public sealed class CamField
    {
        internal CamField(string name, string group, string readCgi)
        {
            Name = name;
            Group = group;
            ReadCgi = readCgi;
        }

        /// <summary>Name in the reply, e.g. <c>wifi_ssid</c>.</summary>
        public string Name { get; }
        /// <summary>Settings group (Device, DateTime, Users, Devices, Network, Wifi, Pppoe, Upnp, Ddns, Mail, Ftp, Alarm, Msn, Decoder, Misc, PrivacySchedule, ImageSetting, FactoryDdns, Status).</summary>
        public string Group { get; }
        /// <summary>The CGI whose reply carries it.</summary>
        public string ReadCgi { get; }
        /// <summary>Property of the group's typed object (= the Set- cmdlet's parameter), e.g. <c>Ssid</c>; null when only Get-CamParam shows it.</summary>
        public string? Property { get; internal set; }
        /// <summary>Slot for repeated fields: user 1–8, device 2–9, mail receiver / MSN friend 1–n, schedule word 0–20.</summary>
        public int? Slot { get; internal set; }
        /// <summary>A property that carries this field together with another (user name + password → <c>Account</c>).</summary>
        public string? Pair { get; internal set; }
        public CamFieldKind Kind { get; internal set; }
        public CamFieldConversion Conversion { get; internal set; }
        /// <summary>The .NET type of the value (string, Int32, Boolean, an enum, UInt32, TimeSpan, …).</summary>
        public Type ValueType { get; internal set; } = typeof(string);
        public CamFieldSecrecy Secrecy { get; internal set; }
        public bool IsSecret => Secrecy == CamFieldSecrecy.Secret;
        /// <summary>Identifies the camera (id, versions, alias, its address): never copied from another camera's object.</summary>
        public bool IsIdentity { get; internal set; }
        /// <summary>Changes by itself (clock, status): never compared or copied.</summary>
        public bool IsVolatile { get; internal set; }
        /// <summary>Most UTF-8 bytes (text fields).</summary>
        public int? MaxBytes { get; internal set; }
        public long? Min { get; internal set; }
        public long? Max { get; internal set; }
        /// <summary>The only values allowed (code tables), or null.</summary>
        public IReadOnlyList<long>? Codes { get; internal set; }
        /// <summary>Setter CGI, or null for read-only fields.</summary>
        public string? SetterCgi { get; internal set; }
        /// <summary>The setter's own name of the field (<c>ssid</c> for <c>wifi_ssid</c>, <c>user1</c> for <c>user1_name</c>).</summary>
        public string? SetterQuery { get; internal set; }
        /// <summary>camera_control.cgi <c>param</c> number (that setter writes one field per request).</summary>
        public int? ControlParam { get; internal set; }
        public CamFieldRequirement Requirement { get; internal set; }
        /// <summary>What the field means (the spec's words).</summary>
        public string Description { get; internal set; } = "";

        public bool IsReadOnly => SetterCgi is null;

        /// <summary>The limit in words, for messages (e.g. "at most 40 bytes", "0 to 9", "one of None (0), Wep (1), …").</summary>
        public string LimitText
        {
            get
            {
                if (Kind == CamFieldKind.Text) return MaxBytes is { } m ? $"at most {m} bytes (UTF-8)" : "text";
                if (Kind == CamFieldKind.Word) return "0 to 4294967295 (or -1)";
                if (Codes is not null) return "one of " + string.Join(", ", Codes.Select(CodeName));
                if (Conversion == CamFieldConversion.Boolean) return "0 or 1 ($false or $true)";
                return $"{Min?.ToString(CultureInfo.InvariantCulture) ?? "…"} to {Max?.ToString(CultureInfo.InvariantCulture) ?? "…"}";
            }
        }

        private string CodeName(long code)
            => Conversion == CamFieldConversion.Enum && Enum.IsDefined(ValueType, Enum.ToObject(ValueType, code))
                ? $"{Enum.ToObject(ValueType, code)} ({code.ToString(CultureInfo.InvariantCulture)})"
                : code.ToString(CultureInfo.InvariantCulture);

        /// <summary>Why <paramref name="wire"/> is not acceptable for this field (null when it is). Never throws.</summary>
        public string? Check(string? wire)
        {
            if (wire is null) return "no value was given";
            switch (Kind)
            {
                case CamFieldKind.Text:
                    return CamText.CheckInput(wire, MaxBytes ?? -1);
                case CamFieldKind.Word:
                    return TryInteger(wire, out var w) && ((w >= 0 && w <= uint.MaxValue) || w == -1) ? null : $"'{wire}' is not a schedule word ({LimitText})";
                default:
                    if (!TryInteger(wire, out var n)) return $"'{wire}' is not a whole number";
                    if (Codes is not null) return Codes.Contains(n) ? null : $"{ShowValue(n)} is not allowed; the camera accepts {LimitText}";
                    if ((Min is { } min && n < min) || (Max is { } max && n > max)) return $"{ShowValue(n)} is outside the camera's range {LimitText}";
                    return null;
            }
        }

        private string ShowValue(long n) => Conversion switch
        {
            CamFieldConversion.UtcOffset when Math.Abs(n) < 100L * 24 * 3600 => $"{n.ToString(CultureInfo.InvariantCulture)} s west of UTC (UTC offset {ShowOffset(TimeSpan.FromSeconds(-n))})",
            CamFieldConversion.Seconds => $"{n.ToString(CultureInfo.InvariantCulture)} s",
            _ => n.ToString(CultureInfo.InvariantCulture),
        };

        private static string ShowOffset(TimeSpan t) => (t < TimeSpan.Zero ? "-" : "+") + t.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

        /// <summary>Strict integer: optional '-', decimal digits (what the firmware parses).</summary>
        internal static bool TryInteger(string? s, out long value)
            => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && s!.Trim() == s && s.Length > 0;

        /// <summary>
        /// The camera's text as this field's .NET value. Never throws: a number that does not parse gives null, an
        /// unknown code stays an enum value carrying its number.
        /// </summary>
        public object? ToValue(string? wire)
        {
            if (wire is null) return null;
            switch (Conversion)
            {
                case CamFieldConversion.Text:
                    return wire;
                case CamFieldConversion.Version:
                    return System.Version.TryParse(wire.Trim(), out var v) ? v : null;
            }
            if (!TryInteger(wire, out var n)) return null;
            switch (Conversion)
            {
                case CamFieldConversion.Integer:
                    return n >= int.MinValue && n <= int.MaxValue ? (object)(int)n : n;
                case CamFieldConversion.Boolean:
                    return n != 0;
                case CamFieldConversion.Enum:
                    return Enum.ToObject(ValueType, n);
                case CamFieldConversion.ScheduleWord:
                    try { return CamSchedule.ToWord(n); } catch (ArgumentOutOfRangeException) { return null; }
                case CamFieldConversion.UtcOffset:
                    return Math.Abs(n) <= 14 * 3600 ? TimeSpan.FromSeconds(-n) : (object?)null;
                case CamFieldConversion.Seconds:
                    return Math.Abs(n) <= 100L * 24 * 3600 ? TimeSpan.FromSeconds(n) : (object?)null;
                case CamFieldConversion.UnixTime:
                    try { return DateTimeOffset.FromUnixTimeSeconds(n); } catch (ArgumentOutOfRangeException) { return null; }
                case CamFieldConversion.Privilege:
                    return CamPrivilegeScale.FromParams(n);
                default:
                    return wire;
            }
        }

        /// <summary>
        /// A .NET value (as a user or a piped object gives it) as the camera's text. Accepts the field's own type,
        /// numbers for enums/booleans, and strings PowerShell would convert. Throws ArgumentException naming the
        /// problem when the value cannot be this field's.
        /// </summary>
        public string ToWire(object? value)
        {
            if (value is PSObject pso) value = pso.BaseObject;
            if (value is null) throw new ArgumentException("no value was given");
            try
            {
                switch (Conversion)
                {
                    case CamFieldConversion.Text:
                        return value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                    case CamFieldConversion.Version:
                        return value.ToString() ?? "";
                    case CamFieldConversion.Boolean:
                        return value switch
                        {
                            bool b => b ? "1" : "0",
                            SwitchParameter s => s.IsPresent ? "1" : "0",
                            string str when bool.TryParse(str, out var pb) => pb ? "1" : "0",
                            _ => Number(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
                        };
                    case CamFieldConversion.Enum:
                        if (value is string name && !TryInteger(name, out _))
                            return Number(Convert.ToInt64(Enum.Parse(ValueType, name, true), CultureInfo.InvariantCulture));
                        return Number(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    case CamFieldConversion.UtcOffset:
                        return Number(CamCodes.TzFromOffset(AsTimeSpan(value, true)));
                    case CamFieldConversion.Seconds:
                        return Number((long)Math.Round(AsTimeSpan(value, false).TotalSeconds));
                    case CamFieldConversion.UnixTime:
                        return value switch
                        {
                            DateTimeOffset d => Number(d.ToUnixTimeSeconds()),
                            DateTime dt => Number(new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Local) : dt).ToUnixTimeSeconds()),
                            _ => Number(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
                        };
                    case CamFieldConversion.Privilege:
                        if (value is CamPrivilege p) return Number(CamPrivilegeScale.ToParams(p));
                        if (value is string ps && !TryInteger(ps, out _)) return Number(CamPrivilegeScale.ToParams((CamPrivilege)Enum.Parse(typeof(CamPrivilege), ps, true)));
                        return Number(CamPrivilegeScale.ToParams((CamPrivilege)Convert.ToInt32(value, CultureInfo.InvariantCulture)));
                    case CamFieldConversion.ScheduleWord:
                        return Number(CamSchedule.ToWord(Convert.ToInt64(value, CultureInfo.InvariantCulture)));
                    default:
                        if (value is Enum e) return Number(Convert.ToInt64(e, CultureInfo.InvariantCulture));
                        if (value is string s2 && TryInteger(s2.Trim(), out var n2)) return Number(n2);
                        return Number(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                }
            }
            catch (Exception ex) when (ex is FormatException || ex is InvalidCastException || ex is OverflowException || ex is ArgumentException)
            {
                throw new ArgumentException($"'{value}' cannot be {Description.Split('.')[0].ToLowerInvariant()} ({ValueType.Name}: {LimitText})", ex);
            }
        }

        private static TimeSpan AsTimeSpan(object value, bool offset) => value switch
        {
            TimeSpan t => t,
            TimeZoneInfo z => offset ? z.BaseUtcOffset : throw new ArgumentException("a time zone is not a duration"),
            string s when TimeSpan.TryParse(s.TrimStart('+'), CultureInfo.InvariantCulture, out var t) => s.StartsWith("-", StringComparison.Ordinal) && t > TimeSpan.Zero ? t.Negate() : t,
            _ => TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        };

        private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

        /// <summary>How a value of this field shows in messages (-WhatIf, errors): secrets masked, blank shown as (blank).</summary>
        public string Show(string? wire)
        {
            if (wire is null) return "(none)";
            if (Secrecy == CamFieldSecrecy.Secret) return wire.Length == 0 ? "(blank)" : CamSecret.Mask;
            if (Secrecy == CamFieldSecrecy.CredentialsInUrl) wire = Redactor.RedactUrl(wire);
            if (Kind == CamFieldKind.Text) return "'" + CamText.Sanitize(wire) + "'";
            var v = ToValue(wire);
            return v switch
            {
                null => wire,
                bool b => b ? "$true" : "$false",
                TimeSpan t when Conversion == CamFieldConversion.UtcOffset => "UTC" + ShowOffset(t),
                Enum e => Enum.IsDefined(ValueType, e) ? e.ToString() : wire,
                _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? wire,
            };
        }

        public override string ToString() => Name;
    }
}
