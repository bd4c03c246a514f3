using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using FoscamPS.Emulator;
using FoscamPS.Model;
using FoscamPS.Tests.Commands;
using Xunit;

namespace FoscamPS.Tests.Settings
{
    /// <summary>Seven cameras: 0 source, 1–2 copy targets, 3–5 several at once, 6 faults. Restarts (set_network, set_wifi) take 0.3 s.</summary>
    public sealed class SettingsFixture : EmulatorFixtureBase
    {
        protected override EmulatorOptions CreateOptions() => new EmulatorOptions { Count = 7, RebootTime = TimeSpan.FromMilliseconds(300) };
    }

    /// <summary>One Get-/Set- pair of the settings core: raw emulator fields, script fragments and what they must do.</summary>
    public sealed record SettingsCase(
        string Name,
        string Get,
        string Set,
        string[] Fields,
        string Change,
        Dictionary<string, string> Changed,
        Dictionary<string, string> Seed,
        string Invalid,
        string InvalidParameter,
        bool Secret = true,
        string[]? Identity = null) : ISetterCase<SettingsCase>
    {
        public static IReadOnlyList<SettingsCase> All => SettingsCases.All;

        public string Denied => "oper";

        public override string ToString() => Name;
    }

    internal static class SettingsCases
    {
        private static Dictionary<string, string> D(params string[] kv)
        {
            var d = new Dictionary<string, string>();
            for (var i = 0; i < kv.Length; i += 2) d[kv[i]] = kv[i + 1];
            return d;
        }

        private static string[] Schedule(string prefix)
            => new[] { prefix + "enable" }.Concat(CamSchedule.CameraDayNames.SelectMany(d => Enumerable.Range(0, 3).Select(w => $"{prefix}{d}_{w}"))).ToArray();

