using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using FoscamPS.Model;
using FoscamPS.Tests.Commands;
using Xunit;

namespace FoscamPS.Tests.Audit
{
    public sealed class AuditHostedTests : IClassFixture<AuditFleetFixture>, IDisposable
    {
        private readonly AuditFleetFixture _fleet;
        private readonly HostedPowerShell _ps = new HostedPowerShell();
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "foscamps-audit-" + Guid.NewGuid().ToString("N"));

        public AuditHostedTests(AuditFleetFixture fleet)
        {
            _fleet = fleet;
            Directory.CreateDirectory(_dir);
        }

        public void Dispose()
        {
            _ps.Dispose();
            if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
        }

        /// <summary>Connects cameras 0–5 (each with its own account) as $s, and $t = $s plus camera 6 with a wrong recorded id.</summary>
        private Dictionary<string, object?> Setup()
        {
            var baseline = Path.Combine(_dir, "baseline.json");
            File.WriteAllText(baseline, "{ \"Administrators\": [\"ops\"], \"WebUiVersion\": \"2.0.10.4\" }");
            var vars = new Dictionary<string, object?> { ["baseline"] = baseline, ["dir"] = _dir };
            var script = "$global:s = @(); ";
            for (var i = 0; i < 6; i++)
            {
                vars["c" + i] = HostedPowerShell.Credential("ops", AuditFleetFixture.Passwords[i]);
                script += $"$global:s += Connect-Cam -HostName 127.0.0.1 -Port {_fleet.Host.Cameras[i].Port} -Credential $c{i} -SessionName cam{i}; ";
            }
            script += $"$global:t = $global:s + @([pscustomobject]@{{ Name = 'cam6'; Address = '{_fleet.Address(6)}'; CameraId = '{AuditFleetFixture.WrongId}' }})";
            var r = _ps.Run(script, vars);
            Assert.Empty(r.Errors);
            Assert.Null(r.Terminating);
            return vars;
        }

        private static string Cam(PSObject f) => ((CamSecurityFinding)f.BaseObject).CameraName;

