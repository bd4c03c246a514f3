using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using FoscamPS.Emulator;
using FoscamPS.Model;
using FoscamPS.Tests.Commands;
using Xunit;

namespace FoscamPS.Tests.Maintenance
{
    /// <summary>
    /// The maintenance cmdlets hosted in-process against emulated cameras with a short reboot window: packages refused
    /// before upload (the request count proves it), downgrades, canary rollouts, restores, resets, MAC changes, waits.
    /// Each test uses its own camera of the fixture (tests of one class run one after another).
    /// </summary>
    public sealed class MaintenanceHostedTests : IClassFixture<MaintenanceFixture>, IDisposable
    {
        private readonly MaintenanceFixture _cams;
        private readonly HostedPowerShell _ps = new HostedPowerShell();
        private readonly PackageFolder _files = new PackageFolder();

        public MaintenanceHostedTests(MaintenanceFixture cams)
        {
            _cams = cams;
            // Every test starts from a healthy legacy camera at 11.37.2.49 / 2.0.10.4 with its own id.
            foreach (var c in _cams.Host.Cameras)
            {
                c.Fault = FaultMode.None;
                SpinUntilUp(c);
                c.Update(new Dictionary<string, string>
                {
                    ["id"] = Ids[c.Index],
                    ["sys_ver"] = EmulatedCamera.LegacySysVer,
                    ["app_ver"] = EmulatedCamera.DefaultAppVer,
                    ["alias"] = "cam" + c.Index,
                });
            }
        }

        private static readonly string[] Ids = Enumerable.Range(1, 6).Select(i => $"02AB00CD00{i:X2}").ToArray();

        private static void SpinUntilUp(EmulatedCamera c)
        {
            var until = DateTime.UtcNow.AddSeconds(10);
            while (c.IsRebooting && DateTime.UtcNow < until) System.Threading.Thread.Sleep(20);
        }

        public void Dispose()
        {
            _ps.Dispose();
            _files.Dispose();
        }

        private Dictionary<string, object?> Vars(params int[] cams) => new()
        {
            ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword),
            ["cams"] = cams.Select(i => _cams.Address(i)).ToArray(),
            ["dir"] = _files.Root,
        };

        private EmulatedCamera Cam(int i) => _cams.Host.Cameras[i];

        // ---------------------------------------------------------------- Wait-Cam / Restart-Cam

        [Fact]
        public void WaitCam_ReturnsTheStatusOfACameraThatIsUp()
        {
            var r = _ps.Run("Wait-Cam -Camera $cams -Credential $cred -WaitTimeoutSec 10", Vars(0));
            Assert.Empty(r.Errors);
            Assert.Equal(Cam(0).Id, ((CamStatus)Assert.Single(r.Output).BaseObject).CameraId);
        }