        public static readonly SettingsCase[] All =
        {
            new("Network", "Get-CamNetwork", "Set-CamNetwork", new[] { "ip", "mask", "gateway", "dns", "dhcp_vendor", "port" },
                "-IpAddress 192.0.2.50 -SubnetMask 255.255.255.0 -Gateway 192.0.2.1 -DnsServer 192.0.2.2 -DhcpVendor vend-1",
                D("ip", "192.0.2.50", "mask", "255.255.255.0", "gateway", "192.0.2.1", "dns", "192.0.2.2", "dhcp_vendor", "vend-1"),
                D("ip", "192.0.2.60", "mask", "255.255.0.0", "gateway", "192.0.2.254", "dns", "198.51.100.53", "dhcp_vendor", "site-a"),
                "-Gateway 192.0.2.300", "Gateway", Secret: false, Identity: new[] { "ip", "port" }),
            new("Wifi", "Get-CamWifi", "Set-CamWifi",
                new[] { "wifi_enable", "wifi_ssid", "wifi_encrypt", "wifi_defkey", "wifi_key1", "wifi_key2", "wifi_key3", "wifi_key4", "wifi_authtype", "wifi_keyformat",
                        "wifi_key1_bits", "wifi_key2_bits", "wifi_key3_bits", "wifi_key4_bits", "wifi_channel", "wifi_mode", "wifi_wpa_psk", "wifi_country" },
                "-Enable $true -Ssid 'Lab Net&1' -Encryption Wpa2Aes -WpaPsk $psk",
                D("wifi_enable", "1", "wifi_ssid", "Lab Net&1", "wifi_encrypt", "4", "wifi_wpa_psk", "fake-psk-1"),
                D("wifi_enable", "1", "wifi_ssid", "Site=A;B", "wifi_encrypt", "1", "wifi_defkey", "2", "wifi_key3", "fake-wep-3", "wifi_authtype", "1",
                  "wifi_keyformat", "1", "wifi_key3_bits", "1", "wifi_wpa_psk", "fake-psk-9", "wifi_country", "1", "wifi_channel", "11"),
                "-Ssid ('s' * 41)", "Ssid"),
            new("DateTime", "Get-CamDateTime", "Set-CamDateTime", new[] { "tz", "daylight_saving_time", "ntp_enable", "ntp_svr" },
                "-UtcOffset '-05:00' -DaylightSavingTime 01:00 -NtpServer pool.example.invalid",
                D("tz", "18000", "daylight_saving_time", "3600", "ntp_svr", "pool.example.invalid"),
                D("tz", "-3600", "daylight_saving_time", "3600", "ntp_enable", "0", "ntp_svr", "ntp.example.invalid"),
                "-UtcOffset 15:00", "UtcOffset", Secret: false),
            new("Alarm", "Get-CamAlarm", "Set-CamAlarm",
                new[] { "alarm_motion_armed", "alarm_motion_sensitivity", "alarm_motion_compensation", "alarm_input_armed", "alarm_ioin_level", "alarm_sounddetect_armed",
                        "alarm_sounddetect_sensitivity", "alarm_iolinkage", "alarm_preset", "alarm_ioout_level", "alarm_mail", "alarm_upload_interval", "alarm_http",
                        "alarm_msn", "alarm_http_url" }.Concat(Schedule("alarm_schedule_")).ToArray(),
                "-MotionArmed $true -MotionSensitivity 3 -Schedule 'Mon-Fri 08:00-18:00' -ScheduleEnable $true",
                D("alarm_motion_armed", "1", "alarm_motion_sensitivity", "3", "alarm_schedule_enable", "1", "alarm_schedule_mon_1", "4294967295", "alarm_schedule_mon_2", "255", "alarm_schedule_sat_1", "0"),
                D("alarm_motion_armed", "1", "alarm_sounddetect_armed", "1", "alarm_sounddetect_sensitivity", "2", "alarm_preset", "4", "alarm_http", "1",
                  "alarm_http_url", "http://hook:fake-pw-4@192.0.2.9/alarm?cam=1", "alarm_schedule_enable", "1", "alarm_schedule_tue_0", "4294967264"),
                "-MotionSensitivity 10", "MotionSensitivity"),
            new("Ftp", "Get-CamFtp", "Set-CamFtp",
                new[] { "ftp_svr", "ftp_port", "ftp_user", "ftp_pwd", "ftp_dir", "ftp_mode", "ftp_retain", "ftp_upload_interval", "ftp_filename", "ftp_numberoffiles" }
                    .Concat(Schedule("ftp_schedule_")).ToArray(),
                "-Server ftp.example.invalid -Account $acct -Mode Passive -Schedule (New-CamSchedule -Day Sunday -Start 00:00 -End 08:00)",
                D("ftp_svr", "ftp.example.invalid", "ftp_user", "svc-user", "ftp_pwd", "fake-pw-2", "ftp_mode", "1", "ftp_schedule_sun_0", "4294967295"),
                D("ftp_svr", "files.example.invalid", "ftp_port", "2121", "ftp_user", "uploader", "ftp_pwd", "fake-pw-5", "ftp_dir", "/cams/a", "ftp_upload_interval", "30",
                  "ftp_schedule_enable", "1", "ftp_schedule_wed_2", "15"),
                "-Directory ('d' * 65)", "Directory"),
            new("Mail", "Get-CamMail", "Set-CamMail",
                new[] { "mail_svr", "mail_user", "mail_pwd", "mail_sender", "mail_receiver1", "mail_receiver2", "mail_receiver3", "mail_receiver4", "mail_inet_ip", "mail_port", "mail_tls" },
                "-Server smtp.example.invalid -Port 587 -Tls StartTls -Account $acct -Sender cam@example.invalid -Receiver 'a@example.invalid','b@example.invalid'",
                D("mail_svr", "smtp.example.invalid", "mail_port", "587", "mail_tls", "2", "mail_user", "svc-user", "mail_pwd", "fake-pw-2", "mail_sender", "cam@example.invalid",
                  "mail_receiver1", "a@example.invalid", "mail_receiver2", "b@example.invalid", "mail_receiver3", ""),
                D("mail_svr", "mx.example.invalid", "mail_port", "465", "mail_tls", "1", "mail_user", "mailer", "mail_pwd", "fake-pw-6", "mail_sender", "s@example.invalid",
                  "mail_receiver1", "ops@example.invalid", "mail_receiver4", "x@example.invalid", "mail_inet_ip", "1"),
                "-Port 70000", "Port"),
            new("PrivacySchedule", "Get-CamPrivacySchedule", "Set-CamPrivacySchedule", Schedule("schedule_"),
                "-ScheduleEnable $true -Schedule 'Sat,Sun 00:00-24:00'",
                D("schedule_enable", "1", "schedule_sat_0", "4294967295", "schedule_sat_2", "4294967295", "schedule_sun_1", "4294967295", "schedule_mon_0", "0"),
                D("schedule_enable", "1", "schedule_thu_1", "65535", "schedule_fri_2", "4294901760"),
                "-Schedule 'Mon 08:10-09:00'", "Schedule", Secret: false),
        };

