using System;
using System.Globalization;
using System.Text;

namespace FoscamPS.Model
{
    /// <summary>MAC addresses as the camera uses them: its id is the MAC as 12 upper-case hex digits.</summary>
    public static class CamMac
    {
        /// <summary>
        /// Parses <c>00:11:22:33:44:55</c>, <c>00-11-22-33-44-55</c>, <c>0011.2233.4455</c> or <c>001122334455</c> into
        /// 12 upper-case hex digits, and checks that it can be a camera's own address: unicast (the lowest bit of the
        /// first octet clear), not all zeros. Returns null and the reason otherwise. Never throws.
        /// </summary>
        public static string? TryNormalize(string? text, out string? error)
        {
            error = null;
            if (string.IsNullOrWhiteSpace(text))
            {
                error = "The MAC address is empty.";
                return null;
            }
            var trimmed = text!.Trim();
            var sb = new StringBuilder(12);
            foreach (var c in trimmed)
            {
                if (Uri.IsHexDigit(c)) sb.Append(char.ToUpperInvariant(c));
                else if (c != ':' && c != '-' && c != '.')
                {
                    error = $"'{trimmed}' is not a MAC address: '{c}' is neither a hex digit nor a separator (: - .).";
                    return null;
                }
            }
            if (sb.Length != 12)
            {
                error = $"'{trimmed}' is not a MAC address: it has {sb.Length} hex digits, a MAC has 12 (six octets).";
                return null;
            }
            var mac = sb.ToString();
            if (!IsWellFormedSeparated(trimmed))
            {
                error = $"'{trimmed}' is not a MAC address: write it as 00:11:22:33:44:55, 00-11-22-33-44-55, 0011.2233.4455 or 001122334455.";
                return null;
            }
            var first = byte.Parse(mac.Substring(0, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if ((first & 1) != 0)
            {
                error = $"{Format(mac)} is a multicast or broadcast address (the lowest bit of the first octet is set); a camera needs a unicast MAC.";
                return null;
            }
            if (mac == "000000000000")
            {
                error = "00:00:00:00:00:00 is not a usable MAC address.";
                return null;
            }
            return mac;
        }

        /// <summary>True when the MAC is locally administered (second-lowest bit of the first octet set).</summary>
        public static bool IsLocallyAdministered(string mac)
            => mac is { Length: 12 } && (byte.Parse(mac.Substring(0, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 2) != 0;

        /// <summary>12 hex digits as 00:11:22:33:44:55.</summary>
        public static string Format(string mac)
        {
            if (mac is null || mac.Length != 12) return mac ?? "";
            var sb = new StringBuilder(17);
            for (var i = 0; i < 12; i += 2)
            {
                if (i > 0) sb.Append(':');
                sb.Append(mac, i, 2);
            }
            return sb.ToString();
        }

        private static bool IsWellFormedSeparated(string s)
        {
            if (s.Length == 12) return true;
            if (s.Length == 17)
            {
                var sep = s[2];
                if (sep != ':' && sep != '-') return false;
                for (var i = 2; i < 17; i += 3) if (s[i] != sep) return false;
                return true;
            }
            return s.Length == 14 && s[4] == '.' && s[9] == '.';
        }
    }
}
