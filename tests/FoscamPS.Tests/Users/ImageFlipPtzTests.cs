using System;
using System.Collections.Generic;
using FoscamPS.Emulator;
using FoscamPS.Tests.Commands;
using FoscamPS.Tests.Control;
using Xunit;

namespace FoscamPS.Tests.Users
{
    /// <summary>Set-CamImageSetting -Flip makes Invoke-CamPtz read the flip bits again (it corrects directions with them).</summary>
    public sealed class ImageFlipPtzTests : IClassFixture<ControlCamerasFixture>, IDisposable
    {
        private const int Cam = 5;
        private readonly ControlCamerasFixture _cams;
        private readonly HostedPowerShell _ps = new HostedPowerShell();

        public ImageFlipPtzTests(ControlCamerasFixture cams)
        {
            _cams = cams;
            _cams.Reset(Cam);
        }

        public void Dispose() => _ps.Dispose();

        private HostedResult Run(string script)
            => _ps.Run(script, new Dictionary<string, object?> { ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword), ["addr"] = _cams.Address(Cam) });

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
