using System;
using System.Collections.Generic;
using System.Globalization;
using FoscamPS.Protocol;

namespace FoscamPS.Model
{
    /// <summary>ddns_status of get_status.cgi (spec v1.21, every range). <see cref="CamCodes.Describe(CamDdnsStatus)"/> gives the spec's text.</summary>
    public enum CamDdnsStatus
    {
        NoAction = 0,
        Connecting = 1,
        CannotConnect = 2,
        DynDnsSucceeded = 3,
        DynDnsSystemError = 4,
        DynDnsBadCredentials = 5,
        DynDnsNeedCreditedUser = 6,
        DynDnsIllegalHost = 7,
        DynDnsHostNotFound = 8,
        DynDnsHostNotYours = 9,
        DynDnsHostCount = 10,
        DynDnsHostBlocked = 11,
        DynDnsServerError = 12,
        DynDnsBadReply = 13,
        OrayBadReply = 14,
        OrayBadCredentials = 15,
        OrayBadHost = 16,
        OraySucceeded = 17,
        Dns3322Succeeded = 29,
        Dns3322SystemError = 30,
        Dns3322BadCredentials = 31,
        Dns3322NeedCreditedUser = 32,
        Dns3322IllegalHost = 33,
        Dns3322HostNotFound = 34,
        Dns3322HostNotYours = 35,
        Dns3322HostCount = 36,
        Dns3322HostBlocked = 37,
        Dns3322ServerError = 38,
        Dns3322BadReply = 39,
        MintDnsSucceeded = 100,
        MintDnsUnknownError = 101,
        MintDnsSystemError = 102,
        MintDnsBadCredentials = 103,
        MintDnsNeedCreditedUser = 104,
        MintDnsHostNotFound = 105,
        MintDnsServerError = 106,
        Dns9299Succeeded = 200,
        Dns9299UnknownError = 201,
        Dns9299HostExpired = 202,
        Dns9299HostNotActivated = 203,
        Dns9299BadCredentials = 204,
        Dns9299FirstLevelHostNotFound = 205,
        EasyNetSucceeded = 300,
        EasyNetNoPermission = 301,
        EasyNetAccountNotFound = 302,
        EasyNetAccountExpired = 303,
        EasyNetAccountProhibited = 304,
        EasyNetParamError = 305,
        EasyNetUnknownError = 306,
    }

    /// <summary>msn_status of get_status.cgi.</summary>
    public enum CamMsnStatus
    {
        TlsFailed = -4,
        ServerChatError = -3,
        CannotConnect = -2,
        InnerSystemError = -1,
        NoAction = 0,
        Succeeded = 1,
    }

    /// <summary>oray_type of get_status.cgi.</summary>
    public enum CamOrayType
    {
        Standard = 0,
        Professional = 1,
    }

    /// <summary>wifi_encrypt of get_params.cgi / set_wifi.cgi encrypt.</summary>
    public enum CamWifiEncryption
    {
        None = 0,
        Wep = 1,
        WpaTkip = 2,
        WpaAes = 3,
        Wpa2Aes = 4,
        Wpa2TkipAes = 5,
    }

    /// <summary>wifi_authtype: WEP authentication.</summary>
    public enum CamWepAuthType
    {
        Open = 0,
        Shared = 1,
    }

    /// <summary>wifi_keyformat: WEP key format.</summary>
    public enum CamWepKeyFormat
    {
        Hex = 0,
        Ascii = 1,
    }

    /// <summary>wifi_keyN_bits: WEP key length.</summary>
    public enum CamWepKeyBits
    {
        Bits64 = 0,
        Bits128 = 1,
    }

    /// <summary>wifi_country: the channel plan.</summary>
    public enum CamWifiCountry
    {
        /// <summary>North America, channels 1–11.</summary>
        NorthAmerica = 0,
        /// <summary>Europe and most of the world, channels 1–13.</summary>
        Europe = 1,
        /// <summary>Channels 10–11.</summary>
        Channels10To11 = 2,
        /// <summary>Channels 10–13.</summary>
        Channels10To13 = 3,
        /// <summary>Channel 14 only.</summary>
        Channel14 = 4,
        /// <summary>Japan, channels 1–14.</summary>
        Japan = 5,
        /// <summary>Channels 3–9.</summary>
        Channels3To9 = 6,
        /// <summary>Channels 5–13.</summary>
        Channels5To13 = 7,
    }

    /// <summary>mail_tls / set_mail.cgi tls.</summary>
    public enum CamMailTls
    {
        None = 0,
        Tls = 1,
        StartTls = 2,
    }

    /// <summary>ftp_mode / set_ftp.cgi mode.</summary>
    public enum CamFtpMode
    {
        /// <summary>Active (PORT) mode.</summary>
        Port = 0,
        /// <summary>Passive (PASV) mode.</summary>
        Passive = 1,
    }

    /// <summary>
    /// The privilege scales of the firmware, mapped in one place: get_params <c>userN_pri</c> / set_users <c>priN</c>
    /// count 0 visitor, 1 operator, 2 administrator; check_user.cgi <c>pri</c> counts 1 visitor, 2 operator, 3
    /// administrator. The module uses one enum, <see cref="CamPrivilege"/> (the check_user scale).
    /// </summary>
    public static class CamPrivilegeScale
    {
        /// <summary>userN_pri (0–2) → privilege; other values Unknown.</summary>
        public static CamPrivilege FromParams(long? pri) => pri is >= 0 and <= 2 ? (CamPrivilege)(int)(pri.Value + 1) : CamPrivilege.Unknown;

