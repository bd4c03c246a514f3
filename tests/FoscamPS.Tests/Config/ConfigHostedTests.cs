using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using FoscamPS.Emulator;
using FoscamPS.Model;
using FoscamPS.Tests.Commands;
using Xunit;

namespace FoscamPS.Tests.Config
{
    /// <summary>Four cameras of our own: configuration tests rewrite many groups.</summary>
    public sealed class ConfigCamerasFixture : EmulatorFixtureBase
    {
        protected override EmulatorOptions CreateOptions() => new EmulatorOptions { Count = 4, RebootTime = TimeSpan.FromMilliseconds(300) };
    }

    /// <summary>
    /// Export-CamConfig, Compare-CamConfig and Set-CamConfig in-process against emulated cameras: round trip, baseline
    /// with overrides, -WhatIf, idempotence, a camera failing half-way, secrets never in files or drift output.
    /// </summary>
    public sealed class ConfigHostedTests : IClassFixture<ConfigCamerasFixture>, IDisposable
    {
        private const string Canary = "fake-pw-1";
        private readonly ConfigCamerasFixture _cams;
        private readonly HostedPowerShell _ps = new HostedPowerShell();
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "foscamps-config-" + Guid.NewGuid().ToString("N"));

        public ConfigHostedTests(ConfigCamerasFixture cams)
        {
            _cams = cams;
            foreach (var c in cams.Host.Cameras)
            {
                c.Fault = FaultMode.None;
                c.FaultCgi = null;
            }
            // A known common state: every test starts from the same settings on every camera.
            foreach (var c in cams.Host.Cameras) c.Update(Common);
        }

        private static readonly Dictionary<string, string> Common = new Dictionary<string, string>
        {
            ["alarm_motion_armed"] = "1", ["alarm_motion_sensitivity"] = "5", ["alarm_upload_interval"] = "3",
            ["ftp_svr"] = "ftp.example.test", ["ftp_port"] = "21", ["ftp_user"] = "cam", ["ftp_pwd"] = Canary,
            ["mail_svr"] = "smtp.example.test", ["mail_sender"] = "cam@example.test", ["mail_pwd"] = Canary,
            ["ntp_svr"] = "time.example.test", ["wifi_wpa_psk"] = Canary, ["upnp_enable"] = "0",
        };

        public void Dispose()
        {
            _ps.Dispose();
            if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
        }

        private EmulatedCamera Cam(int i) => _cams.Host.Cameras[i];

