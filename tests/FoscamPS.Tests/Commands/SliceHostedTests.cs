using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;
using Xunit;

namespace FoscamPS.Tests.Commands
{
    /// <summary>The first slice of cmdlets hosted in-process against emulated legacy cameras.</summary>
    public sealed class SliceHostedTests : IClassFixture<LegacyCamerasFixture>, System.IDisposable
    {
        private readonly LegacyCamerasFixture _cams;
        private readonly HostedPowerShell _ps = new HostedPowerShell();

        public SliceHostedTests(LegacyCamerasFixture cams) => _cams = cams;

        public void Dispose() => _ps.Dispose();

        private Dictionary<string, object?> Vars(string user = "admin", string password = TestAccounts.AdminPassword)
            => new() { ["cred"] = HostedPowerShell.Credential(user, password), ["addr"] = _cams.Address(0), ["addr1"] = _cams.Address(1) };

        [Fact]
        public void ConnectCam_ReturnsSessionWithIdentityAndPrivilege()
        {
            var r = _ps.Run("Connect-Cam -Camera $addr -Credential $cred -SessionName lobby -Tag a,b", Vars());
            Assert.Empty(r.Errors);
            var s = Assert.IsType<CamSession>(Assert.Single(r.Output).BaseObject);
            Assert.Equal("lobby", s.Name);
            Assert.Equal(_cams.Host.Cameras[0].Id, s.CameraId);
            Assert.Equal(CamPrivilege.Administrator, s.Privilege);
            Assert.Equal(CamSessionState.Connected, s.State);
            Assert.Equal(new[] { "a", "b" }, s.Tags);
            Assert.NotEqual(CamAuthScheme.None, s.AuthScheme);
            var again = _ps.Run("Get-CamSession -Tag b");
            Assert.Same(s, Assert.Single(again.Output).BaseObject);
        }

        [Fact]
        public void GetCamStatus_UsesDefaultSessions_AndConvertsTzSign()
        {
            _cams.Host.Cameras[1].Update(new Dictionary<string, string> { ["tz"] = "18000" });
            _ps.Run("Connect-Cam -Camera $addr1 -Credential $cred", Vars());
            var r = _ps.Run("Get-CamStatus");
            Assert.Empty(r.Errors);
            var st = Assert.IsType<CamStatus>(Assert.Single(r.Output).BaseObject);
            Assert.Equal(System.TimeSpan.FromHours(-5), st.UtcOffset);
            Assert.Equal(_cams.Host.Cameras[1].Id, st.CameraId);
            Assert.NotNull(st.SystemVersion);
        }

        [Fact]
        public void ReadCmdletWithoutTargetOrSession_IsTerminatingCameraTargetRequired()
        {
            var e = _ps.RunExpectingTerminatingError("Get-CamStatus");
            Assert.Equal("CameraTargetRequired,FoscamPS.Commands.GetCamStatusCommand", e.FullyQualifiedErrorId);
        }

        [Fact]
        public void StateChangingCmdletWithoutTarget_IsTerminatingEvenWithSessions()
        {
            _ps.Run("Connect-Cam -Camera $addr -Credential $cred", Vars());
            var before = _cams.Host.Cameras[0].RequestCount;
            var e = _ps.RunExpectingTerminatingError("Set-CamAlias -Alias x");
            Assert.StartsWith("CameraTargetRequired", e.FullyQualifiedErrorId);
            Assert.Equal(before, _cams.Host.Cameras[0].RequestCount);
        }

        [Fact]
        public void WhatIf_SendsNothing()
        {
            var cam = _cams.Host.Cameras[2];
            var before = cam.RequestCount;
            var alias = cam.Snapshot()["alias"];
            var r = _ps.Run($"Set-CamAlias -Camera 127.0.0.1:{cam.Port} -Credential $cred -Alias changed -WhatIf", Vars());
            Assert.Empty(r.Errors);
            Assert.Equal(before, cam.RequestCount);
            Assert.Equal(alias, cam.Snapshot()["alias"]);
        }

        [Fact]
        public void RestartCam_WhatIfSendsNothing_AndWaitReturnsTheCameraBack()
        {
            var cam = _cams.Host.Cameras[1];
            var before = cam.RequestCount;
            var whatIf = _ps.Run($"Restart-Cam -Camera 127.0.0.1:{cam.Port} -Credential $cred -WhatIf", Vars());
            Assert.Empty(whatIf.Errors);
            Assert.Equal(before, cam.RequestCount);
            Assert.False(cam.IsRebooting);

            var r = _ps.Run($"Restart-Cam -Camera 127.0.0.1:{cam.Port} -Credential $cred -Wait -WaitTimeoutSec 60 -Confirm:$false", Vars());
            Assert.Empty(r.Errors);
            var status = (CamStatus)Assert.Single(r.Output).BaseObject;
            Assert.Equal(cam.Id, status.CameraId);
            Assert.False(cam.IsRebooting);
        }

