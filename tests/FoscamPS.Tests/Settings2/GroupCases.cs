using System.Collections.Generic;
using System.Linq;
using FoscamPS.Tests.Commands;

namespace FoscamPS.Tests.Settings2
{
    /// <summary>The settings groups of this area as test data (raw emulator field names, script fragments).</summary>
    internal static class GroupCases
    {
        private static Dictionary<string, string> D(params string[] kv)
        {
            var d = new Dictionary<string, string>();
            for (var i = 0; i < kv.Length; i += 2) d[kv[i]] = kv[i + 1];
            return d;
        }

        private static string[] Ddns(string p) => new[] { "service", "user", "pwd", "host", "proxy_svr", "proxy_port" }.Select(f => p + f).ToArray();

        private static readonly string[] MiscFields =
        {
            "led_mode", "ptz_center_onstart", "ptz_auto_patrol_interval", "ptz_auto_patrol_type", "ptz_patrol_h_rounds", "ptz_patrol_v_rounds",
            "ptz_patrol_rate", "ptz_patrol_up_rate", "ptz_patrol_down_rate", "ptz_patrol_left_rate", "ptz_patrol_right_rate", "ptz_disable_preset", "ptz_preset_onstart",
        };

        public static readonly GroupCase[] All =
        {
            new("Pppoe", "Get-CamPppoe", "Set-CamPppoe", new[] { "pppoe_enable", "pppoe_user", "pppoe_pwd" },
                "-Enable $true -Account $acct", D("pppoe_enable", "1", "pppoe_user", "svc-user", "pppoe_pwd", "fake-pw-2"),
                D("pppoe_enable", "1", "pppoe_user", "dsl-user@isp", "pppoe_pwd", "fake-pw-5"),
                "-Account $longAcct", "Account"),
            new("Upnp", "Get-CamUpnp", "Set-CamUpnp", new[] { "upnp_enable" },
                "-Enable $true", D("upnp_enable", "1"), D("upnp_enable", "1"),
                "-Enable 'maybe'", "Enable", Secret: false),
            new("Ddns", "Get-CamDdns", "Set-CamDdns", Ddns("ddns_"),
                "-Service DynDns -Account $acct -HostName cam.example.invalid -ProxyServer '' -ProxyPort 0",
                D("ddns_service", "2", "ddns_user", "svc-user", "ddns_pwd", "fake-pw-2", "ddns_host", "cam.example.invalid", "ddns_proxy_svr", "", "ddns_proxy_port", "0"),
                D("ddns_service", "13", "ddns_user", "dd-user", "ddns_pwd", "fake-pw-6", "ddns_host", "x.example.invalid", "ddns_proxy_svr", "http://up.example.invalid/nic/update?a=1&b=2", "ddns_proxy_port", "8080"),
                "-ProxyPort 70000", "ProxyPort"),
            new("FactoryDdns", "Get-CamFactoryDdns", "Set-CamFactoryDdns", Ddns("factory_ddns_"),
                "-Service MintDns -Account $acct -HostName f.example.invalid",
                D("factory_ddns_service", "13", "factory_ddns_user", "svc-user", "factory_ddns_pwd", "fake-pw-2", "factory_ddns_host", "f.example.invalid"),
                D("factory_ddns_service", "14", "factory_ddns_user", "fd-user", "factory_ddns_pwd", "fake-pw-7", "factory_ddns_host", "y.example.invalid", "factory_ddns_proxy_svr", "http://9299.example.invalid/u.asp", "factory_ddns_proxy_port", "3"),
                "-HostName ('h' * 65)", "HostName"),
            new("Msn", "Get-CamMsn", "Set-CamMsn", new[] { "msn_user", "msn_pwd" }.Concat(Enumerable.Range(1, 10).Select(i => "msn_friend" + i)).ToArray(),
                "-Account $acct -Friend 'a@example.invalid','b@example.invalid'",
                D("msn_user", "svc-user", "msn_pwd", "fake-pw-2", "msn_friend1", "a@example.invalid", "msn_friend2", "b@example.invalid", "msn_friend3", ""),
                D("msn_user", "m@example.invalid", "msn_pwd", "fake-pw-8", "msn_friend1", "f1@example.invalid", "msn_friend3", "f3@example.invalid"),
                "-Friend (1..11 | ForEach-Object { \"f$_\" })", "Friend"),
            new("DeviceLink", "Get-CamDeviceLink", "Set-CamDeviceLink",
                Enumerable.Range(2, 8).SelectMany(d => new[] { "alias", "host", "port", "user", "pwd" }.Select(f => $"dev{d}_{f}")).ToArray(),
                "-Index 3 -Alias Yard -HostName 192.0.2.33 -Port 81 -Account $dev",
                D("dev3_alias", "Yard", "dev3_host", "192.0.2.33", "dev3_port", "81", "dev3_user", "viewer", "dev3_pwd", "fake-pw-3"),
                D("dev2_alias", "Gate", "dev2_host", "192.0.2.20", "dev2_port", "80", "dev2_user", "admin", "dev2_pwd", "fake-pw-9",
                  "dev5_alias", "Dock", "dev5_host", "cam5.example.invalid", "dev5_port", "8080", "dev5_user", "v", "dev5_pwd", ""),
                "-Index 3 -Alias ('x' * 21)", "Alias"),
            new("Misc", "Get-CamMisc", "Set-CamMisc", MiscFields,
                "-LedMode Off -PtzAutoPatrolType Horizontal -PtzPatrolRate 55",
                D("led_mode", "2", "ptz_auto_patrol_type", "1", "ptz_patrol_rate", "55"),
                D("led_mode", "1", "ptz_center_onstart", "0", "ptz_auto_patrol_interval", "30", "ptz_auto_patrol_type", "3", "ptz_patrol_h_rounds", "2",
                  "ptz_patrol_v_rounds", "4", "ptz_patrol_rate", "7", "ptz_patrol_up_rate", "20", "ptz_disable_preset", "1", "ptz_preset_onstart", "5"),
                "-PtzPatrolRate 101", "PtzPatrolRate", Secret: false),
            new("ImageSetting", "Get-CamImageSetting", "Set-CamImageSetting", new[] { "resolution", "brightness", "contrast", "mode", "flip" },
                "-Brightness 200 -Flip 'Flip,Mirror' -Mode Outdoor", D("brightness", "200", "flip", "3", "mode", "2"),
                D("resolution", "8", "brightness", "50", "contrast", "2", "mode", "1", "flip", "1"),
                "-Contrast 7", "Contrast", Denied: "guest", Secret: false),
            new("Decoder", "Get-CamDecoder", "Set-CamDecoder", new[] { "decoder_baud" },
                "-Baud B9600", D("decoder_baud", "13"), D("decoder_baud", "4098"),
                "-Baud 99", "Baud", Secret: false),
        };

        public static Dictionary<string, object?> Variables(EmulatorFixtureBase cams)
        {
            var v = new Dictionary<string, object?>
            {
                ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword),
                ["oper"] = HostedPowerShell.Credential("oper", TestAccounts.OperatorPassword),
                ["guest"] = HostedPowerShell.Credential("guest", TestAccounts.VisitorPassword),
                ["acct"] = HostedPowerShell.Credential("svc-user", "fake-pw-2"),
                ["dev"] = HostedPowerShell.Credential("viewer", "fake-pw-3"),
                ["longAcct"] = HostedPowerShell.Credential(new string('u', 65), "fake-pw-4"),
            };
            for (var i = 0; i < cams.Host.Cameras.Count; i++) v["a" + i] = cams.Address(i);
            return v;
        }
    }
}