        private HostedResult Run(string script, Dictionary<string, object?>? extra = null)
        {
            var v = new Dictionary<string, object?>
            {
                ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword),
                ["dir"] = _dir,
            };
            for (var i = 0; i < _cams.Host.Cameras.Count; i++) v["a" + i] = _cams.Address(i);
            if (extra is not null) foreach (var kv in extra) v[kv.Key] = kv.Value;
            return _ps.Run(script, v);
        }

        private static Dictionary<string, string> State(EmulatedCamera c)
            => c.Snapshot().Where(kv => kv.Key != "now").ToDictionary(kv => kv.Key, kv => kv.Value);

        private string ExportOne(int cam)
        {
            var r = Run($"Export-CamConfig -Camera $a{cam} -Credential $cred -Path $dir -Force");
            Assert.Empty(r.Errors);
            var export = Assert.IsType<CamConfigExport>(Assert.Single(r.Output).BaseObject);
            return export.Path;
        }

        [Fact]
        public void Export_IsStableJson_WithoutSecretsOrIdentity_OwnerOnly()
        {
            Cam(0).Update(new Dictionary<string, string> { ["alarm_http_url"] = "http://user:" + Canary + "@hook.example.test/x" });
            var path = ExportOne(0);
            var text = File.ReadAllText(path);
            Assert.DoesNotContain(Canary, text);
            Assert.Contains("\"ftp_svr\": \"ftp.example.test\"", text);
            Assert.DoesNotContain("\"ftp_pwd\"", text);
            Assert.DoesNotContain("\"wifi_wpa_psk\"", text);
            Assert.DoesNotContain("\"now\"", text);
            Assert.DoesNotContain("\"ip\"", text);
            Assert.DoesNotContain("\"port\":", text);
            Assert.Contains("secrets left out", text);
            Assert.Contains(Cam(0).Id, Path.GetFileName(path));
            // Stable order: groups in the table's order, fields in table order.
            Assert.True(text.IndexOf("\"Wifi\"", StringComparison.Ordinal) < text.IndexOf("\"Ftp\"", StringComparison.Ordinal));
            Assert.True(text.IndexOf("\"ftp_svr\"", StringComparison.Ordinal) < text.IndexOf("\"ftp_port\"", StringComparison.Ordinal));
            var again = File.ReadAllText(ExportOne(0));
            Assert.Equal(Strip(text), Strip(again));
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Cam(0).Update(new Dictionary<string, string> { ["alarm_http_url"] = "" });
        }

        private static string Strip(string json) => string.Join("\n", json.Split('\n').Where(l => !l.Contains("\"exportedAt\"")));

        [Fact]
        public void RoundTrip_ExportApplyToAnotherCamera_CompareIsEmpty_SecondRunChangesNothing()
        {
            Cam(0).Update(new Dictionary<string, string> { ["alarm_motion_sensitivity"] = "8", ["ftp_svr"] = "ftp2.example.test", ["mail_port"] = "587", ["ntp_svr"] = "ntp.example.test", ["upnp_enable"] = "1" });
            var path = ExportOne(0);
            var before = Run("Compare-CamConfig -Camera $a1 -Credential $cred -Baseline $p", new Dictionary<string, object?> { ["p"] = path });
            Assert.Empty(before.Errors);
            var fields = before.Output.Select(o => Assert.IsType<CamConfigDrift>(o.BaseObject)).Select(d => d.Field).ToList();
            Assert.Contains("alarm_motion_sensitivity", fields);
            Assert.Contains("ftp_svr", fields);
            Assert.Contains("upnp_enable", fields);
            Assert.DoesNotContain("now", fields);

            var r = Run("Set-CamConfig -Camera $a1 -Credential $cred -Baseline $p -Confirm:$false", new Dictionary<string, object?> { ["p"] = path });
            Assert.Empty(r.Errors);
            var result = Assert.IsType<CamConfigApplyResult>(Assert.Single(r.Output).BaseObject);
            Assert.True(result.ChangedGroups >= 4);
            Assert.True(result.Verified);
            Assert.Equal("8", Cam(1).Snapshot()["alarm_motion_sensitivity"]);
            Assert.Equal("ftp2.example.test", Cam(1).Snapshot()["ftp_svr"]);
            Assert.NotEqual(Cam(0).Snapshot()["id"], Cam(1).Snapshot()["id"]);
            Assert.Equal(Canary, Cam(1).Snapshot()["ftp_pwd"]); // the camera kept its own secret

            var after = Run("Compare-CamConfig -Camera $a1 -Credential $cred -Baseline $p", new Dictionary<string, object?> { ["p"] = path });
            Assert.Empty(after.Errors);
            Assert.Empty(after.Output);

            var state = State(Cam(1));
            var second = Run("Set-CamConfig -Camera $a1 -Credential $cred -Baseline $p -Confirm:$false -Verbose", new Dictionary<string, object?> { ["p"] = path });
            Assert.Empty(second.Errors);
            var again = Assert.IsType<CamConfigApplyResult>(Assert.Single(second.Output).BaseObject);
            Assert.Equal(0, again.ChangedGroups);
            Assert.Empty(again.Changes);
            Assert.Contains(second.Verbose, v => v.Contains("already matches", StringComparison.Ordinal));
            Assert.Equal(state, State(Cam(1)));
        }

        [Fact]
        public void WhatIf_SendsNothingThatChangesState()
        {
            Cam(0).Update(new Dictionary<string, string> { ["alarm_motion_sensitivity"] = "2", ["ftp_svr"] = "ftp3.example.test" });
            var path = ExportOne(0);
            var state = State(Cam(2));
            var r = Run("Set-CamConfig -Camera $a2 -Credential $cred -Baseline $p -WhatIf", new Dictionary<string, object?> { ["p"] = path });
            Assert.Empty(r.Errors);
            Assert.Empty(r.Output);
            Assert.Equal(state, State(Cam(2)));
        }

        [Fact]
        public void Baseline_WithOverrides_BringsEachCameraBackToItsOwnValues()
        {
            Cam(2).Update(new Dictionary<string, string> { ["alarm_motion_sensitivity"] = "9" });
            var r = Run("Export-CamConfig -Camera $a0,$a1,$a2 -Credential $cred -Path $dir -Baseline -Force");
            Assert.Empty(r.Errors);
            var export = Assert.IsType<CamConfigExport>(Assert.Single(r.Output).BaseObject);
            Assert.Equal("Baseline", export.Kind);
            Assert.Equal(3, export.Cameras);
            var text = File.ReadAllText(export.Path);
            Assert.Contains("\"overrides\"", text);
            Assert.Contains("\"alarm_motion_sensitivity\": \"5\"", text);   // the majority
            Assert.Contains("\"alarm_motion_sensitivity\": \"9\"", text);   // camera 2's override
            Assert.DoesNotContain(Canary, text);

            Cam(1).Update(new Dictionary<string, string> { ["alarm_motion_sensitivity"] = "1", ["ftp_port"] = "2121" });
            Cam(2).Update(new Dictionary<string, string> { ["alarm_motion_sensitivity"] = "1" });
            var drift = Run("Compare-CamConfig -Camera $a0,$a1,$a2 -Credential $cred -Baseline $p", new Dictionary<string, object?> { ["p"] = export.Path });
            Assert.Empty(drift.Errors);
            var rows = drift.Output.Select(o => (CamConfigDrift)o.BaseObject).ToList();
            Assert.Equal(3, rows.Count);
            Assert.Contains(rows, d => d.Camera.Name == _cams.Address(2) && d.Field == "alarm_motion_sensitivity" && d.Expected == "9" && d.Actual == "1");

            // Drift rows pipe into Set-CamConfig by property name (Camera, Baseline): each camera applied once.
            var set = Run("Compare-CamConfig -Camera $a0,$a1,$a2 -Credential $cred -Baseline $p | Set-CamConfig -Credential $cred -Confirm:$false", new Dictionary<string, object?> { ["p"] = export.Path });
            Assert.Empty(set.Errors);
            Assert.Equal(2, set.Output.Count);
            Assert.Equal("5", Cam(1).Snapshot()["alarm_motion_sensitivity"]);
            Assert.Equal("21", Cam(1).Snapshot()["ftp_port"]);
            Assert.Equal("9", Cam(2).Snapshot()["alarm_motion_sensitivity"]);
            var clean = Run("Compare-CamConfig -Camera $a0,$a1,$a2 -Credential $cred -Baseline $p", new Dictionary<string, object?> { ["p"] = export.Path });
            Assert.Empty(clean.Output);
        }

        [Fact]
        public void FailureMidCamera_LeavesLaterGroupsUntouched_OtherCamerasContinue()
        {
            Cam(0).Update(new Dictionary<string, string> { ["mail_sender"] = "new@example.test", ["ftp_svr"] = "ftp9.example.test", ["alarm_motion_sensitivity"] = "7" });
            var path = ExportOne(0);
            Cam(3).FaultCgi = "set_ftp.cgi";
            Cam(3).Fault = FaultMode.Http500;
            var r = Run("Set-CamConfig -Camera $a3,$a1 -Credential $cred -Baseline $p -Confirm:$false -RetryCount 0", new Dictionary<string, object?> { ["p"] = path });
            var err = Assert.Single(r.Errors);
            Assert.Contains("stopped at the FTP settings", err.Exception.Message);
            Assert.Contains("not touched: Alarm", err.Exception.Message);
            Assert.DoesNotContain(TestAccounts.AdminPassword, err.ToString());
            Assert.Equal("new@example.test", Cam(3).Snapshot()["mail_sender"]);   // before the failure: written and verified
            Assert.Equal("ftp.example.test", Cam(3).Snapshot()["ftp_svr"]);       // the failing group
            Assert.Equal("5", Cam(3).Snapshot()["alarm_motion_sensitivity"]);     // after: not touched
            var ok = Assert.IsType<CamConfigApplyResult>(Assert.Single(r.Output).BaseObject);
            Assert.Equal(_cams.Address(1), ok.Camera.Name);
            Assert.Equal("7", Cam(1).Snapshot()["alarm_motion_sensitivity"]);
        }

        [Fact]
        public void MissingFile_OrAFolder_OrACameraName_SaysWhatTheParameterTakes_BeforeAnyRequest()
        {
            Directory.CreateDirectory(_dir);
            var before = Cam(1).RequestCount;
            var vars = new Dictionary<string, object?> { ["a"] = _cams.Address(1), ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword), ["dir"] = _dir };
            // A camera's name where the file was meant: the error points to -ReferenceCamera.
            var name = _ps.RunExpectingTerminatingError("Set-Location $dir; Compare-CamConfig -Camera $a -Credential $cred -Baseline lobby-1", vars);
            Assert.StartsWith("ConfigFileUnreadable", name.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, name.CategoryInfo.Category);
            Assert.Contains("there is no file '" + Path.Combine(_dir, "lobby-1") + "'", name.Exception.Message);
            Assert.Contains("Export-CamConfig", name.Exception.Message);
            Assert.Contains("-ReferenceCamera", name.Exception.Message);
            // The folder Export-CamConfig wrote into, not its file.
            var folder = _ps.RunExpectingTerminatingError("Set-CamConfig -Camera $a -Credential $cred -Baseline $dir -Confirm:$false", vars);
            Assert.StartsWith("ConfigFileUnreadable", folder.FullyQualifiedErrorId);
            Assert.Contains("is a folder, not a configuration file", folder.Exception.Message);
            Assert.DoesNotContain("-ReferenceCamera", folder.Exception.Message); // Set-CamConfig has no such parameter
            Assert.Equal(before, Cam(1).RequestCount);
        }

        [Fact]
        public void InvalidFile_IsRefusedBeforeAnyRequest()
        {
            var path = ExportOne(0);
            var text = File.ReadAllText(path).Replace("\"alarm_motion_sensitivity\": \"5\"", "\"alarm_motion_sensitivity\": \"99\"");
            File.WriteAllText(path, text);
            var before = Cam(1).RequestCount;
            var err = _ps.RunExpectingTerminatingError("Set-CamConfig -Camera $a -Credential $cred -Baseline $p -Confirm:$false", new Dictionary<string, object?>
            {
                ["a"] = _cams.Address(1), ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword), ["p"] = path,
            });
            Assert.StartsWith("InvalidConfigFile", err.FullyQualifiedErrorId);
            Assert.Contains("alarm_motion_sensitivity", err.Exception.Message);
            Assert.Equal(before, Cam(1).RequestCount);

            File.WriteAllText(path, File.ReadAllText(path).Replace("\"groups\": {", "\"groups\": {\n    \"DateTime\": { \"now\": \"0\" },"));
            var err2 = _ps.RunExpectingTerminatingError("Compare-CamConfig -Camera $a -Credential $cred -Baseline $p", new Dictionary<string, object?>
            {
                ["a"] = _cams.Address(1), ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword), ["p"] = path,
            });
            Assert.StartsWith("InvalidConfigFile", err2.FullyQualifiedErrorId);
        }

        [Fact]
        public void CameraVsCamera_ComparesSecretsWithoutShowingThem_CsvJsonAndReportCarryNoSecret()
        {
            Cam(1).Update(new Dictionary<string, string> { ["ftp_pwd"] = "fake-pw-2", ["mail_sender"] = "other@example.test" });
            var r = Run("Compare-CamConfig -Camera $a1 -ReferenceCamera $a0 -Credential $cred");
            Assert.Empty(r.Errors);
            var rows = r.Output.Select(o => (CamConfigDrift)o.BaseObject).ToList();
            var pwd = Assert.Single(rows, d => d.Field == "ftp_pwd");
            Assert.True(pwd.IsSecret);
            Assert.Equal("********", pwd.Expected);
            Assert.Equal(CamSecret.Mask, pwd.Actual);
            Assert.Contains(rows, d => d.Field == "mail_sender");
            Assert.DoesNotContain(rows, d => d.Field == "wifi_wpa_psk"); // equal secrets: no drift

            var text = Run("$d = Compare-CamConfig -Camera $a1 -ReferenceCamera $a0 -Credential $cred; ($d | ConvertTo-Csv) -join \"`n\"; $d | ConvertTo-Json -Depth 4; ($d | Format-Table | Out-String -Width 200); ($d | Format-List | Out-String)");
            Assert.Empty(text.Errors);
            var all = string.Join("\n", text.Output.Select(o => o.ToString()));
            Assert.Contains("ftp_pwd", all);
            Assert.DoesNotContain("fake-pw", all);

            var html = Path.Combine(_dir, "report.html");
            var rep = Run("$d = Compare-CamConfig -Camera $a1 -ReferenceCamera $a0 -Credential $cred; Export-CamReport -Camera $a1 -Credential $cred -Drift $d -Path $h -NoSnapshot", new Dictionary<string, object?> { ["h"] = html });
            Assert.Empty(rep.Errors);
            var info = Assert.IsType<CamReportInfo>(Assert.Single(rep.Output).BaseObject);
            Assert.Equal(rows.Count, info.DriftCount);
            var page = File.ReadAllText(html);
            Assert.Contains("Configuration drift", page);
            Assert.Contains("mail_sender", page);
            Assert.Contains("other@example.test", page);
            Assert.DoesNotContain("fake-pw", page);
            Assert.DoesNotContain(TestAccounts.AdminPassword, page);
        }
    }
}