        [Fact]
        public void WaitCam_OnACameraThatStaysDown_IsOneClearErrorNamingIt()
        {
            Cam(1).Fault = FaultMode.Refuse;
            var r = _ps.Run("Wait-Cam -Camera $cams -Credential $cred -WaitTimeoutSec 2 -TimeoutSec 1", Vars(1));
            Assert.Empty(r.Output);
            var e = Assert.Single(r.Errors);
            Assert.Equal("CameraDidNotComeBack,FoscamPS.Commands.WaitCamCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.OperationTimeout, e.CategoryInfo.Category);
            Assert.Contains(_cams.Address(1), e.Exception.Message);
            Assert.Contains("did not come back within 2 s", e.Exception.Message);
            Assert.Equal(_cams.Address(1), e.TargetObject.ToString());
        }

        [Fact]
        public void WaitCam_ForAConnectedSession_WaitsThroughItsReboot()
        {
            _ps.Run("Connect-Cam -Camera $cams -Credential $cred -SessionName waiter", Vars(2));
            Cam(2).Reboot(TimeSpan.FromMilliseconds(1500));
            var r = _ps.Run("Wait-Cam -Camera waiter -WaitTimeoutSec 20", Vars());
            Assert.Empty(r.Errors);
            Assert.Equal(Cam(2).Id, ((CamStatus)Assert.Single(r.Output).BaseObject).CameraId);
            Assert.False(Cam(2).IsRebooting);
        }

        [Fact]
        public void RestartCam_IsConfirmImpactMedium_AndWaitStillWorks()
        {
            var meta = _ps.Run("(Get-Command Restart-Cam).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact");
            Assert.Equal("Medium", Assert.Single(meta.Output).ToString());
            var r = _ps.Run("Restart-Cam -Camera $cams -Credential $cred -Wait -WaitTimeoutSec 30 -Confirm:$false", Vars(3));
            Assert.Empty(r.Errors);
            Assert.Equal(Cam(3).Id, ((CamStatus)Assert.Single(r.Output).BaseObject).CameraId);
        }

        // ---------------------------------------------------------------- packages refused before upload

        [Fact]
        public void UpdateCamWebUI_CorruptedPackage_IsRefusedBeforeAnyRequest()
        {
            var path = _files.WebUi(new Version(2, 4, 10, 5));
            var bytes = File.ReadAllBytes(path);
            bytes[bytes.Length - 3] ^= 0x40;
            File.WriteAllBytes(path, bytes);
            var before = Cam(0).RequestCount;
            var e = _ps.RunExpectingTerminatingError($"Update-CamWebUI -Camera $cams -Credential $cred -Path '{path}' -Confirm:$false", Vars(0));
            Assert.Equal("InvalidPackage,FoscamPS.Commands.UpdateCamWebUICommand", e.FullyQualifiedErrorId);
            Assert.Contains("checksum", e.Exception.Message);
            Assert.Equal(before, Cam(0).RequestCount);
            Assert.Equal(EmulatedCamera.DefaultAppVer, Cam(0).Snapshot()["app_ver"]);
        }

        [Fact]
        public void UpdateCamFirmware_ForeignPackage_WebUiFileAsFirmware_IsRefusedBeforeAnyRequest()
        {
            var webui = _files.WebUi(new Version(2, 4, 10, 5));
            var disguised = Path.Combine(_files.Root, "lr_cmos_11_37_2_60.bin");
            var data = File.ReadAllBytes(webui).Concat(new byte[80 * 1024]).ToArray();
            File.WriteAllBytes(disguised, data);
            var before = Cam(0).RequestCount;
            var e = _ps.RunExpectingTerminatingError($"Update-CamFirmware -Camera $cams -Credential $cred -Path '{disguised}' -Confirm:$false", Vars(0));
            Assert.Equal("InvalidPackage,FoscamPS.Commands.UpdateCamFirmwareCommand", e.FullyQualifiedErrorId);
            Assert.Contains("web UI package", e.Exception.Message);
            Assert.Equal(before, Cam(0).RequestCount);
        }

        [Fact]
        public void UpdateCamFirmware_RenamedOrTruncatedImage_IsRefusedBeforeAnyRequest()
        {
            var renamed = _files.Firmware(new Version(11, 37, 2, 60), name: "firmware-latest.bin");
            var truncated = _files.Firmware(new Version(11, 37, 2, 61), payloadBytes: 4000);
            var before = Cam(0).RequestCount;
            var e1 = _ps.RunExpectingTerminatingError($"Update-CamFirmware -Camera $cams -Credential $cred -Path '{renamed}' -Confirm:$false", Vars(0));
            Assert.Contains("lr_cmos_", e1.Exception.Message);
            var e2 = _ps.RunExpectingTerminatingError($"Update-CamFirmware -Camera $cams -Credential $cred -Path '{truncated}' -Confirm:$false", Vars(0));
            Assert.Contains("truncated", e2.Exception.Message);
            var ok = _files.Firmware(new Version(11, 37, 2, 62));
            var e3 = _ps.RunExpectingTerminatingError($"Update-CamFirmware -Camera $cams -Credential $cred -Path '{ok}' -Sha256 ('0' * 64) -Confirm:$false", Vars(0));
            Assert.Equal("PackageHashMismatch,FoscamPS.Commands.UpdateCamFirmwareCommand", e3.FullyQualifiedErrorId);
            Assert.Equal(before, Cam(0).RequestCount);
        }

        [Fact]
        public void UpdateCamFirmware_OtherFamily_IsRefusedWithoutUpload_EvenWithForce()
        {
            var other = _files.Firmware(new Version(11, 22, 2, 60));
            var before = Cam(4).RequestCount;
            var r = _ps.Run($"Update-CamFirmware -Camera $cams -Credential $cred -Path '{other}' -Force -Confirm:$false", Vars(4));
            Assert.Empty(r.Output);
            var e = Assert.Single(r.Errors);
            Assert.Equal("PackageFamilyMismatch,FoscamPS.Commands.UpdateCamFirmwareCommand", e.FullyQualifiedErrorId);
            // One get_status read, no upload, no reboot.
            Assert.Equal(before + 1, Cam(4).RequestCount);
            Assert.False(Cam(4).IsRebooting);
            Assert.Equal(EmulatedCamera.LegacySysVer, Cam(4).Snapshot()["sys_ver"]);
        }

        [Fact]
        public void UpdateCamFirmware_WhatIf_SendsNothing()
        {
            var pkg = _files.Firmware(new Version(11, 37, 2, 56));
            var before = Cam(5).RequestCount;
            var r = _ps.Run($"Update-CamFirmware -Camera $cams -Credential $cred -Path '{pkg}' -WhatIf", Vars(5));
            Assert.Empty(r.Errors);
            Assert.Empty(r.Output);
            Assert.Equal(before, Cam(5).RequestCount);
        }

        // ---------------------------------------------------------------- updates

        [Fact]
        public void UpdateCamFirmware_ToDigestFirmware_ReportsOldAndNewVersions()
        {
            var pkg = _files.Firmware(new Version(11, 37, 2, 56));
            var r = _ps.Run($"Update-CamFirmware -Camera $cams -Credential $cred -Path '{pkg}' -WaitTimeoutSec 30 -Confirm:$false", Vars(0));
            Assert.Empty(r.Errors);
            var u = (CamUpdateResult)Assert.Single(r.Output).BaseObject;
            Assert.Equal(new Version(11, 37, 2, 49), u.OldVersion);
            Assert.Equal(new Version(11, 37, 2, 56), u.NewVersion);
            Assert.Equal(CamUpdateOutcome.Updated, u.Outcome);
            Assert.Equal(CamPackageKind.SystemFirmware, u.Kind);
            Assert.Equal("11.37.2.56", Cam(0).Snapshot()["sys_ver"]);
            Assert.Equal(FirmwareProfile.Digest, Cam(0).Profile);
        }

        [Fact]
        public void UpdateCamFirmware_CameraThatDoesNotComeBack_IsOneErrorNamingIt()
        {
            var pkg = _files.Firmware(new Version(11, 37, 2, 57));
            var cam = Cam(0);
            var run = System.Threading.Tasks.Task.Run(() =>
                _ps.Run($"Update-CamFirmware -Camera $cams -Credential $cred -Path '{pkg}' -WaitTimeoutSec 4 -TimeoutSec 5 -Confirm:$false", Vars(0)));
            // The camera accepted the image and reboots: keep it down from now on. (-TimeoutSec 5, not 1: the upload and
            // the first reads run on a thread pool shared with the in-process emulator and other test classes; on a loaded
            // 2-core machine a 1 s budget ran out now and then and the run ended in CameraTimeout instead.)
            var until = DateTime.UtcNow.AddSeconds(60);
            while (!cam.IsRebooting && !run.IsCompleted && DateTime.UtcNow < until) System.Threading.Thread.Sleep(2);
            cam.Fault = FaultMode.Refuse;
            var r = run.GetAwaiter().GetResult();
            cam.Fault = FaultMode.None;
            Assert.Empty(r.Output);
            var e = Assert.Single(r.Errors);
            Assert.Equal("CameraDidNotComeBack,FoscamPS.Commands.UpdateCamFirmwareCommand", e.FullyQualifiedErrorId);
            Assert.Contains(_cams.Address(0), e.Exception.Message);
            Assert.Contains("after the system firmware update", e.Exception.Message);
        }

        [Fact]
        public void UpdateCamFirmware_DowngradeOrSameVersion_NeedsForce()
        {
            var older = _files.Firmware(new Version(11, 37, 2, 40));
            var same = _files.Firmware(new Version(11, 37, 2, 49));
            var r = _ps.Run($"Update-CamFirmware -Camera $cams -Credential $cred -Path '{older}' -Confirm:$false", Vars(1));
            Assert.Equal("DowngradeRefused,FoscamPS.Commands.UpdateCamFirmwareCommand", Assert.Single(r.Errors).FullyQualifiedErrorId);
            var s = _ps.Run($"Update-CamFirmware -Camera $cams -Credential $cred -Path '{same}' -Confirm:$false", Vars(1));
            Assert.Equal("AlreadyInstalled,FoscamPS.Commands.UpdateCamFirmwareCommand", Assert.Single(s.Errors).FullyQualifiedErrorId);
            Assert.Equal(EmulatedCamera.LegacySysVer, Cam(1).Snapshot()["sys_ver"]);

            var f = _ps.Run($"Update-CamFirmware -Camera $cams -Credential $cred -Path '{older}' -Force -WaitTimeoutSec 30 -Confirm:$false", Vars(1));
            Assert.Empty(f.Errors);
            var u = (CamUpdateResult)Assert.Single(f.Output).BaseObject;
            Assert.Equal(CamUpdateOutcome.Downgraded, u.Outcome);
            Assert.Equal("11.37.2.40", Cam(1).Snapshot()["sys_ver"]);
        }

        [Fact]
        public void UpdateCamWebUI_InstallsAndReports_WithUploadProgress()
        {
            var pkg = _files.WebUi(new Version(2, 4, 10, 5));
            var r = _ps.Run($"Update-CamWebUI -Camera $cams -Credential $cred -Path '{pkg}' -WaitTimeoutSec 30 -Confirm:$false", Vars(2));
            Assert.Empty(r.Errors);
            var u = (CamUpdateResult)Assert.Single(r.Output).BaseObject;
            Assert.Equal(new Version(2, 0, 10, 4), u.OldVersion);
            Assert.Equal(new Version(2, 4, 10, 5), u.NewVersion);
            Assert.Equal("2.4.10.5", Cam(2).Snapshot()["app_ver"]);
            Assert.Contains(r.Progress, p => p.StatusDescription.Contains("uploading"));
            Assert.Contains(r.Progress, p => p.StatusDescription.Contains("waiting for it to answer after the web UI update"));
            // Every per-camera bar that was shown is closed.
            var bars = r.Progress.Where(p => p.Activity.StartsWith("Update-CamWebUI: ")).ToList();
            Assert.All(bars.Select(p => p.ActivityId).Distinct(), id => Assert.Equal(ProgressRecordType.Completed, bars.Last(p => p.ActivityId == id).RecordType));
        }

        [Fact]
        public void UpdateCamWebUI_OnDigestFirmware_UploadsThroughDigestAuthentication()
        {
            Cam(5).Update(new Dictionary<string, string> { ["sys_ver"] = EmulatedCamera.DigestSysVer });
            var pkg = _files.WebUi(new Version(2, 4, 10, 6));
            var r = _ps.Run($"Update-CamWebUI -Camera $cams -Credential $cred -Path '{pkg}' -WaitTimeoutSec 30 -Confirm:$false", Vars(5));
            Assert.Empty(r.Errors);
            var u = (CamUpdateResult)Assert.Single(r.Output).BaseObject;
            Assert.Equal(new Version(2, 4, 10, 6), u.NewVersion);
            Assert.Equal(FoscamPS.Protocol.CamAuthScheme.Digest, ((FoscamPS.Fleet.CamSession)u.Camera).AuthScheme);
            Assert.Equal("2.4.10.6", Cam(5).Snapshot()["app_ver"]);
        }

        [Fact]
        public void Canary_Failure_StopsTheRollout_AndTheOthersAreNotTouched()
        {
            // The canary runs another firmware family: it is refused, so the rollout must stop there.
            Cam(3).Update(new Dictionary<string, string> { ["sys_ver"] = "11.22.2.38" });
            var pkg = _files.Firmware(new Version(11, 37, 2, 56));
            var before4 = Cam(4).RequestCount;
            var before5 = Cam(5).RequestCount;
            var r = _ps.Run($"Update-CamFirmware -Camera $cams -Credential $cred -Path '{pkg}' -Canary 1 -WaitTimeoutSec 30 -Confirm:$false", Vars(3, 4, 5));
            Assert.Empty(r.Output);
            Assert.Equal("PackageFamilyMismatch,FoscamPS.Commands.UpdateCamFirmwareCommand", r.Errors[0].FullyQualifiedErrorId);
            var stopped = r.Errors.Skip(1).ToList();
            Assert.Equal(2, stopped.Count);
            Assert.All(stopped, e => Assert.Equal("RolloutStopped,FoscamPS.Commands.UpdateCamFirmwareCommand", e.FullyQualifiedErrorId));
            Assert.Equal(new[] { _cams.Address(4), _cams.Address(5) }, stopped.Select(e => e.TargetObject.ToString()).ToArray());
            Assert.Contains(r.Warnings, w => w.Contains("Rollout stopped"));
            Assert.Equal(before4, Cam(4).RequestCount);
            Assert.Equal(before5, Cam(5).RequestCount);
            Assert.Equal(EmulatedCamera.LegacySysVer, Cam(4).Snapshot()["sys_ver"]);
        }

        [Fact]
        public void Canary_Success_UpdatesTheRestAfterwards()
        {
            var pkg = _files.WebUi(new Version(2, 1, 0, 1));
            var r = _ps.Run($"Update-CamWebUI -Camera $cams -Credential $cred -Path '{pkg}' -Canary 1 -ThrottleLimit 2 -WaitTimeoutSec 30 -Confirm:$false", Vars(3, 4, 5));
            Assert.Empty(r.Errors);
            var results = r.Output.Select(o => (CamUpdateResult)o.BaseObject).ToList();
            Assert.Equal(3, results.Count);
            Assert.True(results[0].Canary);
            Assert.Equal(_cams.Address(3), results[0].Camera.Name);
            Assert.All(results.Skip(1), u => Assert.False(u.Canary));
            Assert.All(new[] { 3, 4, 5 }, i => Assert.Equal("2.1.0.1", Cam(i).Snapshot()["app_ver"]));
        }

        // ---------------------------------------------------------------- backup / restore

        [Fact]
        public void BackupThenRestore_SameCamera_IsVerified()
        {
            var b = _ps.Run("Backup-CamConfig -Camera $cams -Credential $cred -Path $dir", Vars(0));
            Assert.Empty(b.Errors);
            var backup = (CamBackup)Assert.Single(b.Output).BaseObject;
            Assert.Equal(Cam(0).Id, backup.CameraId);
            Assert.True(File.Exists(backup.Path + ".xml"));
            Cam(0).Update(new Dictionary<string, string> { ["alias"] = "changed" });
            var r = _ps.Run("$b | Restore-CamConfig -WaitTimeoutSec 30 -Confirm:$false", new Dictionary<string, object?> { ["b"] = b.Output[0] });
            Assert.Empty(r.Errors);
            var result = (CamConfigUploadResult)Assert.Single(r.Output).BaseObject;
            Assert.True(result.Verified);
            Assert.False(result.FromOtherCamera);
            Assert.Equal("cam0", Cam(0).Snapshot()["alias"]);
        }

        [Fact]
        public void Restore_OfAnotherCamerasBackup_IsRefusedWithoutForce_AndSaysWhy()
        {
            var b = _ps.Run("Backup-CamConfig -Camera $cams -Credential $cred -Path $dir", Vars(1));
            var backup = (CamBackup)Assert.Single(b.Output).BaseObject;
            var before = Cam(2).RequestCount;
            var r = _ps.Run($"Restore-CamConfig -Camera $cams -Credential $cred -Path '{backup.Path}' -Confirm:$false", Vars(2));
            Assert.Empty(r.Output);
            var e = Assert.Single(r.Errors);
            Assert.Equal("CameraIdentityMismatch,FoscamPS.Commands.RestoreCamConfigCommand", e.FullyQualifiedErrorId);
            Assert.Contains("network address and MAC", e.Exception.Message);
            Assert.Contains("-Force", e.Exception.Message);
            Assert.Equal(before + 1, Cam(2).RequestCount); // get_status only
            Assert.Equal("cam2", Cam(2).Snapshot()["alias"]);

            var forced = _ps.Run($"Restore-CamConfig -Camera $cams -Credential $cred -Path '{backup.Path}' -Force -WaitTimeoutSec 30 -Confirm:$false", Vars(2));
            Assert.Empty(forced.Errors);
            var result = (CamConfigUploadResult)Assert.Single(forced.Output).BaseObject;
            Assert.True(result.FromOtherCamera);
            Assert.Equal("cam1", Cam(2).Snapshot()["alias"]);
        }

        [Fact]
        public void Restore_OfADamagedOrUnrecordedBackup_IsRefusedBeforeAnyRequest_AndWhatIfSendsNothing()
        {
            var b = _ps.Run("Backup-CamConfig -Camera $cams -Credential $cred -Path $dir", Vars(3));
            var backup = (CamBackup)Assert.Single(b.Output).BaseObject;
            var before = Cam(3).RequestCount;
            var whatIf = _ps.Run("$b | Restore-CamConfig -WhatIf", new Dictionary<string, object?> { ["b"] = b.Output[0] });
            Assert.Empty(whatIf.Errors);
            Assert.Equal(before, Cam(3).RequestCount);

            var bytes = File.ReadAllBytes(backup.Path);
            bytes[30] ^= 1;
            File.WriteAllBytes(backup.Path, bytes);
            var r = _ps.Run($"Restore-CamConfig -Camera $cams -Credential $cred -Path '{backup.Path}' -Confirm:$false", Vars(3));
            Assert.Equal("BackupIntegrityFailed,FoscamPS.Commands.RestoreCamConfigCommand", Assert.Single(r.Errors).FullyQualifiedErrorId);

            File.Delete(backup.Path + ".xml");
            var n = _ps.Run($"Restore-CamConfig -Camera $cams -Credential $cred -Path '{backup.Path}' -Confirm:$false", Vars(3));
            Assert.Equal("BackupNotVerifiable,FoscamPS.Commands.RestoreCamConfigCommand", Assert.Single(n.Errors).FullyQualifiedErrorId);
            Assert.Equal(before, Cam(3).RequestCount);
        }

        [Fact]
        public void BackupFileNames_DoNotCollideWithinOneSecond()
        {
            var r = _ps.Run("1..3 | ForEach-Object { Backup-CamConfig -Camera $cams -Credential $cred -Path $dir }", Vars(4));
            Assert.Empty(r.Errors);
            var paths = r.Output.Select(o => ((CamBackup)o.BaseObject).Path).ToList();
            Assert.Equal(3, paths.Distinct().Count());
            Assert.All(paths, p => Assert.True(File.Exists(p)));
        }

        // ---------------------------------------------------------------- factory settings, reset, MAC

        [Fact]
        public void FactoryConfig_ThenReset_ReturnsToTheUploadedSet_AndWarnsAboutTheFactoryAccount()
        {
            var whatIf = Cam(5).RequestCount;
            _ps.Run("Reset-Cam -Camera $cams -Credential $cred -WhatIf", Vars(5));
            Assert.Equal(whatIf, Cam(5).RequestCount);

            Cam(5).Update(new Dictionary<string, string> { ["alias"] = "factory-set" });
            var b = _ps.Run("Backup-CamConfig -Camera $cams -Credential $cred -Path $dir", Vars(5));
            var f = _ps.Run("$b | Set-CamFactoryConfig -Credential $cred -Confirm:$false", new Dictionary<string, object?> { ["b"] = b.Output[0], ["cred"] = Vars()["cred"] });
            Assert.Empty(f.Errors);
            Assert.Equal(CamConfigOperation.FactoryConfig, ((CamConfigUploadResult)Assert.Single(f.Output).BaseObject).Operation);
            Cam(5).Update(new Dictionary<string, string> { ["alias"] = "in-use" });

            var r = _ps.Run("Reset-Cam -Camera $cams -Credential $cred -Wait -WaitTimeoutSec 30 -Confirm:$false", Vars(5));
            Assert.Empty(r.Errors);
            Assert.Contains(r.Warnings, w => w.Contains("'admin' with an EMPTY password"));
            Assert.Equal("factory-set", ((CamStatus)Assert.Single(r.Output).BaseObject).Alias);
            Assert.Equal("factory-set", Cam(5).Snapshot()["alias"]);
        }

        [Fact]
        public void SetCamMac_OnDigestFirmware_FollowsTheNewRealm()
        {
            Cam(3).Update(new Dictionary<string, string> { ["sys_ver"] = EmulatedCamera.DigestSysVer });
            _ps.Run("Connect-Cam -Camera $cams -Credential $cred -SessionName digestmac", Vars(3));
            var r = _ps.Run("Set-CamMac -Camera digestmac -MacAddress 0211.2233.4466 -Confirm:$false; Get-CamStatus -Camera digestmac", Vars());
            Assert.Empty(r.Errors);
            Assert.Equal("021122334466", ((CamMacChange)r.Output[0].BaseObject).NewMac);
            Assert.Equal("021122334466", ((CamStatus)r.Output[1].BaseObject).CameraId);
        }

        [Fact]
        public void SetCamMac_ValidatesBeforeSending_RefusesSeveralCameras_AndUpdatesTheSession()
        {
            var before = Cam(4).RequestCount;
            var bad = _ps.RunExpectingTerminatingError("Set-CamMac -Camera $cams -Credential $cred -MacAddress 01:00:5E:00:00:01 -Confirm:$false", Vars(4));
            Assert.Equal("InvalidMacAddress,FoscamPS.Commands.SetCamMacCommand", bad.FullyQualifiedErrorId);
            Assert.Contains("multicast", bad.Exception.Message);
            var two = _ps.RunExpectingTerminatingError("Set-CamMac -Camera $cams -Credential $cred -MacAddress 02:11:22:33:44:55 -Confirm:$false", Vars(4, 5));
            Assert.Equal("MacForOneCameraOnly,FoscamPS.Commands.SetCamMacCommand", two.FullyQualifiedErrorId);
            Assert.Equal(before, Cam(4).RequestCount);

            _ps.Run("Connect-Cam -Camera $cams -Credential $cred -SessionName macme", Vars(4));
            var r = _ps.Run("Set-CamMac -Camera macme -MacAddress 02-11-22-33-44-55 -Confirm:$false", Vars());
            Assert.Empty(r.Errors);
            var change = (CamMacChange)Assert.Single(r.Output).BaseObject;
            Assert.Equal(Ids[4], change.OldMac);
            Assert.Equal("021122334455", change.NewMac);
            Assert.Equal("021122334455", Cam(4).Id);
            // The session follows the new id: the next command is not refused as an impostor.
            var s = _ps.Run("(Get-CamSession -Name macme).CameraId; Get-CamStatus -Camera macme", Vars());
            Assert.Empty(s.Errors);
            Assert.Equal("021122334455", s.Output[0].ToString());
        }
    }
}
