using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Threading.Tasks;
using FoscamPS.Completers;
using FoscamPS.Emulator;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Tests.Commands;
using Xunit;

namespace FoscamPS.Tests.Citizen
{
    /// <summary>Two emulated cameras bound to the IPv6 loopback (::1).</summary>
    public sealed class IPv6CamerasFixture : EmulatorFixtureBase
    {
        protected override EmulatorOptions CreateOptions() => new EmulatorOptions { Count = 2, BindAddress = "::1" };

        public int Port(int i) => Host.Cameras[i].Port;
    }

    /// <summary>Hosted cmdlets: IPv6 targets, passwords in -Camera, session names, completion of every cmdlet, confirmation.</summary>
    public sealed class CitizenHostedTests : IClassFixture<IPv6CamerasFixture>, IDisposable
    {
        private const string CanaryPassword = "fake-Cn4ry";
        private readonly IPv6CamerasFixture _cams;
        private readonly HostedPowerShell _ps = new HostedPowerShell();

        public CitizenHostedTests(IPv6CamerasFixture cams) => _cams = cams;

        public void Dispose() => _ps.Dispose();

        private Dictionary<string, object?> Vars() => new()
        {
            ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword),
            ["port"] = _cams.Port(0),
            ["port1"] = _cams.Port(1),
            ["pw"] = CanaryPassword,
        };

        [Fact]
        public void EmulatorListensOnIPv6Loopback()
        {
            Assert.Equal("[::1]", _cams.Host.Cameras[0].BaseUri.Host);
        }

        [Theory]
        [InlineData("Get-CamStatus -Camera \"[::1]:$port\" -Credential $cred")]
        [InlineData("Get-CamStatus -Camera \"http://[::1]:$port/\" -Credential $cred")]
        [InlineData("Get-CamStatus -Camera ([uri]\"http://[::1]:$port/\") -Credential $cred")]
        [InlineData("Get-CamStatus -Camera ([ipaddress]'::1') -Credential $cred -ErrorAction SilentlyContinue; Connect-Cam -HostName ::1 -Port $port -Credential $cred | Get-CamStatus")]
        [InlineData("Connect-Cam -Uri \"http://[::1]:$port/\" -Credential $cred | Get-CamStatus")]
        [InlineData("Connect-Cam -HostName '[::1]' -Port $port -Credential $cred | Get-CamStatus")]
        [InlineData("Connect-Cam -HostName 0:0:0:0:0:0:0:1 -Port $port -Credential $cred | Get-CamStatus")]
        [InlineData("[pscustomobject]@{ Name = 'v6'; Address = '::1'; Port = $port } | Get-CamStatus -Credential $cred")]
        public void IPv6Forms_ReachTheCamera(string script)
        {
            var r = _ps.Run(script, Vars());
            var status = r.Output.Select(o => o.BaseObject).OfType<CamStatus>().Single();
            Assert.Equal(_cams.Host.Cameras[0].Id, status.CameraId);
            Assert.Equal($"[::1]:{_cams.Port(0)}", status.Camera.Address.ToString());
        }

