using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Net.Sockets;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Tests.Commands;
using Xunit;

namespace FoscamPS.Tests.Beyond
{
    public sealed class AlarmHostedTests : IClassFixture<AlarmCamerasFixture>, IDisposable
    {
        private readonly AlarmCamerasFixture _cams;
        private readonly HostedPowerShell _ps = new HostedPowerShell();
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "foscamps-beyond-" + Guid.NewGuid().ToString("N"));

        public AlarmHostedTests(AlarmCamerasFixture cams)
        {
            _cams = cams;
            foreach (var c in _cams.Host.Cameras) c.Update(new Dictionary<string, string> { ["alarm_status"] = "0" });
        }

        public void Dispose()
        {
            _ps.Dispose();
            if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
        }

        private Dictionary<string, object?> Vars() => new()
        {
            ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword),
            ["a"] = _cams.Address(0),
            ["b"] = _cams.Address(1),
            ["dir"] = _dir,
        };

        private void WaitForPolls(int polls, RunningPipeline? run = null)
        {
            if (run is not null && run.IsCompleted) throw new Xunit.Sdk.XunitException($"pipeline ended: {run.State}; errors: {run.Streams.Error.Count}");
            var start = _cams.Host.Cameras.Select(c => c.RequestCount).ToArray();
            Wait.Until(() => _cams.Host.Cameras.Select((c, i) => c.RequestCount - start[i]).All(n => n >= polls), $"{polls} polls of every camera");
        }

        [Fact]
        public void WatchCamAlarm_OneEventPerChange_WithSnapshot_StopsAtCount()
        {
            using var run = new RunningPipeline(_ps, "Watch-CamAlarm -Camera $a,$b -Credential $cred -IntervalSec 0.1 -Count 3 -SnapshotPath $dir", Vars());
            WaitForPolls(2, run);
            Assert.True(run.Output.Count == 0);   // a camera at rest gives no event

            _cams.Host.Cameras[0].Update(new Dictionary<string, string> { ["alarm_status"] = "1" });
            Wait.Until(() => run.Output.Count >= 1, "the motion event");
            WaitForPolls(2);            // the alarm persists: still one event
            Assert.True(run.Output.Count == 1);
            var motion = Assert.IsType<CamAlarmEvent>(run.Output[0].BaseObject);
            Assert.Equal(CamAlarmStatus.Motion, motion.AlarmStatus);
            Assert.True(motion.Motion);
            Assert.False(motion.Input);
            Assert.Equal(CamAlarmStatus.None, motion.PreviousStatus);
            Assert.Equal(_cams.Host.Cameras[0].Id, motion.CameraId);
            Assert.Equal(_cams.Address(0), motion.Camera.Address.ToString());
            var jpeg = File.ReadAllBytes(motion.SnapshotPath!);
            Assert.Equal(new byte[] { 0xFF, 0xD8 }, jpeg.Take(2));

            _cams.Host.Cameras[0].Update(new Dictionary<string, string> { ["alarm_status"] = "0" });
            Wait.Until(() => run.Output.Count >= 2, "the end of the motion alarm");
            var cleared = Assert.IsType<CamAlarmEvent>(run.Output[1].BaseObject);
            Assert.Equal(CamAlarmStatus.None, cleared.AlarmStatus);
            Assert.Equal(CamAlarmStatus.Motion, cleared.PreviousStatus);
            Assert.Null(cleared.SnapshotPath);

            _cams.Host.Cameras[1].Update(new Dictionary<string, string> { ["alarm_status"] = "2" });
            run.WaitForCompletion();
            Assert.Equal(3, run.Output.Count);
            var input = Assert.IsType<CamAlarmEvent>(run.Output[2].BaseObject);
            Assert.True(input.Input);
            Assert.Equal(_cams.Host.Cameras[1].Id, input.CameraId);
            Assert.True(run.Streams.Error.Count == 0);
        }

        [Fact]
        public void WatchCamAlarm_ReportsAlarmInProgressAtStart_AndStopsOnCtrlC()
        {
            _cams.Host.Cameras[1].Update(new Dictionary<string, string> { ["alarm_status"] = "3" });
            using var run = new RunningPipeline(_ps, "Watch-CamAlarm -Camera $a,$b -Credential $cred -IntervalSec 0.1", Vars());
            Wait.Until(() => run.Output.Count >= 1, "the sound alarm in progress");
            var sound = Assert.IsType<CamAlarmEvent>(run.Output[0].BaseObject);
            Assert.True(sound.Sound);
            Assert.Null(sound.PreviousStatus);
            WaitForPolls(2);
            run.Stop();
            run.WaitForCompletion();
            Assert.True(run.Output.Count == 1);
        }

        [Fact]
        public void WatchCamAlarm_UnreachableCamera_OneErrorNotOnePerRound()
        {
            var l = new TcpListener(System.Net.IPAddress.Loopback, 0);
            l.Start();
            var dead = "127.0.0.1:" + ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            var vars = Vars();
            vars["dead"] = dead;
            var start = _cams.Host.Cameras[0].RequestCount;
            using var run = new RunningPipeline(_ps, "Watch-CamAlarm -Camera $a,$dead -Credential $cred -IntervalSec 0.1 -RetryCount 0", vars);
            Wait.Until(() => _cams.Host.Cameras[0].RequestCount - start >= 4, "4 polls of the live camera");
            run.Stop();
            run.WaitForCompletion();
            Assert.True(run.Streams.Error.Count == 1);
            var e = run.Streams.Error[0];
            Assert.Equal("CameraUnreachable", e.FullyQualifiedErrorId.Split(',')[0]);
        }

        [Fact]
        public void WatchCamAlarm_UntilInThePast_IsRejectedBeforeAnyRequest()
        {
            var before = _cams.Host.Cameras[0].RequestCount;
            var e = _ps.RunExpectingTerminatingError("Watch-CamAlarm -Camera $a -Credential $cred -Until (Get-Date).AddMinutes(-1)", Vars());
            Assert.StartsWith("UntilInPast", e.FullyQualifiedErrorId);
            Assert.Equal(before, _cams.Host.Cameras[0].RequestCount);
        }

        [Fact]
        public void AlarmListener_ReceivesCallbacks_NamesTheCamera_MasksCredentials_AndStops()
        {
            var r = _ps.Run("Start-CamAlarmListener -Port 0 -ListenAddress 127.0.0.1 -Camera $a -Name test-listener", Vars());
            Assert.Empty(r.Errors);
            var listener = Assert.IsType<CamAlarmListener>(Assert.Single(r.Output).BaseObject);
            Assert.Equal(CamAlarmListenerState.Running, listener.State);
            Assert.True(listener.Port > 0);

            using (var http = new HttpClient())
            {
                var reply = http.GetStringAsync($"http://127.0.0.1:{listener.Port}/alarm?cam=lobby&user=admin&pwd=fake-pw-1&type=motion%1b%5b31m").GetAwaiter().GetResult();
                Assert.Equal("ok.", reply);
            }
            var vars = Vars();
            vars["l"] = listener;
            var got = _ps.Run("Receive-CamAlarm -Listener $l -Wait -Count 1 -TimeoutSec 20", vars);
            Assert.Empty(got.Errors);
            var cb = Assert.IsType<CamAlarmCallback>(Assert.Single(got.Output).BaseObject);
            Assert.Equal(_cams.Address(0), cb.Camera.Name);
            Assert.Equal("127.0.0.1", cb.RemoteAddress);
            Assert.Equal("/alarm", cb.Path);
            Assert.Equal("GET", cb.Method);
            Assert.Equal("lobby", cb.Query["cam"]);
            Assert.Equal("***", cb.Query["pwd"]);
            Assert.Equal("***", cb.Query["user"]);
            Assert.DoesNotContain(cb.Query.Values, v => v.Any(char.IsControl));
            Assert.DoesNotContain("fake-pw-1", PSSerializer.Serialize(cb, 4));

            // Nothing left: without -Wait Receive-CamAlarm returns at once.
            Assert.Empty(_ps.Run("Receive-CamAlarm -Listener $l", vars).Output);
            Assert.Equal(1, listener.Received);

            var stopped = _ps.Run("$l | Stop-CamAlarmListener -PassThru", vars);
            Assert.Equal(CamAlarmListenerState.Stopped, Assert.IsType<CamAlarmListener>(Assert.Single(stopped.Output).BaseObject).State);
            using var probe = new TcpClient();
            Assert.ThrowsAny<SocketException>(() => probe.Connect("127.0.0.1", listener.Port));
        }

        [Fact]
        public void AlarmListener_GarbageRequest_IsAnsweredAndNotQueued()
        {
            var r = _ps.Run("Start-CamAlarmListener -ListenAddress 127.0.0.1", Vars());
            var listener = Assert.IsType<CamAlarmListener>(Assert.Single(r.Output).BaseObject);
            try
            {
                using (var c = new TcpClient("127.0.0.1", listener.Port))
                {
                    var s = c.GetStream();
                    var junk = System.Text.Encoding.ASCII.GetBytes("\u0001\u0002garbage\r\n\r\n");
                    s.Write(junk, 0, junk.Length);
                    var buf = new byte[512];
                    var n = s.Read(buf, 0, buf.Length);
                    Assert.Contains("400", System.Text.Encoding.ASCII.GetString(buf, 0, n));
                }
                Assert.Equal(0, listener.Received);
            }
            finally
            {
                listener.Stop();
            }
        }

        [Fact]
        public void StartCamAlarmListener_RejectsAHostName()
        {
            var e = _ps.RunExpectingTerminatingError("Start-CamAlarmListener -ListenAddress not-an-ip");
            Assert.StartsWith("InvalidListenAddress", e.FullyQualifiedErrorId);
        }
    }
}