        [Fact]
        public void SeededFleet_EverySeededIssueFound_NothingElse_NoSecretAnywhere()
        {
            var vars = Setup();
            var before = _fleet.Host.Cameras[6].RequestCount;
            var r = _ps.Run("Test-CamSecurity -Camera $t -Probe -Baseline $baseline -AllowedDomain example.com -Verbose -ThrottleLimit 4", vars);
            Assert.Null(r.Terminating);
            Assert.Empty(r.Errors);
            var findings = r.Output.Select(o => Assert.IsType<CamSecurityFinding>(o.BaseObject)).ToList();
            Assert.Equal(7 * CamSecurityChecks.All.Count, findings.Count);
            Assert.Equal(7 * CamSecurityChecks.All.Count, findings.Select(f => (f.CameraName, f.CheckId)).Distinct().Count());

            var expectedFails = AuditFleetFixture.ExpectedFails.Select(x => ("cam" + x.Camera, x.Check)).OrderBy(x => x).ToList();
            var fails = findings.Where(f => f.Verdict == CamSecurityVerdict.Fail).Select(f => (f.CameraName, f.CheckId)).OrderBy(x => x).ToList();
            Assert.Equal(expectedFails, fails);

            var expectedUnverifiable = new List<(string, string)> { ("cam5", "FirmwareVulnerable") };
            expectedUnverifiable.AddRange(CamSecurityChecks.All.Where(c => c.Id != "CameraIdMismatch").Select(c => ("cam6", c.Id)));
            var unverifiable = findings.Where(f => f.Verdict == CamSecurityVerdict.Unverifiable).Select(f => (f.CameraName, f.CheckId)).OrderBy(x => x).ToList();
            Assert.Equal(expectedUnverifiable.OrderBy(x => x).ToList(), unverifiable);

            // every check fails somewhere and passes somewhere
            foreach (var c in CamSecurityChecks.All)
            {
                Assert.Contains(findings, f => f.CheckId == c.Id && f.Verdict == CamSecurityVerdict.Fail);
                Assert.Contains(findings, f => f.CheckId == c.Id && f.Verdict == CamSecurityVerdict.Pass);
            }

            // evidence names fields; the remediation names a FoscamPS command
            var weak = findings.Single(f => f.CameraName == "cam2" && f.CheckId == "WeakPassword");
            Assert.Equal("user1_pwd", weak.Evidence);
            Assert.Equal("user2_pwd", findings.Single(f => f.CameraName == "cam1" && f.CheckId == "BlankPassword").Evidence);
            Assert.Equal(CamSecuritySeverity.Critical, findings.Single(f => f.CameraName == "cam1" && f.CheckId == "BlankPassword").Severity);
            Assert.Contains("cam4", findings.Single(f => f.CameraName == "cam3" && f.CheckId == "ReusedPassword").Detail);
            Assert.All(findings, f => Assert.Matches(@"\b(Set|Add|Remove|Update)-Cam\w+", f.Remediation));
            Assert.Contains(r.Warnings, w => w.Contains(AuditFleetFixture.WrongId));

            // the impostor got only the anonymous identity probe (no get_params)
            Assert.Equal(1, _fleet.Host.Cameras[6].RequestCount - before);

            // no secret value in output (every property, formatted), warnings, verbose lines, CSV or JSON
            var csv = Path.Combine(_dir, "f.csv");
            var json = Path.Combine(_dir, "f.json");
            var text = _ps.Run("$r = Test-CamSecurity -Camera $s -Probe -Baseline $baseline -AllowedDomain example.com; $r | Export-Csv -NoTypeInformation -Path $csv; $r | ConvertTo-Json -Depth 4 | Set-Content -Path $json; ($r | Format-List * | Out-String -Width 400) + ($r | Format-Table | Out-String)",
                new Dictionary<string, object?>(vars) { ["csv"] = csv, ["json"] = json });
            Assert.Empty(text.Errors);
            var all = string.Join("\n", r.Output.Select(o => string.Join("|", o.Properties.Select(p => p.Value?.ToString()))))
                + string.Join("\n", r.Warnings) + string.Join("\n", r.Verbose) + string.Join("\n", text.Output.Select(o => o.ToString()))
                + File.ReadAllText(csv) + File.ReadAllText(json);
            Assert.Contains("WeakPassword", all);
            Assert.Contains("user1_pwd", File.ReadAllText(csv));
            Assert.DoesNotContain(AuditFleetFixture.Canary, all);
            Assert.DoesNotContain("12345678", all);
        }