        public static Dictionary<string, object?> Variables(EmulatorFixtureBase cams)
        {
            var v = new Dictionary<string, object?>
            {
                ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword),
                ["oper"] = HostedPowerShell.Credential("oper", TestAccounts.OperatorPassword),
                ["acct"] = HostedPowerShell.Credential("svc-user", "fake-pw-2"),
                ["psk"] = HostedPowerShell.Credential("x", "fake-psk-1").Password,
            };
            for (var i = 0; i < cams.Host.Cameras.Count; i++) v["a" + i] = cams.Address(i);
            return v;
        }
    }

    /// <summary>
    /// The settings core's groups through the shared setter checks (<see cref="GroupSetterTestsBase{TFixture, TCase}"/>),
    /// and secrets absent from JSON without -IncludeSecret.
    /// </summary>
    public sealed class SettingsGroupTests : GroupSetterTestsBase<SettingsFixture, SettingsCase>
    {
        public SettingsGroupTests(SettingsFixture cams) : base(cams)
        {
        }

        protected override Dictionary<string, object?> Vars() => SettingsCases.Variables(Cams);

        protected override void PrepareCopyTargets(SettingsCase c)
        {
            if (c.Name != "Network") return;
            // A DHCP camera ignores mask, gateway and DNS: the copy targets have fixed addresses of their own.
            Cam(1).Update(new Dictionary<string, string> { ["ip"] = "192.0.2.61", ["mask"] = "255.255.255.0", ["gateway"] = "192.0.2.1", ["dns"] = "192.0.2.1" });
            Cam(2).Update(new Dictionary<string, string> { ["ip"] = "192.0.2.62", ["mask"] = "255.255.255.0", ["gateway"] = "192.0.2.1", ["dns"] = "192.0.2.1" });
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Get_IsTyped_CameraFirst_SecretsNeverInJsonOrCsv(string name)
        {
            var c = Case(name);
            Cam(0).Update(c.Seed);
            var r = Run($"$o = {c.Get} -Camera $a0,$a1 -Credential $cred; $o | ConvertTo-Json -Depth 5; $o | ConvertTo-Csv; $o | Format-List | Out-String");
            Assert.True(r.Errors.Count == 0, string.Join("; ", r.Errors));
            var text = string.Join("\n", r.Output);
            Assert.DoesNotContain("fake-", text);
            Assert.DoesNotContain("\"Length\"", text);
            if (c.Secret)
            {
                // With -IncludeSecret the values are inside (CamSecret, PSCredential) but never as text.
                var shown = Run($"{c.Get} -Camera $a0 -Credential $cred -IncludeSecret | ConvertTo-Json -Depth 5; {c.Get} -Camera $a0 -Credential $cred -IncludeSecret | ConvertTo-Csv");
                Assert.True(shown.Errors.Count == 0, string.Join("; ", shown.Errors));
                Assert.DoesNotContain("fake-", string.Join("\n", shown.Output));
                Assert.DoesNotContain("\"Length\"", string.Join("\n", shown.Output)); // secrets are wrapped: no length either
            }
            var first = Run($"({c.Get} -Camera $a0 -Credential $cred).PSObject.Properties | Select-Object -First 1 -ExpandProperty Name");
            Assert.Equal("Camera", Assert.Single(first.Output).BaseObject);
        }
    }
}
