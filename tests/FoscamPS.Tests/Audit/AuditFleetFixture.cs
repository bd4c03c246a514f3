using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using FoscamPS.Emulator;
using Xunit;

namespace FoscamPS.Tests.Audit
{
    /// <summary>
    /// Seven emulated cameras seeded with known misconfigurations (camera-facts "Security facts"): camera 0 passes
    /// everything, cameras 1–5 each fail a known set of checks, camera 6 is reached with a wrong recorded id. Every
    /// secret holds the canary <see cref="Canary"/>.
    /// </summary>
    public sealed class AuditFleetFixture : IAsyncLifetime
    {
        public const string Canary = "fake-pw-9";
        public const string WrongId = "0000DEADBEEF";

        public EmulatorHost Host { get; private set; } = null!;

        /// <summary>Password of user "ops" (administrator) on each camera.</summary>
        public static readonly string[] Passwords = { Canary, Canary + "c1", "12345678", Canary + "rs", Canary + "rs", Canary + "c5", Canary + "c6" };

        public string Address(int i) => $"127.0.0.1:{Host.Cameras[i].Port}";

        /// <summary>The exact set of (camera, check) that fail.</summary>
        public static readonly (int Camera, string Check)[] ExpectedFails =
        {
            (1, "BlankPassword"), (1, "DefaultAdminName"), (1, "UnknownAdministrator"),
            (2, "WeakPassword"), (2, "UpnpEnabled"), (2, "PppoeDialOut"), (2, "MailPublicIp"), (2, "WifiWeak"),
            (3, "FirmwareVulnerable"), (3, "WebUiDrift"), (3, "VendorDdns"), (3, "NtpDisabled"), (3, "ClockSkew"), (3, "AnonymousStatus"), (3, "ReusedPassword"),
            (4, "ReusedPassword"), (4, "FtpCredentialsInClear"), (4, "MailCredentialsInClear"), (4, "ServerOutsideAllowedDomain"),
            (4, "AlarmCallbackInsecure"), (4, "StaleMsnCredentials"), (4, "DeviceCredentials"),
            (5, "CloneFirmware"), (5, "AnonymousStatus"), (5, "UnsafeText"),
            (6, "CameraIdMismatch"),
        };

        public async Task InitializeAsync()
        {
            Host = await EmulatorHost.StartAsync(new EmulatorOptions { Count = 7 });
            for (var i = 0; i < Host.Cameras.Count; i++)
            {
                var s = new Dictionary<string, string>
                {
                    ["user1_name"] = "ops", ["user1_pwd"] = Passwords[i], ["user1_pri"] = "2",
                    ["sys_ver"] = "11.37.2.56", ["factory_ddns_service"] = "0",
                };
                for (var u = 2; u <= 8; u++)
                {
                    s[$"user{u}_name"] = "";
                    s[$"user{u}_pwd"] = "";
                    s[$"user{u}_pri"] = "0";
                }
                switch (i)
                {
                    case 1:
                        s["user2_name"] = "viewer"; s["user2_pwd"] = ""; s["user2_pri"] = "0";
                        s["user3_name"] = "admin"; s["user3_pwd"] = Canary + "ad"; s["user3_pri"] = "2";
                        break;
                    case 2:
                        s["upnp_enable"] = "1";
                        s["pppoe_enable"] = "1"; s["pppoe_user"] = "isp"; s["pppoe_pwd"] = Canary + "pp";
                        s["mail_inet_ip"] = "1";
                        s["wifi_enable"] = "1"; s["wifi_ssid"] = "lab"; s["wifi_encrypt"] = "0"; s["wifi_wpa_psk"] = Canary + "wf";
                        break;
                    case 3:
                        s["sys_ver"] = "11.37.2.49";
                        s["app_ver"] = "2.0.10.3";
                        s["factory_ddns_service"] = "13";
                        s["ntp_enable"] = "0";
                        s["now"] = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600).ToString(System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case 4:
                        s["ftp_svr"] = "ftp.example.com"; s["ftp_user"] = "cam"; s["ftp_pwd"] = Canary + "ftp";
                        s["mail_svr"] = "smtp.evil.test"; s["mail_user"] = "cam"; s["mail_pwd"] = Canary + "ml"; s["mail_tls"] = "0";
                        s["alarm_http_url"] = "http://hook.example.com/a?pwd=" + Canary + "al";
                        s["msn_user"] = "cam@example.com"; s["msn_pwd"] = Canary + "ms";
                        s["dev2_alias"] = "door"; s["dev2_host"] = "10.0.0.5"; s["dev2_port"] = "80"; s["dev2_user"] = "admin"; s["dev2_pwd"] = Canary + "dv";
                        // a safe configuration of the same groups on other cameras must pass: camera 0 keeps wifi with WPA2
                        break;
                    case 5:
                        s["sys_ver"] = EmulatedCamera.CloneSysVer;
                        s["alias"] = "<b>yard</b>";
                        break;
                }
                Host.Cameras[i].Update(s);
                if (i == 5) Host.Cameras[i].Profile = FirmwareProfile.Clone;
            }
            // passing twins of the failing settings on camera 0: WPA2 with a long key, SMTP with TLS inside the allowed domain, https callback
            Host.Cameras[0].Update(new Dictionary<string, string>
            {
                ["wifi_enable"] = "1", ["wifi_ssid"] = "office", ["wifi_encrypt"] = "4", ["wifi_wpa_psk"] = Canary + "-long-psk",
                ["mail_svr"] = "smtp.example.com", ["mail_user"] = "cam", ["mail_pwd"] = Canary + "m0", ["mail_tls"] = "1",
                ["alarm_http_url"] = "https://hook.example.com/alarm",
            });
        }

        public async Task DisposeAsync()
        {
            if (Host is not null) await Host.DisposeAsync();
        }
    }
}