        [Fact]
        public void SetCamAlias_ChangesAndVerifies()
        {
            var cam = _cams.Host.Cameras[2];
            var r = _ps.Run($"Set-CamAlias -Camera 127.0.0.1:{cam.Port} -Credential $cred -Alias 'Yard & Gate' -PassThru -Confirm:$false", Vars());
            Assert.Empty(r.Errors);
            Assert.Equal("Yard & Gate", cam.Snapshot()["alias"]);
            Assert.Equal("Yard & Gate", ((CamStatus)r.Output.Single().BaseObject).Alias);
        }

        [Fact]
        public void SetCamAlias_RejectsOverlongAliasBeforeSending()
        {
            var cam = _cams.Host.Cameras[2];
            var before = cam.RequestCount;
            var e = _ps.RunExpectingTerminatingError($"Set-CamAlias -Camera 127.0.0.1:{cam.Port} -Credential $cred -Alias ('x' * 21)", Vars());
            Assert.StartsWith("ParameterArgumentValidationError", e.FullyQualifiedErrorId);
            Assert.Contains("Alias", e.ToString());
            Assert.Equal(before, cam.RequestCount);
        }

        [Fact]
        public void WrongPassword_IsOneNonTerminatingAuthenticationFailed_WithoutThePassword()
        {
            var r = _ps.Run("Connect-Cam -Camera $addr -Credential $cred", Vars("admin", "fake-Wr0ng-pw"));
            Assert.Empty(r.Output);
            var e = Assert.Single(r.Errors);
            Assert.Equal("AuthenticationFailed,FoscamPS.Commands.ConnectCamCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.AuthenticationError, e.CategoryInfo.Category);
            Assert.Equal(_cams.Address(0), e.TargetObject.ToString());
            Assert.DoesNotContain("fake-Wr0ng-pw", e.ToString());
            Assert.DoesNotContain("fake-Wr0ng-pw", e.Exception.ToString());
        }

        [Fact]
        public void Operator_CallingAdministratorCgi_IsAccessDenied_ForSessionsAndAdHocTargets()
        {
            var vars = Vars("oper", TestAccounts.OperatorPassword);
            var adhoc = _ps.Run("Get-CamParam -Camera $addr -Credential $cred", vars);
            Assert.Equal("AccessDenied,FoscamPS.Commands.GetCamParamCommand", Assert.Single(adhoc.Errors).FullyQualifiedErrorId);
            _ps.Run("Connect-Cam -Camera $addr -Credential $cred -SessionName op", vars);
            var before = _cams.Host.Cameras[0].RequestCount;
            var session = _ps.Run("Get-CamParam -Camera op");
            var e = Assert.Single(session.Errors);
            Assert.Equal("AccessDenied,FoscamPS.Commands.GetCamParamCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.PermissionDenied, e.CategoryInfo.Category);
            // The session knows its privilege: no request was sent.
            Assert.Equal(before, _cams.Host.Cameras[0].RequestCount);
        }

        [Fact]
        public void GetCamParam_MasksSecrets_FiltersByNameAndGroup_AndTypesScheduleWords()
        {
            var r = _ps.Run("Get-CamParam -Camera $addr -Credential $cred -Group Users,Alarm", Vars());
            Assert.Empty(r.Errors);
            var ps = r.Output.Select(o => (CamParam)o.BaseObject).ToList();
            Assert.All(ps, p => Assert.Contains(p.Group, new[] { "Users", "Alarm" }));
            Assert.Equal("********", ps.Single(p => p.Name == "user1_pwd").Value!.ToString());
            Assert.IsType<uint>(ps.Single(p => p.Name == "alarm_schedule_mon_1").Value);
            var secret = _ps.Run("(Get-CamParam -Camera $addr -Credential $cred -Name user1_pwd -IncludeSecret).Value", Vars());
            var ss = Assert.IsType<CamSecret>(Assert.Single(secret.Output).BaseObject).GetSecureString()!;
            Assert.Equal(TestAccounts.AdminPassword, new System.Net.NetworkCredential("", ss).Password);
        }

        [Fact]
        public void OutputObjects_PipeIntoTheNextCmdlet_ByTheirCamera()
        {
            var r = _ps.Run("Connect-Cam -Camera $addr -Credential $cred -SessionName p1 | Get-CamStatus | Get-CamParam -Name alias", Vars());
            Assert.Empty(r.Errors);
            var p = (CamParam)Assert.Single(r.Output).BaseObject;
            Assert.Equal("p1", p.Camera.Name);
        }

        [Fact]
        public void CsvRowsAndHashtables_BindToCamera()
        {
            var r = _ps.Run("@([pscustomobject]@{ Address = $addr }, @{ HostName = '127.0.0.1'; Port = $addr.Split(':')[1] }) | Get-CamStatus -Credential $cred", Vars());
            Assert.Empty(r.Errors);
            Assert.Equal(2, r.Output.Count);
        }

        [Fact]
        public void UnknownName_IsCameraNotFound()
        {
            var r = _ps.Run("Get-CamStatus -Camera 'no-such-*'");
            Assert.Equal("CameraNotFound,FoscamPS.Commands.GetCamStatusCommand", Assert.Single(r.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void SaveCamSnapshot_WritesTheExactJpegBytes()
        {
            var dir = Path.Combine(Path.GetTempPath(), "foscamps-test-" + System.Guid.NewGuid());
            try
            {
                var r = _ps.Run($"Save-CamSnapshot -Camera $addr -Credential $cred -Path '{dir}'", Vars());
                Assert.Empty(r.Errors);
                var snap = (CamSnapshot)Assert.Single(r.Output).BaseObject;
                var bytes = File.ReadAllBytes(snap.Path);
                Assert.Equal(snap.Length, bytes.Length);
                Assert.Equal(new byte[] { 0xFF, 0xD8 }, bytes.Take(2));
                Assert.Equal(new byte[] { 0xFF, 0xD9 }, bytes.Skip(bytes.Length - 2));
                Assert.StartsWith("snapshot_", snap.CameraFileName);
            }
            finally
            {
                if (Directory.Exists(dir)) Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void BackupCamConfig_WritesOwnerOnlyFile()
        {
            var dir = Path.Combine(Path.GetTempPath(), "foscamps-test-" + System.Guid.NewGuid());
            try
            {
                var r = _ps.Run($"Backup-CamConfig -Camera $addr -Credential $cred -Path '{dir}'", Vars());
                Assert.Empty(r.Errors);
                var b = (CamBackup)Assert.Single(r.Output).BaseObject;
                Assert.True(b.Length > 100);
                Assert.Equal(b.Length, new FileInfo(b.Path).Length);
                if (!System.OperatingSystem.IsWindows())
                    Assert.Equal(System.IO.UnixFileMode.UserRead | System.IO.UnixFileMode.UserWrite, File.GetUnixFileMode(b.Path));
            }
            finally
            {
                if (Directory.Exists(dir)) Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void DisconnectCam_RemovesSessionAndMarksItDisconnected()
        {
            _ps.Run("Connect-Cam -Camera $addr -Credential $cred -SessionName gone", Vars());
            var r = _ps.Run("Disconnect-Cam -Camera gone -PassThru");
            var s = (CamSession)Assert.Single(r.Output).BaseObject;
            Assert.Equal(CamSessionState.Disconnected, s.State);
            Assert.Empty(_ps.Run("Get-CamSession").Output);
        }
    }

    /// <summary>The slice against 11.37.2.56+ firmware (Digest, authenticated get_status).</summary>
    public sealed class DigestHostedTests : IClassFixture<DigestCamerasFixture>, System.IDisposable
    {
        private readonly DigestCamerasFixture _cams;
        private readonly HostedPowerShell _ps = new HostedPowerShell();

        public DigestHostedTests(DigestCamerasFixture cams) => _cams = cams;

        public void Dispose() => _ps.Dispose();

        [Fact]
        public void ConnectAndRead_NegotiateDigest()
        {
            var vars = new Dictionary<string, object?> { ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword), ["addr"] = _cams.Address(0) };
            var r = _ps.Run("$s = Connect-Cam -Camera $addr -Credential $cred; $s; Get-CamStatus -Camera $s; Get-CamParam -Camera $s -Name id", vars);
            Assert.Empty(r.Errors);
            var s = (CamSession)r.Output[0].BaseObject;
            Assert.Equal(CamAuthScheme.Digest, s.AuthScheme);
            Assert.Equal(_cams.Host.Cameras[0].Id, ((CamStatus)r.Output[1].BaseObject).CameraId);
            Assert.Equal(_cams.Host.Cameras[0].Id, ((CamParam)r.Output[2].BaseObject).Value);
        }

        [Fact]
        public void WrongPassword_OnDigest_IsAuthenticationFailed()
        {
            var vars = new Dictionary<string, object?> { ["cred"] = HostedPowerShell.Credential("admin", "fake-Wr0ng-pw"), ["addr"] = _cams.Address(1) };
            var r = _ps.Run("Get-CamStatus -Camera $addr -Credential $cred", vars);
            Assert.Equal("AuthenticationFailed,FoscamPS.Commands.GetCamStatusCommand", Assert.Single(r.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void IdentityMismatch_StopsBeforeCredentialsAreSent()
        {
            // A session that expects another camera id at this address (DHCP churn, impostor).
            var vars = new Dictionary<string, object?> { ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword), ["addr"] = _cams.Address(0) };
            var logBefore = _cams.Host.Cameras[0].LogCount;
            var r = _ps.Run("[pscustomobject]@{ Address = $addr; CameraId = '00DEADBEEF00' } | Get-CamStatus -Credential $cred", vars);
            Assert.Empty(r.Output);
            Assert.Equal(logBefore, _cams.Host.Cameras[0].LogCount);
            var e = Assert.Single(r.Errors);
            Assert.Equal("CameraIdentityMismatch,FoscamPS.Commands.GetCamStatusCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.SecurityError, e.CategoryInfo.Category);
        }
    }
}
