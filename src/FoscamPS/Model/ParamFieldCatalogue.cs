using System;
using System.Text.RegularExpressions;

namespace FoscamPS.Model
{
    /// <summary>How a get_params field is typed and whether it is a secret: data derived from the field name rules of the spec.</summary>
    public static class ParamFieldCatalogue
    {
        private static readonly (Regex Pattern, string Group)[] Groups =
        {
            (new Regex(@"^(id|sys_ver|app_ver|alias)$"), "Device"),
            (new Regex(@"^(now|tz|daylight_saving_time|ntp_enable|ntp_svr)$"), "DateTime"),
            (new Regex(@"^user\d+_(name|pwd|pri)$"), "Users"),
            (new Regex(@"^dev\d+_"), "Devices"),
            (new Regex(@"^(ip|mask|gateway|dns|port|dhcp_vendor)$"), "Network"),
            (new Regex(@"^wifi_"), "Wifi"),
            (new Regex(@"^pppoe_"), "Pppoe"),
            (new Regex(@"^upnp_"), "Upnp"),
            (new Regex(@"^ddns_"), "Ddns"),
            (new Regex(@"^mail_"), "Mail"),
            (new Regex(@"^ftp_"), "Ftp"),
            (new Regex(@"^alarm_"), "Alarm"),
            (new Regex(@"^msn_"), "Msn"),
            (new Regex(@"^decoder_"), "Decoder"),
        };

        private static readonly Regex Secret = new Regex(@"(_pwd$|^wifi_key[1-4]$|^wifi_wpa_psk$)", RegexOptions.CultureInvariant);
        private static readonly Regex Schedule = new Regex(@"_schedule_(sun|mon|tue|wed|thu|fri|sat)_[0-2]$", RegexOptions.CultureInvariant);

        /// <summary>Settings group of a get_params field ("Other" for fields the spec does not list).</summary>
        public static string GroupOf(string field)
        {
            foreach (var (pattern, group) in Groups)
            {
                if (pattern.IsMatch(field)) return group;
            }
            return "Other";
        }

        /// <summary>True when the field holds a password or key (masked unless the user asks).</summary>
        public static bool IsSecret(string field) => Secret.IsMatch(field);

        /// <summary>True for the unsigned 32-bit schedule words.</summary>
        public static bool IsScheduleWord(string field) => Schedule.IsMatch(field);

        /// <summary>Converts a reply value to the natural .NET type: UInt32 for schedule words, Int64/Int32 for numbers, else string.</summary>
        public static object? Convert(string field, Protocol.CamValue? value)
        {
            if (value is null) return null;
            if (value.Quoted) return value.Text;
            var text = value.Text;
            if (IsScheduleWord(field))
            {
                if (uint.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var u)) return u;
                if (text == "-1") return uint.MaxValue;
            }
            if (int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var i)) return i;
            if (long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var l)) return l;
            return text;
        }
    }
}
