using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using FoscamPS.Emulator;
using FoscamPS.Model;
using FoscamPS.Tests.Commands;
using FoscamPS.Tests.Settings;
using Xunit;

namespace FoscamPS.Tests.Users
{
    /// <summary>Cameras that move to their configured port when they reboot (as real firmware rebinds), rebooting fast.</summary>
    public sealed class MovingCamerasFixture : EmulatorFixtureBase
    {
        protected override EmulatorOptions CreateOptions() => new EmulatorOptions { Count = 4, RebootTime = TimeSpan.FromMilliseconds(300), MovePortOnReboot = true };
    }

    /// <summary>
    /// The setter core where the write's reply is lost (the emulator's DropSetterReply faults: the camera applies the
    /// write and closes the connection without answering, as set_network/set_wifi do by design) and where the camera
    /// moves to another port (Set-CamNetwork -Port; the emulator rebinds after the reboot). The third outcome, not
    /// applied (WriteNotApplied), is SettingsPipelineTests.LostReply_BeforeTheCameraApplied_IsWriteNotApplied_AndTheWriteIsSentOnce.
    /// </summary>
    public sealed class SetterCoreFaultTests : HostedEmulatorTests<MovingCamerasFixture>
    {
        public SetterCoreFaultTests(MovingCamerasFixture cams) : base(cams)
        {
        }

        private Dictionary<string, object?> Vars()
        {
            var v = SettingsCases.Variables(Cams);
            for (var i = 0; i < Cams.Host.Cameras.Count; i++) v["a" + i] = Cams.Address(i);
            return v;
        }

        private HostedResult Run(string script) => Ps.Run(script, Vars());

        private (HostedResult Result, long Requests) Counted(int cam, string script)
        {
            var before = Cam(cam).RequestCount;
            var r = Run(script);
            return (r, Cam(cam).RequestCount - before);
        }

        [Fact]
        public void DropSetterReply_TheEmulatorAppliesTheSetter_AndAnswersNothing()
        {
            Cam(0).Update(new Dictionary<string, string> { ["alias"] = "before" });
            Cam(0).Fault = FaultMode.DropSetterReply;
            using var http = new System.Net.Http.HttpClient();
            var url = $"http://{Cams.Address(0)}/set_alias.cgi?alias=dropped&user=admin&pwd={TestAccounts.AdminPassword}";
            var count = Cam(0).RequestCount;
            var ex = Assert.ThrowsAny<Exception>(() => http.GetAsync(url).GetAwaiter().GetResult());
            Assert.Equal(1, Cam(0).RequestCount - count);
            Assert.True(ex is System.Net.Http.HttpRequestException || ex is System.IO.IOException, ex.ToString());
            Assert.Equal("dropped", Cam(0).Snapshot()["alias"]);
            var read = http.GetStringAsync($"http://{Cams.Address(0)}/get_params.cgi?user=admin&pwd={TestAccounts.AdminPassword}").GetAwaiter().GetResult();
            Assert.Contains("alias='dropped';", read);
        }

        [Fact]
        public void LostReply_Applied_IsAWarning_AndTheSetterIsSentOnce()
        {
            Cam(0).Update(new Dictionary<string, string> { ["alarm_motion_sensitivity"] = "3" });
            var baseline = Counted(0, "Set-CamAlarm -Camera $a0 -Credential $cred -MotionSensitivity 4 -Confirm:$false -TimeoutSec 2");
            Assert.True(baseline.Result.Errors.Count == 0, string.Join("; ", baseline.Result.Errors));
            Cam(0).Fault = FaultMode.DropSetterReply;
            var lost = Counted(0, "Set-CamAlarm -Camera $a0 -Credential $cred -MotionSensitivity 8 -Confirm:$false -TimeoutSec 2 -Verbose");
            Assert.True(lost.Result.Errors.Count == 0, string.Join("; ", lost.Result.Errors));
            Assert.Contains(lost.Result.Warnings, w => w.Contains("lost") && w.Contains("applied"));
            Assert.Equal("8", Cam(0).Snapshot()["alarm_motion_sensitivity"]);
            Assert.True(baseline.Requests == lost.Requests, string.Join("\n", lost.Result.Verbose)); // read, the write once, read back
        }