        [Fact]
        public void Summary_PerCameraAndPerCheck_SeverityAndVerdictFilters()
        {
            var vars = Setup();
            var cams = _ps.Run("Test-CamSecurity -Camera $t -Probe -Baseline $baseline -AllowedDomain example.com -Summary Camera", vars);
            Assert.Empty(cams.Errors);
            var byCam = cams.Output.Select(o => Assert.IsType<CamSecurityCameraSummary>(o.BaseObject)).ToDictionary(x => x.Camera.Name);
            Assert.Equal(7, byCam.Count);
            Assert.Equal(0, byCam["cam0"].Failed);
            Assert.Null(byCam["cam0"].WorstSeverity);
            Assert.Equal(7, byCam["cam3"].Failed);
            Assert.Equal(CamSecuritySeverity.Critical, byCam["cam3"].WorstSeverity);
            Assert.Equal(CamSecurityChecks.All.Count - 1, byCam["cam6"].Unverifiable);
            Assert.StartsWith("FirmwareVulnerable", byCam["cam3"].FailedChecks);

            var checks = _ps.Run("Test-CamSecurity -Camera $t -Probe -Baseline $baseline -AllowedDomain example.com -Summary Check", vars);
            Assert.True(checks.Errors.Count == 0 && checks.Terminating is null, string.Join("; ", checks.Errors.Select(e => e.FullyQualifiedErrorId + " " + e.Exception.Message)) + checks.Terminating);
            var byCheck = checks.Output.Select(o => Assert.IsType<CamSecurityCheckSummary>(o.BaseObject)).ToDictionary(x => x.CheckId);
            Assert.Equal(CamSecurityChecks.All.Count, byCheck.Count);
            Assert.True(2 == byCheck["ReusedPassword"].Failed, string.Join("; ", byCheck.Values.Select(x => $"{x.CheckId} {x.Failed} {x.Passed} {x.Unverifiable} {x.FailedCameras}")));
            Assert.Equal("cam3, cam4", byCheck["ReusedPassword"].FailedCameras);
            Assert.Equal(2, byCheck["AnonymousStatus"].Failed);
            Assert.Equal(1, byCheck["CameraIdMismatch"].Failed);

            var critical = _ps.Run("Test-CamSecurity -Camera $t -Probe -Baseline $baseline -Severity Critical -Verdict Fail", vars);
            var crit = critical.Output.Select(o => (CamSecurityFinding)o.BaseObject).Select(f => (f.CameraName, f.CheckId)).OrderBy(x => x).ToList();
            Assert.Equal(new[] { ("cam1", "BlankPassword"), ("cam3", "FirmwareVulnerable"), ("cam6", "CameraIdMismatch") }.ToList(), crit);
        }

        [Fact]
        public void WithoutProbeOrBaseline_ThoseChecksAreUnverifiable_AndNoAnonymousRequest()
        {
            var vars = Setup();
            var before = _fleet.Host.Cameras[0].RequestCount;
            var r = _ps.Run("Test-CamSecurity -Camera $s[0] -Check AnonymousStatus,UnknownAdministrator,WebUiDrift,UpnpEnabled", vars);
            Assert.Empty(r.Errors);
            var f = r.Output.Select(o => (CamSecurityFinding)o.BaseObject).ToDictionary(x => x.CheckId);
            Assert.Equal(4, f.Count);
            Assert.Equal(CamSecurityVerdict.Unverifiable, f["AnonymousStatus"].Verdict);
            Assert.Equal(CamSecurityVerdict.Unverifiable, f["UnknownAdministrator"].Verdict);
            Assert.Equal(CamSecurityVerdict.Unverifiable, f["WebUiDrift"].Verdict);
            Assert.Equal(CamSecurityVerdict.Pass, f["UpnpEnabled"].Verdict);
            // identity probe (anonymous, as every command) + get_params; no get_factory_ddns, no -Probe request
            Assert.Equal(2, _fleet.Host.Cameras[0].RequestCount - before);
        }

        [Fact]
        public void ExportCsv_NeutralisesFormulaText_CameraStillPipes()
        {
            var vars = Setup();
            var csv = Path.Combine(_dir, "inj.csv");
            var r = _ps.Run("$e = Connect-Cam -HostName 127.0.0.1 -Port " + _fleet.Host.Cameras[0].Port + " -Credential $c0 -SessionName '=HYPERLINK(\"x\")'; "
                + "$f = Test-CamSecurity -Camera $e -Check UpnpEnabled,BlankPassword; $f | Export-Csv -NoTypeInformation -Path $csv; "
                + "$f[0].Camera.Name; (Get-CamUpnp -Camera $f[0]).Enable", new Dictionary<string, object?>(vars) { ["csv"] = csv });
            Assert.Empty(r.Errors);
            Assert.Equal("=HYPERLINK(\"x\")", r.Output[0].ToString());
            Assert.Equal(false, r.Output[1].BaseObject);
            var rows = _ps.Run("Import-Csv -Path $csv", new Dictionary<string, object?> { ["csv"] = csv }).Output;
            Assert.Equal(2, rows.Count);
            foreach (var row in rows)
            {
                foreach (var p in row.Properties)
                {
                    Assert.False(CamSpreadsheetText.IsFormulaLike(p.Value?.ToString()), $"{p.Name} = {p.Value}");
                }
                Assert.Equal("'=HYPERLINK(\"x\")", row.Properties["Camera"].Value);
                Assert.Equal("'=HYPERLINK(\"x\")", row.Properties["CameraName"].Value);
            }
        }

