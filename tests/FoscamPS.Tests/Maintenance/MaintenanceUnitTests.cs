using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Emulator.Maintenance;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;
using Xunit;

namespace FoscamPS.Tests.Maintenance
{
    /// <summary>Package readers, MAC rules, backup files and the waiter, without a network.</summary>
    public sealed class MaintenanceUnitTests
    {
        private static byte[] WebUi(Version v) => WebUiPackage.Build(v, new List<KeyValuePair<string, byte[]?>>
        {
            new("images", null),
            new("index.htm", new byte[] { 60, 104, 62 }),
        });

        [Fact]
        public void WebUiReader_AcceptsTheEmulatorsPackages_AndReadsTheVersion()
        {
            Assert.True(CamPackageReader.TryValidate(CamPackageKind.WebUi, "x.bin", WebUi(new Version(2, 4, 10, 5)), out var p, out var e), e);
            Assert.Equal(new Version(2, 4, 10, 5), p!.Version);
            Assert.Equal(2, p.EntryCount);
            Assert.Equal("2", p.Family);
        }

        [Fact]
        public void WebUiReader_DetectsEverySingleByteCorruption()
        {
            var good = WebUi(new Version(2, 4, 10, 5));
            for (var i = 0; i < good.Length; i++)
            {
                var bad = (byte[])good.Clone();
                bad[i] ^= 0x01;
                // Flipping a bit in the version bytes changes the checksum: still refused.
                Assert.False(CamPackageReader.TryValidate(CamPackageKind.WebUi, "x.bin", bad, out _, out var error), $"byte {i} accepted");
                Assert.False(string.IsNullOrEmpty(error));
            }
            Assert.False(CamPackageReader.TryValidate(CamPackageKind.WebUi, "x.bin", good.Take(good.Length - 1).ToArray(), out _, out var cut));
            Assert.Contains("truncated", cut);
            Assert.False(CamPackageReader.TryValidate(CamPackageKind.WebUi, "x.bin", good.Concat(new byte[] { 0 }).ToArray(), out _, out var extra));
            Assert.Contains("unexpected bytes", extra);
        }

        [Theory]
        [InlineData("firmware.bin", "lr_cmos_")]
        [InlineData("lr_cmos_11_37_2_300.bin", "above 255")]
        public void FirmwareReader_NeedsTheVendorsFileName(string name, string expected)
        {
            Assert.False(CamPackageReader.TryValidate(CamPackageKind.SystemFirmware, name, new byte[100_000], out _, out var e));
            Assert.Contains(expected, e);
        }

        [Fact]
        public void FirmwareReader_RefusesForeignFilesAndImplausibleSizes()
        {
            var name = "lr_cmos_11_37_2_60.bin";
            var webui = WebUi(new Version(2, 4, 10, 5)).Concat(new byte[70_000]).ToArray();
            Assert.False(CamPackageReader.TryValidate(CamPackageKind.SystemFirmware, name, webui, out _, out var e1));
            Assert.Contains("Update-CamWebUI", e1);
            var zip = new byte[] { 0x50, 0x4B, 0x03, 0x04 }.Concat(new byte[70_000]).ToArray();
            Assert.False(CamPackageReader.TryValidate(CamPackageKind.SystemFirmware, name, zip, out _, out var e2));
            Assert.Contains("zip", e2);
            var html = System.Text.Encoding.ASCII.GetBytes("<!DOCTYPE html><html>").Concat(new byte[70_000]).ToArray();
            Assert.False(CamPackageReader.TryValidate(CamPackageKind.SystemFirmware, name, html, out _, out var e3));
            Assert.Contains("web page", e3);
            Assert.False(CamPackageReader.TryValidate(CamPackageKind.SystemFirmware, name, new byte[1000], out _, out var e4));
            Assert.Contains("truncated", e4);
            Assert.False(CamPackageReader.TryValidate(CamPackageKind.SystemFirmware, name, Array.Empty<byte>(), out _, out var e5));
            Assert.Contains("empty", e5);
            var real = FirmwarePackage.Build(new Version(11, 37, 2, 60), new byte[80_000]);
            Assert.True(CamPackageReader.TryValidate(CamPackageKind.SystemFirmware, FirmwarePackage.FileNameFor(new Version(11, 37, 2, 60)), real, out var p, out var e6), e6);
            Assert.Equal("11.37", p!.Family);
            Assert.Equal(FirmwarePackage.FileNameFor(new Version(11, 37, 2, 60)), CamPackageReader.FirmwareFileNameFor(p.Version));
        }

        [Theory]
        [InlineData("00:11:22:33:44:55", "001122334455")]
        [InlineData("00-11-22-33-44-55", "001122334455")]
        [InlineData("0011.2233.4455", "001122334455")]
        [InlineData("02aabbccddee", "02AABBCCDDEE")]
        public void Mac_AcceptsTheUsualSpellings(string text, string expected)
        {
            Assert.Equal(expected, CamMac.TryNormalize(text, out var e));
            Assert.Null(e);
        }