        [Fact]
        public void LostReply_ThatCannotBeReadBack_IsWriteIndeterminate_AndNotRetried()
        {
            Cam(2).Update(new Dictionary<string, string> { ["alarm_preset"] = "1" });
            var baseline = Counted(2, "Set-CamAlarm -Camera $a2 -Credential $cred -Preset 2 -Confirm:$false -TimeoutSec 3 -RetryCount 0");
            Assert.True(baseline.Result.Errors.Count == 0, string.Join("; ", baseline.Result.Errors));
            Cam(2).Fault = FaultMode.DropSetterReplyThenSilence;
            var lost = Counted(2, "Set-CamAlarm -Camera $a2 -Credential $cred -Preset 5 -Confirm:$false -TimeoutSec 3 -RetryCount 0 -Verbose");
            var e = Assert.Single(lost.Result.Errors);
            Assert.StartsWith("WriteIndeterminate", e.FullyQualifiedErrorId);
            Assert.Contains("unknown", e.Exception.Message);
            Assert.Equal("5", Cam(2).Snapshot()["alarm_preset"]);
            Assert.True(baseline.Requests == lost.Requests, baseline.Requests + " " + lost.Requests + string.Join("\n", lost.Result.Verbose)); // read, the write once, one read back (that hangs)
        }

        [Theory]
        [InlineData(FaultMode.TruncatedReply)]
        [InlineData(FaultMode.DropSetterReply)]
        public void AddUser_WhoseReplyIsLost_IsJudgedByReadingBack_LikeTheOtherSetters(FaultMode mode)
        {
            var name = "lost" + (int)mode;
            Cam(1).Fault = mode;
            Cam(1).FaultCgi = "set_users.cgi";
            var v = Vars();
            v["acct"] = HostedPowerShell.Credential(name, "fake-pw-3");
            var r = Ps.Run("Add-CamUser -Camera $a1 -Credential $cred -Account $acct -Privilege Visitor -Confirm:$false -TimeoutSec 2", v);
            Assert.True(r.Errors.Count == 0, string.Join("; ", r.Errors));
            Assert.Contains(r.Warnings, w => w.Contains("lost") && w.Contains("applied"));
            var snap = Cam(1).Snapshot();
            Assert.Contains(Enumerable.Range(1, 8), i => snap[$"user{i}_name"] == name);
        }

        [Fact]
        public void AddUser_WhoseReplyIsLost_AndCannotBeReadBack_IsWriteIndeterminate()
        {
            Cam(2).Fault = FaultMode.DropSetterReplyThenSilence;
            var v = Vars();
            v["acct"] = HostedPowerShell.Credential("silent", "fake-pw-4");
            var r = Ps.Run("Add-CamUser -Camera $a2 -Credential $cred -Account $acct -Confirm:$false -TimeoutSec 3 -RetryCount 0", v);
            var e = Assert.Single(r.Errors);
            Assert.StartsWith("WriteIndeterminate", e.FullyQualifiedErrorId);
            var snap = Cam(2).Snapshot();
            Assert.Contains(Enumerable.Range(1, 8), i => snap[$"user{i}_name"] == "silent");
        }

        [Fact]
        public void SetNetwork_NewPort_TheSessionFollowsTheCamera()
        {
            var oldPort = Cam(3).Port;
            var newPort = FreePort();
            var r = Run($@"
                $global:s = Connect-Cam -Camera $a3 -Credential $cred
                Set-CamNetwork -Camera $s -Port {newPort} -Confirm:$false -WaitTimeoutSec 20
                ""$($s.Address)""
                (Get-CamNetwork -Camera $s).Port");
            Assert.True(r.Errors.Count == 0, string.Join("; ", r.Errors));
            Assert.Equal(newPort, Cam(3).Port);
            Assert.Equal($"127.0.0.1:{newPort}", r.Output[0].ToString());
            Assert.Equal(newPort.ToString(), r.Output[1].ToString());
            // Back again, so the fixture's address holds for the other tests.
            var back = Ps.Run($"Set-CamNetwork -Camera $s -Port {oldPort} -Confirm:$false -WaitTimeoutSec 20; $s.Address.ToString()", Vars());
            Assert.True(back.Errors.Count == 0, string.Join("; ", back.Errors));
            Assert.Equal(oldPort, Cam(3).Port);
            Assert.Equal($"127.0.0.1:{oldPort}", back.Output.Last().ToString());
        }

        [Fact]
        public void SetNetwork_NewPortTheCameraCannotTake_SaysTheSessionCouldNotFollow()
        {
            var taken = Cam(1).Port; // the emulator refuses a port another camera listens on: the camera stays
            var r = Run($"Set-CamNetwork -Camera $a2 -Credential $cred -Port {taken} -Confirm:$false -WaitTimeoutSec 5");
            var e = Assert.Single(r.Errors);
            Assert.StartsWith("AddressNotFollowed", e.FullyQualifiedErrorId);
            Assert.Contains($"127.0.0.1:{taken}", e.Exception.Message);
            Assert.Contains("still points to", e.Exception.Message);
            Assert.NotEqual(taken, Cam(2).Port);
        }

        private static int FreePort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            var port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }
    }
}