        /// <summary>check_user pri (1–3) → privilege; other values Unknown.</summary>
        public static CamPrivilege FromCheckUser(long? pri) => pri is >= 1 and <= 3 ? (CamPrivilege)(int)pri.Value : CamPrivilege.Unknown;

        /// <summary>Privilege → userN_pri / priN (Unknown → 0, visitor).</summary>
        public static int ToParams(CamPrivilege privilege) => privilege is CamPrivilege.Visitor or CamPrivilege.Operator or CamPrivilege.Administrator ? (int)privilege - 1 : 0;
    }

    /// <summary>Texts and conversions of the spec's code tables (one place).</summary>
    public static class CamCodes
    {
        private static readonly Dictionary<int, string> DdnsTexts = new Dictionary<int, string>
        {
            [0] = "no action",
            [1] = "connecting",
            [2] = "cannot connect to the server",
            [3] = "DynDNS succeeded",
            [4] = "DynDNS failed: system error",
            [5] = "DynDNS failed: incorrect user name or password",
            [6] = "DynDNS failed: needs a credited user",
            [7] = "DynDNS failed: illegal host format",
            [8] = "DynDNS failed: the host does not exist",
            [9] = "DynDNS failed: the host does not belong to you",
            [10] = "DynDNS failed: too many or too few hosts",
            [11] = "DynDNS failed: the host is blocked for abuse",
            [12] = "DynDNS failed: server error",
            [13] = "DynDNS failed: bad reply from the server",
            [14] = "Oray failed: bad reply from the server",
            [15] = "Oray failed: incorrect user name or password",
            [16] = "Oray failed: incorrect host",
            [17] = "Oray succeeded",
            [29] = "3322 succeeded",
            [30] = "3322 failed: system error",
            [31] = "3322 failed: incorrect user name or password",
            [32] = "3322 failed: needs a credited user",
            [33] = "3322 failed: illegal host format",
            [34] = "3322 failed: the host does not exist",
            [35] = "3322 failed: the host does not belong to you",
            [36] = "3322 failed: too many or too few hosts",
            [37] = "3322 failed: the host is blocked for abuse",
            [38] = "3322 failed: server error",
            [39] = "3322 failed: bad reply from the server",
            [100] = "MintDNS succeeded",
            [101] = "MintDNS failed: unknown error",
            [102] = "MintDNS failed: system error",
            [103] = "MintDNS failed: incorrect user name or password",
            [104] = "MintDNS failed: needs a credited user",
            [105] = "MintDNS failed: the host does not exist",
            [106] = "MintDNS failed: server error",
            [200] = "9299 succeeded",
            [201] = "9299 failed: unknown error",
            [202] = "9299 failed: second-level host expired",
            [203] = "9299 failed: second-level host not activated",
            [204] = "9299 failed: second-level host information error (incorrect user name or password)",
            [205] = "9299 failed: first-level host does not exist",
            [300] = "EasyNet succeeded",
            [301] = "EasyNet failed: no permission",
            [302] = "EasyNet failed: account does not exist",
            [303] = "EasyNet failed: account expired",
            [304] = "EasyNet failed: account prohibited",
            [305] = "EasyNet failed: parameter error",
            [306] = "EasyNet failed: unknown error",
        };

        private static readonly Dictionary<int, string> MsnTexts = new Dictionary<int, string>
        {
            [0] = "no action",
            [1] = "succeeded",
            [-1] = "inner system error",
            [-2] = "cannot connect to the server",
            [-3] = "error in the exchange with the server",
            [-4] = "TLS exchange failed",
        };

        private static readonly Dictionary<int, string> UpnpTexts = new Dictionary<int, string>
        {
            [0] = "no action",
            [1] = "succeeded",
            [2] = "device system error",
            [3] = "network communication error",
            [4] = "error in the exchange with the UPnP device",
            [5] = "rejected by the UPnP device (port conflict?)",
        };

        /// <summary>The spec's text of a ddns_status code; reserved ranges (18–28, 40–42) and unknown codes say so with the number.</summary>
        public static string Describe(CamDdnsStatus status)
        {
            var code = (int)status;
            if (DdnsTexts.TryGetValue(code, out var text)) return text;
            if ((code >= 18 && code <= 28) || (code >= 40 && code <= 42)) return Invariant($"reserved code {code}");
            return Invariant($"unknown code {code}");
        }

        /// <summary>The spec's text of an msn_status code.</summary>
        public static string Describe(CamMsnStatus status)
            => MsnTexts.TryGetValue((int)status, out var t) ? t : Invariant($"unknown code {(int)status}");

        /// <summary>The spec's text of an upnp_status code.</summary>
        public static string Describe(CamUpnpStatus status)
            => UpnpTexts.TryGetValue((int)status, out var t) ? t : Invariant($"unknown code {(int)status}");

        /// <summary>
        /// A camera's <c>tz</c> (seconds WEST of UTC: EST = 18000) as a usual UTC offset (EST = -05:00). Values beyond
        /// ±14 h are clamped to nothing (null) rather than throwing.
        /// </summary>
        public static TimeSpan? OffsetFromTz(long? tz)
            => tz is { } s && Math.Abs(s) <= 14 * 3600 ? TimeSpan.FromSeconds(-s) : (TimeSpan?)null;

        /// <summary>A usual UTC offset as the camera's <c>tz</c> (seconds west of UTC).</summary>
        public static int TzFromOffset(TimeSpan offset) => -(int)Math.Round(offset.TotalSeconds);

        /// <summary>Parses an enum value that may be undefined (never throws): the number is kept, so unknown codes stay visible.</summary>
        public static object ToEnum(Type enumType, long value) => Enum.ToObject(enumType, value);

        private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
    }
}
