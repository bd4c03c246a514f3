using System;
using System.Collections.Generic;
using System.Globalization;
using FoscamPS.Protocol;

namespace FoscamPS.Model
{
    /// <summary>ap_security of get_wifi_scan_result.cgi (its own table: 5 is WPA2-PSK TKIP, 6 "not supported").</summary>
    public enum CamWifiScanSecurity
    {
        None = 0,
        Wep = 1,
        WpaPskTkip = 2,
        WpaPskAes = 3,
        Wpa2PskAes = 4,
        Wpa2PskTkip = 5,
        /// <summary>The camera cannot join networks with this security mode.</summary>
        NotSupported = 6,
    }

    /// <summary>ap_mode of get_wifi_scan_result.cgi.</summary>
    public enum CamWifiNetworkMode
    {
        Infrastructure = 0,
        /// <summary>Ad-hoc (the camera lists it but cannot join it).</summary>
        AdHoc = 1,
    }

    /// <summary>One network seen by the camera's last Wi-Fi scan (get_wifi_scan_result.cgi).</summary>
    public sealed class CamWifiNetwork : CamTextObject
    {
        public ICamera Camera { get; internal set; } = null!;
        /// <summary>Position in the camera's scan list.</summary>
        public int Index { get; internal set; }
        /// <summary>Network name (binds to Set-CamWifi -Ssid).</summary>
        private string _ssid = "";
        /// <summary>(Control characters shown visibly; GetRawText("Ssid") has the camera's text.)</summary>
        public string Ssid { get => _ssid; internal set => _ssid = SetText(nameof(Ssid), value) ?? ""; }
        /// <summary>MAC address of the access point, 12 hex digits as the camera reports it.</summary>
        private string _bssid = "";
        public string Bssid { get => _bssid; internal set => _bssid = SetText(nameof(Bssid), value) ?? ""; }
        /// <summary>Security mode; unknown codes stay visible as numbers.</summary>
        public CamWifiScanSecurity Security { get; internal set; }
        public CamWifiNetworkMode Mode { get; internal set; }
        /// <summary>True when the camera can join it (infrastructure mode, a supported security mode).</summary>
        public bool CanJoin => Mode == CamWifiNetworkMode.Infrastructure && Enum.IsDefined(typeof(CamWifiScanSecurity), Security) && Security != CamWifiScanSecurity.NotSupported;
        /// <summary>Per-network fields the spec does not list (some firmware adds e.g. signal or channel arrays), by array name without the ap_ prefix.</summary>
        public IDictionary<string, string> Extra { get; internal set; } = new Dictionary<string, string>(StringComparer.Ordinal);

        private static readonly string[] Known = { "ap_bssid", "ap_ssid", "ap_mode", "ap_security" };

        /// <summary>Parses a get_wifi_scan_result.cgi reply: one network per index below ap_number (or per array element when it is missing).</summary>
        internal static List<CamWifiNetwork> Parse(ICamera camera, CamVars vars)
        {
            var ssid = vars.GetArray("ap_ssid");
            var bssid = vars.GetArray("ap_bssid");
            var mode = vars.GetArray("ap_mode");
            var security = vars.GetArray("ap_security");
            var count = vars.GetInt32("ap_number") ?? Math.Max(Math.Max(ssid.Count, bssid.Count), Math.Max(mode.Count, security.Count));
            count = Math.Max(0, Math.Min(count, Math.Max(ssid.Count, bssid.Count)));
            var others = new List<string>();
            foreach (var name in vars.ArrayNames)
            {
                if (name.StartsWith("ap_", StringComparison.Ordinal) && Array.IndexOf(Known, name) < 0) others.Add(name);
            }
            var result = new List<CamWifiNetwork>(count);
            for (var i = 0; i < count; i++)
            {
                var n = new CamWifiNetwork
                {
                    Camera = camera,
                    Index = i,
                    Ssid = At(ssid, i),
                    Bssid = At(bssid, i),
                    Security = (CamWifiScanSecurity)ToInt(At(security, i)),
                    Mode = (CamWifiNetworkMode)ToInt(At(mode, i)),
                };
                foreach (var name in others)
                {
                    var values = vars.GetArray(name);
                    if (i < values.Count) n.Extra[name.Substring(3)] = values[i].Text;
                }
                result.Add(n);
            }
            return result;
        }

        private static string At(IReadOnlyList<CamValue> values, int i) => i < values.Count ? values[i].Text : "";

        private static int ToInt(string text)
            => int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : -1;
    }
}