        [Theory]
        [InlineData("[::1")]
        [InlineData("[::g]:81")]
        [InlineData("http://[::1]:81/x")]
        [InlineData("::g")]
        public void MalformedAddress_IsOneClearError(string text)
        {
            var r = _ps.Run("Get-CamStatus -Camera $t -Credential $cred", new Dictionary<string, object?>(Vars()) { ["t"] = text });
            Assert.Null(r.Terminating);
            var e = Assert.Single(r.Errors);
            Assert.Equal("InvalidCameraAddress,FoscamPS.Commands.GetCamStatusCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            Assert.Contains("address", e.Exception.Message);
        }

        [Theory]
        [InlineData("Get-CamStatus -Camera ('http://admin:' + $pw + \"@[::1]:$port/\")")]
        [InlineData("Get-CamStatus -Camera ('admin:' + $pw + \"@[::1]:$port\")")]
        [InlineData("Connect-Cam -Uri ('http://admin:' + $pw + \"@[::1]:$port/\")")]
        [InlineData("[pscustomobject]@{ Name = 'x'; Address = ('http://admin:' + $pw + \"@[::1]:$port/\") } | Get-CamStatus")]
        [InlineData("Save-CamSnapshot -Camera ([uri]('http://admin:' + $pw + \"@[::1]:$port/\")) -Path ([IO.Path]::GetTempPath())")]
        public void PasswordInCameraUri_IsCredentialInCameraAddress_AndReachesNoRecord(string script)
        {
            var before = _cams.Host.RequestCount;
            var r = _ps.Run(script + " -ErrorAction Continue; $Error | Format-List * -Force | Out-String -Width 400; $Error | ForEach-Object { $_.CategoryInfo.TargetName; \"$($_.TargetObject)\"; $_.Exception.ToString() }", Vars());
            Assert.Null(r.Terminating);
            var e = Assert.Single(r.Errors);
            Assert.StartsWith("CredentialInCameraAddress,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            Assert.Contains("-Credential", e.Exception.Message);
            var everything = string.Join("\n", r.Output.Select(o => o?.ToString()).Concat(r.Warnings).Concat(r.Verbose).Concat(r.Errors.Select(x => x.ToString())));
            Assert.Contains("CredentialInCameraAddress", everything);
            Assert.DoesNotContain(CanaryPassword, everything);
            Assert.Equal(before, _cams.Host.RequestCount);
        }

        [Fact]
        public void ConnectCam_MalformedHostName_IsOneClearError()
        {
            var r = _ps.Run("Connect-Cam -HostName '::g' -Port $port -Credential $cred", Vars());
            Assert.Null(r.Terminating);
            Assert.Equal("InvalidCameraAddress,FoscamPS.Commands.ConnectCamCommand", Assert.Single(r.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void SessionName_IsNeverTakenOverOrRenamed()
        {
            _ps.Run("Get-CamSession | Disconnect-Cam");
            var a = _ps.Run("Connect-Cam -Camera \"[::1]:$port\" -Credential $cred -SessionName 'front door'", Vars());
            var first = Assert.IsType<CamSession>(Assert.Single(a.Output).BaseObject);

            // Another camera under the same name: refused, the first session untouched.
            var b = _ps.Run("Connect-Cam -Camera \"[::1]:$port1\" -Credential $cred -SessionName 'front door'", Vars());
            Assert.Empty(b.Output);
            Assert.Equal("SessionNameInUse,FoscamPS.Commands.ConnectCamCommand", Assert.Single(b.Errors).FullyQualifiedErrorId);
            Assert.Equal(CamSessionState.Connected, first.State);

            // Two cameras with one -SessionName in one command: the second is refused.
            var c = _ps.Run("Connect-Cam -Camera \"[::1]:$port\", \"[::1]:$port1\" -Credential $cred -SessionName twin", Vars());
            Assert.Single(c.Output);
            Assert.Equal("SessionNameInUse,FoscamPS.Commands.ConnectCamCommand", Assert.Single(c.Errors).FullyQualifiedErrorId);

            // Connecting a live session under a new name makes a new session; the old one keeps its name.
            var d = _ps.Run("Connect-Cam -Camera 'front door' -SessionName porch -Credential $cred", Vars());
            var porch = Assert.IsType<CamSession>(Assert.Single(d.Output).BaseObject);
            Assert.NotSame(first, porch);
            Assert.Equal("front door", first.Name);
            Assert.Equal(new[] { "front door", "porch", "twin" }, _ps.Run("Get-CamSession | ForEach-Object Name | Sort-Object").Output.Select(o => o.ToString()));
            _ps.Run("Get-CamSession | Disconnect-Cam");
        }

        [Theory]
        [InlineData("cam@lobby")]
        [InlineData("lobby*")]
        [InlineData("[lobby]")]
        public void SessionName_ThatCouldNeverBeGivenBack_IsRefusedBeforeAnyRequest(string name)
        {
            var before = _cams.Host.RequestCount;
            var e = _ps.RunExpectingTerminatingError("Connect-Cam -Camera \"[::1]:$port\" -Credential $cred -SessionName $n", new Dictionary<string, object?>(Vars()) { ["n"] = name });
            Assert.Equal("InvalidSessionName,FoscamPS.Commands.ConnectCamCommand", e.FullyQualifiedErrorId);
            Assert.Equal(before, _cams.Host.RequestCount);
        }

        [Fact]
        public void EmptyPipeline_IntoASetterWithCamera_WarnsThatNothingArrived_NoError()
        {
            // Get-CamDeviceLink -Camera gold | Set-CamDeviceLink -Camera lobby-1 with no links on gold: the old message told
            // the user to pass -Camera, which they had. An empty pipeline is not an error in PowerShell; the -Camera that
            // was never used is worth a warning.
            var before = _cams.Host.RequestCount;
            var r = _ps.Run("@() | Set-CamAlias -Camera \"[::1]:$port\" -Credential $cred -Alias x", Vars());
            Assert.Null(r.Terminating);
            Assert.Empty(r.Errors);
            Assert.Contains(r.Warnings, w => w.Contains("received no object from the pipeline") && !w.Contains("pass -Camera"));
            Assert.Equal(before, _cams.Host.RequestCount);
        }

        [Fact]
        public void EmptyPipeline_IntoASetter_ChangesNothingSilently()
        {
            // `Test-CamSecurity … -Verdict Fail | Set-CamUpnp -Enable $false` when nothing failed: no error, no request.
            var before = _cams.Host.RequestCount;
            var r = _ps.Run("@() | Set-CamUpnp -Enable $false", Vars());
            Assert.Null(r.Terminating);
            Assert.Empty(r.Errors);
            Assert.Empty(r.Warnings);
            Assert.Equal(before, _cams.Host.RequestCount);
        }

        [Fact]
        public void ConnectingWithoutCredential_WarnsThatTheSessionIsAnonymous()
        {
            var r = _ps.Run("Connect-Cam -Camera \"[::1]:$port1\"; Get-CamSession | Disconnect-Cam", Vars());
            Assert.Contains(r.Warnings, w => w.Contains("anonymous") && w.Contains("-Credential"));
            var withCred = _ps.Run("Connect-Cam -Camera \"[::1]:$port1\" -Credential $cred; Get-CamSession | Disconnect-Cam", Vars());
            Assert.DoesNotContain(withCred.Warnings, w => w.Contains("anonymous"));
        }

        [Fact]
        public void CameraCompletion_OffersLiveSessions_OnEveryCmdletWithACameraParameter_Quoted()
        {
            _ps.Run("Get-CamSession | Disconnect-Cam; Connect-Cam -Camera \"[::1]:$port\" -Credential $cred -SessionName 'lobby cam'; Connect-Cam -Camera \"[::1]:$port1\" -Credential $cred -SessionName lobby-2", Vars());
            var cmdlets = _ps.Run("Get-Command -Module FoscamPS | Where-Object { $_.Parameters.ContainsKey('Camera') } | ForEach-Object Name").Output.Select(o => o.ToString()).ToArray();
            Assert.Contains("Get-CamStatus", cmdlets);
            Assert.Contains("Set-CamAlias", cmdlets);
            var before = _cams.Host.RequestCount;
            foreach (var cmdlet in cmdlets)
            {
                var all = Complete($"{cmdlet} -Camera ");
                Assert.True(all.Contains("'lobby cam'") && all.Contains("lobby-2"), $"{cmdlet} -Camera completes {string.Join(", ", all)}");
                Assert.Equal(new[] { "lobby-2" }, Complete($"{cmdlet} -Camera lob*2"));
                Assert.Equal(new[] { "'lobby cam'" }, Complete($"{cmdlet} -Camera 'lobby c"));
            }
            Assert.Equal(before, _cams.Host.RequestCount);
            _ps.Run("Get-CamSession | Disconnect-Cam");
        }

        [Fact]
        public void GetCamParam_CompletesGroupsAndNames_OfTheTypedGroup()
        {
            Assert.Equal(new[] { "Wifi" }, Complete("Get-CamParam -Group Wi"));
            var names = Complete("Get-CamParam -Group Ddns -Name ");
            Assert.Equal(ParamNames.Fields.Where(f => f.StartsWith("ddns_", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.OrdinalIgnoreCase), names);
            Assert.Contains("wifi_wpa_psk", Complete("Get-CamParam -Name wifi_w"));
        }

        [Fact]
        public void EveryEnumParameter_OfEveryCmdlet_CompletesItsNames()
        {
            var r = _ps.Run(@"
                foreach ($c in Get-Command -Module FoscamPS) {
                    foreach ($p in $c.Parameters.Values) {
                        $t = $p.ParameterType; if ($t.IsArray) { $t = $t.GetElementType() }
                        $u = [Nullable]::GetUnderlyingType($t); if ($u) { $t = $u }
                        if ($t.IsEnum) { '{0}|{1}|{2}' -f $c.Name, $p.Name, ([Enum]::GetNames($t) -join ',') }
                    }
                }");
            var cases = r.Output.Select(o => o.ToString().Split('|')).ToArray();
            Assert.NotEmpty(cases);   // Set-CamCredentialStore -Protection at least
            foreach (var c in cases)
            {
                var offered = Complete($"{c[0]} -{c[1]} ");
                Assert.True(c[2].Split(',').All(offered.Contains), $"{c[0]} -{c[1]} offers {string.Join(",", offered)}, not all of {c[2]}");
            }
        }

        [Fact]
        public void GetCamParam_UnknownGroupOrName_IsAnErrorNamingTheValidValues_BeforeAnyRequest()
        {
            var before = _cams.Host.RequestCount;
            var g = _ps.RunExpectingTerminatingError("Get-CamParam -Camera \"[::1]:$port\" -Credential $cred -Group Bogus", Vars());
            Assert.Equal("UnknownParamGroup,FoscamPS.Commands.GetCamParamCommand", g.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, g.CategoryInfo.Category);
            foreach (var group in ParamNames.Groups) Assert.Contains(group, g.Exception.Message);
            var n = _ps.RunExpectingTerminatingError("Get-CamParam -Camera \"[::1]:$port\" -Credential $cred -Name wifi_sid", Vars());
            Assert.Equal("UnknownParamName,FoscamPS.Commands.GetCamParamCommand", n.FullyQualifiedErrorId);
            Assert.Contains("wifi_ssid", n.Exception.Message);
            Assert.Equal(before, _cams.Host.RequestCount);
            // Wildcards that match nothing stay quiet (a filter, not a name).
            var w = _ps.Run("Get-CamParam -Camera \"[::1]:$port\" -Credential $cred -Group Bog* -Name nothing*", Vars());
            Assert.Empty(w.Errors);
            Assert.Empty(w.Output);
        }

        [Fact]
        public void ParamNames_AreExactlyTheFieldsTheEmulatorsGetParamsPrints()
        {
            var r = _ps.Run("Get-CamParam -Camera \"[::1]:$port\" -Credential $cred | ForEach-Object Name", Vars());
            Assert.Empty(r.Errors);
            Assert.Equal(r.Output.Select(o => o.ToString()), ParamNames.Fields);
        }

        [Fact]
        public void RefusedConfirmation_SaysToPassConfirmFalse_AndSendsNothing()
        {
            var before = _cams.Host.RequestCount;
            var e = _ps.RunExpectingTerminatingError("$ConfirmPreference = 'Low'; Set-CamAlias -Camera \"[::1]:$port\" -Credential $cred -Alias nope", Vars());
            Assert.Equal("ConfirmationRequired,FoscamPS.Commands.SetCamAliasCommand", e.FullyQualifiedErrorId);
            Assert.Contains("-Confirm:$false", e.ToString());
            Assert.Equal(before, _cams.Host.RequestCount);
            var ok = _ps.Run("$ConfirmPreference = 'Low'; Set-CamAlias -Camera \"[::1]:$port\" -Credential $cred -Alias Porch -Confirm:$false; $ConfirmPreference = 'High'", Vars());
            Assert.Empty(ok.Errors);
        }

        private string[] Complete(string input)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = _ps.Runspace;
            var result = CommandCompletion.CompleteInput(input, input.Length, null, ps);
            return result.CompletionMatches.Select(m => m.CompletionText).ToArray();
        }
    }
}
