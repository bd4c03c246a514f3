using System;
using System.Collections.Generic;
using System.Linq;
using FoscamPS.Tests.Commands;
using FoscamPS.Tests.Control;
using Xunit;

namespace FoscamPS.Tests.Users
{
    /// <summary>
    /// Issue 7 follow-ups on the control cmdlets: one enum per code table (the stream and serial cmdlets use the settings
    /// enums and still take the old value names); Set-CamImageSetting -Flip makes Invoke-CamPtz read the flip bits again.
    /// </summary>
    public sealed class ControlFollowUpTests : IClassFixture<ControlCamerasFixture>, IDisposable
    {
        private const int Cam = 4;
        private readonly ControlCamerasFixture _cams;
        private readonly HostedPowerShell _ps = new HostedPowerShell();

        public ControlFollowUpTests(ControlCamerasFixture cams)
        {
            _cams = cams;
            _cams.Reset(Cam);
        }

        public void Dispose() => _ps.Dispose();

        private HostedResult Run(string script)
            => _ps.Run(script, new Dictionary<string, object?> { ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword), ["addr"] = _cams.Address(Cam) });

        [Fact]
        public void NoTwoPublicEnums_ShareOneCodeTable()
        {
            var enums = typeof(FoscamPS.Model.CamBaudRate).Assembly.GetExportedTypes().Where(t => t.IsEnum && !t.IsDefined(typeof(FlagsAttribute), false)).ToList();
            var byValues = enums
                .Select(t => (Type: t, Key: string.Join(",", Enum.GetValues(t).Cast<object>().Select(Convert.ToInt64).Distinct().OrderBy(x => x))))
                // Code tables with gaps (baud, resolution, rate, ...); a run 0..n says nothing about a shared table.
                .Where(e => e.Key.Split(',').Select(long.Parse).Select((v, i) => v != i).Any(x => x))
                .GroupBy(e => e.Key)
                .Where(g => g.Count() > 1)
                .Select(g => string.Join(" = ", g.Select(e => e.Type.Name)))
                .ToList();
            Assert.True(byValues.Count == 0, "enums with the same codes: " + string.Join("; ", byValues));
            Assert.DoesNotContain(enums, t => t.Name is "CamSerialBaudRate" or "CamStreamResolution");
        }

        [Theory]
        [InlineData("Baud9600", 13)]
        [InlineData("B19200", 14)]
        [InlineData("4098", 4098)]
        public void SendSerialData_TakesTheSettingsBaudEnum_AndTheOldNames(string baud, int code)
        {
            var r = Run($"Send-CamSerialData -Camera $addr -Credential $cred -Hex '01 02' -BaudRate {baud}");
            Assert.True(r.Errors.Count == 0, string.Join("; ", r.Errors));
            Assert.Equal(code, _cams.Host.Cameras[Cam].LastSerialWrite!.Baud);
        }

        [Theory]
        [InlineData("Qvga", 320)]
        [InlineData("Vga640x480", 640)]
        public void GetFrame_TakesTheSettingsResolutionEnum_AndTheOldNames(string resolution, int width)
        {
            var r = Run($"Get-CamFrame -Camera $addr -Credential $cred -Resolution {resolution} -FrameCount 1");
            Assert.True(r.Errors.Count == 0, string.Join("; ", r.Errors));
            var frame = Assert.Single(r.Output).BaseObject;
            Assert.Equal(width, Convert.ToInt32(frame.GetType().GetProperty("Width")!.GetValue(frame)));
        }

        [Fact]
        public void GetFrame_160x120_IsNotAStreamResolution()
        {
            var r = Run("Get-CamFrame -Camera $addr -Credential $cred -Resolution Qqvga160x120 -FrameCount 1");
            var e = r.Terminating is System.Management.Automation.IContainsErrorRecord c ? c.ErrorRecord : Assert.Single(r.Errors);
            Assert.StartsWith("InvalidResolution", e.FullyQualifiedErrorId);
            Assert.Contains("Vga640x480", e.Exception.Message);
        }

        [Fact]
        public void SetImageSettingFlip_ThenPtz_UsesTheNewFlipBits()
        {
            Assert.Empty(Run("$global:s = Connect-Cam -Camera $addr -Credential $cred; Invoke-CamPtz -Camera $s -Direction Left -Duration 0.2").Errors);
            Assert.Equal(7, _cams.Host.Cameras[Cam].Ptz.LastCommand); // not mirrored: left stops with 7
            var set = Run("Set-CamImageSetting -Camera $s -Flip Mirror -Confirm:$false");
            Assert.True(set.Errors.Count == 0, string.Join("; ", set.Errors));
            Assert.Equal("2", _cams.Host.Cameras[Cam].Snapshot()["flip"]);
            var before = _cams.Host.Cameras[Cam].Ptz;
            Assert.Empty(Run("Invoke-CamPtz -Camera $s -Direction Left -Duration 0.2").Errors);
            var after = _cams.Host.Cameras[Cam].Ptz;
            Assert.Equal(5, after.LastCommand); // mirrored: left in the picture is the motor's right
            Assert.True(after.Pan > before.Pan, "the mirrored picture's left turns the motor right");
        }
    }
}