        [Fact]
        public void ExportCamReport_ShowsFindings_NoSecret()
        {
            var vars = Setup();
            var path = Path.Combine(_dir, "report.html");
            var r = _ps.Run("$f = Test-CamSecurity -Camera $t -Probe -Baseline $baseline -AllowedDomain example.com; Export-CamReport -Camera $s -Finding $f -Path $path -NoSnapshot",
                new Dictionary<string, object?>(vars) { ["path"] = path });
            Assert.Empty(r.Errors);
            var info = Assert.IsType<CamReportInfo>(Assert.Single(r.Output).BaseObject);
            Assert.Equal(AuditFleetFixture.ExpectedFails.Length, info.FailedChecks);
            var html = File.ReadAllText(path);
            Assert.Contains("<section id=\"audit\">", html);
            Assert.Contains("BlankPassword", html);
            Assert.Contains("Set-CamUpnp -Enable $false", html);
            Assert.Contains("&lt;b&gt;yard&lt;/b&gt;", html.Replace("&amp;", "&"), StringComparison.Ordinal);
            Assert.DoesNotContain("<b>yard", html);
            Assert.DoesNotContain(AuditFleetFixture.Canary, html);
        }

        [Fact]
        public void OfflineCamera_OneError_NoFindings_OthersAudited()
        {
            var vars = Setup();
            var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            l.Start();
            var dead = "127.0.0.1:" + ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            var r = _ps.Run("Test-CamSecurity -Camera $s[0], $dead -Credential $c0 -RetryCount 0 -TimeoutSec 5 -Check ReusedPassword,UpnpEnabled",
                new Dictionary<string, object?>(vars) { ["dead"] = dead });
            var err = Assert.Single(r.Errors);
            Assert.StartsWith("CameraUnreachable", err.FullyQualifiedErrorId);
            var f = r.Output.Select(o => (CamSecurityFinding)o.BaseObject).ToList();
            Assert.Equal(new[] { "cam0 ReusedPassword", "cam0 UpnpEnabled" }, f.Select(x => $"{x.CameraName} {x.CheckId}").OrderBy(x => x, StringComparer.Ordinal).ToArray());
            Assert.All(f, x => Assert.Equal(_fleet.Host.Cameras[0].Id, x.CameraId));
        }

        [Fact]
        public void Baseline_BadFile_TerminatesBeforeAnyRequest()
        {
            var bad = Path.Combine(_dir, "bad.json");
            File.WriteAllText(bad, "{ \"Administrator\": [\"ops\"] }");
            var before = _fleet.Host.Cameras[0].RequestCount;
            var e = _ps.RunExpectingTerminatingError("Test-CamSecurity -Camera $a -Baseline $b", new Dictionary<string, object?> { ["a"] = _fleet.Address(0), ["b"] = bad });
            Assert.StartsWith("BaselineInvalid", e.FullyQualifiedErrorId);
            Assert.Contains("Administrator", e.Exception.Message);
            var missing = _ps.RunExpectingTerminatingError("Test-CamSecurity -Camera $a -Baseline $b", new Dictionary<string, object?> { ["a"] = _fleet.Address(0), ["b"] = bad + ".none" });
            Assert.StartsWith("BaselineNotFound", missing.FullyQualifiedErrorId);
            Assert.Equal(before, _fleet.Host.Cameras[0].RequestCount);
        }
    }
}