        [Theory]
        [InlineData("01:00:5E:00:00:01", "multicast")]
        [InlineData("FF:FF:FF:FF:FF:FF", "multicast or broadcast")]
        [InlineData("00:00:00:00:00:00", "not a usable")]
        [InlineData("00:11:22:33:44", "12")]
        [InlineData("00:11-22:33:44:55", "write it as")]
        [InlineData("00:11:22:33:44:5G", "hex digit")]
        [InlineData("", "empty")]
        public void Mac_RejectsWhatCannotBeACamerasAddress(string text, string reason)
        {
            Assert.Null(CamMac.TryNormalize(text, out var e));
            Assert.Contains(reason, e);
        }

        [Fact]
        public void BackupFile_ChecksTheManifestHash()
        {
            var dir = Path.Combine(Path.GetTempPath(), "foscamps-unit-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                var path = Path.Combine(dir, "a.params.bin");
                File.WriteAllBytes(path, new byte[] { 1, 2, 3, 4 });
                var first = CamBackupFile.TryRead(path, null, null, 1 << 20, out var e0);
                Assert.NotNull(first);
                Assert.Null(first!.RecordedSha256);
                var manifest = new CamBackupManifest { CameraId = "02ab00cd0001", Sha256 = first.Sha256, Length = 4 };
                File.WriteAllBytes(CamBackupManifest.PathFor(path), manifest.ToBytes());
                var ok = CamBackupFile.TryRead(path, null, null, 1 << 20, out _);
                Assert.Equal("02AB00CD0001", ok!.SourceCameraId);
                Assert.Equal(first.Sha256, ok.RecordedSha256);
                File.WriteAllBytes(path, new byte[] { 1, 2, 3, 5 });
                Assert.Null(CamBackupFile.TryRead(path, null, null, 1 << 20, out var e1));
                Assert.Contains("damaged or was changed", e1);
                File.WriteAllText(path, "error: illegal params.");
                Assert.Null(CamBackupFile.TryRead(path, null, null, 1 << 20, out var e2));
                Assert.Contains("text", e2);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        private static CamSession Session() => new CamSession("cam-a", CamAddress.Parse("192.0.2.10:81"), null);

        private static CamReply Reply(string text) => new CamReply(200, text, TimeSpan.Zero);

        [Fact]
        public async Task Waiter_ReturnsTheFirstAnswer_WithoutGrace()
        {
            var calls = 0;
            var r = await CamWaiter.WaitAsync(Session(), (_, _) => { calls++; return Task.FromResult(Reply("var id='A';\n")); },
                new CamWaitOptions { Timeout = TimeSpan.FromSeconds(30), PollInterval = TimeSpan.FromMilliseconds(1) }, null, CancellationToken.None);
            Assert.Equal(1, calls);
            Assert.Equal("A", r.Vars.GetString("id"));
        }

        [Fact]
        public async Task Waiter_AfterAReboot_IgnoresAnswersUntilTheCameraWasSeenDown()
        {
            var script = new Queue<Func<CamReply>>(new Func<CamReply>[]
            {
                () => Reply("var id='A';\n"),                                  // still up: the reboot has not started
                () => throw new CamUnreachableException("refused", "cam-a"),   // down
                () => Reply("var id='A';\nvar sys_ver='1.0';\n"),              // back, old version
                () => Reply("var id='A';\nvar sys_ver='2.0';\n"),              // back with the new version
            });
            var calls = 0;
            var r = await CamWaiter.WaitAsync(Session(), (_, _) => { calls++; return Task.FromResult(script.Dequeue()()); },
                new CamWaitOptions
                {
                    Timeout = TimeSpan.FromSeconds(60),
                    PollInterval = TimeSpan.FromMilliseconds(1),
                    RebootGrace = TimeSpan.FromSeconds(30),
                    Until = reply => reply.Vars.GetString("sys_ver") == "2.0" ? null : "old version",
                }, null, CancellationToken.None);
            Assert.Equal(4, calls);
            Assert.Equal("2.0", r.Vars.GetString("sys_ver"));
        }

        [Fact]
        public async Task Waiter_GivesUpWithOneErrorNamingTheCamera_AndPassesAuthFailuresThrough()
        {
            var ex = await Assert.ThrowsAsync<CamNotBackException>(() => CamWaiter.WaitAsync(Session(),
                (_, _) => Task.FromException<CamReply>(new CamTimeoutException("timed out", TimeSpan.FromSeconds(1), "cam-a")),
                new CamWaitOptions { Timeout = TimeSpan.FromMilliseconds(50), PollInterval = TimeSpan.FromMilliseconds(5), Reason = "after the reboot" }, null, CancellationToken.None));
            Assert.Equal("CameraDidNotComeBack", ex.ErrorId);
            Assert.Contains("cam-a (192.0.2.10:81) did not come back after the reboot", ex.Message);
            Assert.Contains("timed out", ex.Message);

            await Assert.ThrowsAsync<CamAuthenticationException>(() => CamWaiter.WaitAsync(Session(),
                (_, _) => Task.FromException<CamReply>(new CamAuthenticationException("401", CamAuthScheme.Basic, null, "cam-a")),
                new CamWaitOptions { Timeout = TimeSpan.FromSeconds(30) }, null, CancellationToken.None));
        }
    }
}
