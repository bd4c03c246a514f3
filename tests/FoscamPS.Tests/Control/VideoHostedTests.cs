using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using FoscamPS.Emulator;
using FoscamPS.Model;
using FoscamPS.Protocol;
using FoscamPS.Tests.Commands;
using Xunit;

namespace FoscamPS.Tests.Control
{
    /// <summary>Save-CamVideo and Get-CamFrame against emulated cameras; recordings judged by ffprobe.</summary>
    public sealed class VideoHostedTests : ControlHostedTestsBase
    {
        private const int Cam = 1;
        private readonly string _dir = TempDir.Create();

        public VideoHostedTests(ControlCamerasFixture cams) : base(cams, Cam)
        {
        }

        public override void Dispose()
        {
            Cams.Reset(Cam);
            base.Dispose();
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        protected override Dictionary<string, object?> Vars(string user = "admin", string password = TestAccounts.AdminPassword)
        {
            var v = base.Vars(user, password);
            v["dir"] = _dir;
            return v;
        }

        private CamVideoRecording Record(string args)
        {
            var r = Ps.Run("Save-CamVideo -Camera $addr -Credential $cred -Path $dir " + args, Vars());
            Assert.True(r.Errors.Count == 0, string.Join("; ", r.Errors.Select(e => e.ToString())));
            return Assert.IsType<CamVideoRecording>(Assert.Single(r.Output).BaseObject);
        }

        [Theory]
        [InlineData("Mjpeg", null, ".mjpeg")]
        [InlineData("Multipart", "mpjpeg", ".mpjpeg")]
        public void Recording_IsAValidMjpegFile(string format, string? ffFormat, string extension)
        {
            var rec = Record($"-Format {format} -FrameCount 5 -Resolution Qvga -Rate Fps10");
            Assert.EndsWith(extension, rec.Path);
            Assert.Contains(Path.GetFileNameWithoutExtension(Camera.Port.ToString()), Path.GetFileName(rec.Path));
            Assert.Equal(5, rec.Frames);
            Assert.Equal(new FileInfo(rec.Path).Length, rec.Bytes);
            Assert.Equal(0, rec.DamagedParts);
            Assert.Equal(0, rec.Reconnects);
            Assert.Equal("FrameCount", rec.EndReason);
            var probe = FfProbe.Probe(rec.Path, ffFormat);
            Assert.Equal(("mjpeg", 320, 240, 5), (probe.Codec, probe.Width, probe.Height, probe.Frames));
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(rec.Path));
        }

        [Fact]
        public void MaxBytes_EndsTheRecordingBeforeTheLimit()
        {
            var rec = Record("-MaxBytes 50000 -Resolution Qvga -Rate Full");
            Assert.Equal("MaxBytes", rec.EndReason);
            Assert.True(rec.Bytes <= 50000 && rec.Bytes > 20000, $"{rec.Bytes} bytes");
            Assert.Equal(rec.Bytes, new FileInfo(rec.Path).Length);
            Assert.Equal(rec.Frames, FfProbe.Probe(rec.Path).Frames);
        }

        [Fact]
        public void JpegFormat_WritesOneFilePerFrame()
        {
            var rec = Record("-Format Jpeg -FrameCount 4 -Rate Fps10");
            var files = Directory.GetFiles(rec.Path, "*.jpg").OrderBy(f => f).ToArray();
            Assert.Equal(4, files.Length);
            Assert.Equal(4, rec.Frames);
            var probe = FfProbe.Probe(files[3]);
            Assert.Equal(("mjpeg", 640, 480), (probe.Codec, probe.Width, probe.Height));
        }

        [Fact]
        public void AsfFormat_IsAValidAsfFile()
        {
            var rec = Record("-Format Asf -Duration 1.5 -Resolution Vga -Rate Fps10");
            Assert.EndsWith(".asf", rec.Path);
            Assert.Equal("Duration", rec.EndReason);
            var probe = FfProbe.Probe(rec.Path);
            Assert.Equal(("mjpeg", 640, 480), (probe.Codec, probe.Width, probe.Height));
            Assert.True(probe.Frames >= 5, $"{probe.Frames} frames in 1.5 s at 10 fps");
        }

        [Fact]
        public void TruncatedStream_SkipsTheDamagedPart_AndReconnects()
        {
            Camera.Fault = FaultMode.TruncatedMjpeg;   // 3 good parts, a cut one, then the connection ends
            var rec = Record("-FrameCount 5 -Resolution Qvga -Rate Fps10");
            Assert.Equal(5, rec.Frames);
            Assert.Equal(1, rec.DamagedParts);
            Assert.Equal(1, rec.Reconnects);
            Assert.Equal(5, FfProbe.Probe(rec.Path).Frames);
        }

        [Fact]
        public void MalformedStream_SkipsDamagedParts_WithoutReconnecting()
        {
            Camera.Fault = FaultMode.MalformedMjpeg;
            var rec = Record("-FrameCount 6 -Resolution Qvga -Rate Full");
            Assert.Equal(6, rec.Frames);
            Assert.Equal(0, rec.Reconnects);
            // Parts 0–6 of the cycle: 1 (Content-Length too large) is recovered from its boundary, 3 (no EOI) is
            // skipped, the junk after 5 is skipped: two damaged parts for six frames.
            Assert.Equal(2, rec.DamagedParts);
            var probe = FfProbe.Probe(rec.Path);
            Assert.Equal(("mjpeg", 320, 240, 6), (probe.Codec, probe.Width, probe.Height, probe.Frames));
        }

        [Fact]
        public void ResetStream_Reconnects_AndStaysValid()
        {
            // The connection is reset after 16 KiB of body, so each connection carries only a few QVGA frames.
            Camera.Fault = FaultMode.ResetMidBody;
            var rec = Record("-FrameCount 8 -Resolution Qvga -Rate Full");
            Assert.Equal(8, rec.Frames);
            Assert.Equal(8, FfProbe.Probe(rec.Path).Frames);
            var bytes = File.ReadAllBytes(rec.Path);
            var starts = Enumerable.Range(0, bytes.Length - 1).Where(i => bytes[i] == 0xFF && bytes[i + 1] == 0xD8 && (i == 0 || (bytes[i - 2] == 0xFF && bytes[i - 1] == 0xD9))).ToList();
            var smallest = starts.Select((s, k) => (k + 1 < starts.Count ? starts[k + 1] : bytes.Length) - s).Min();
            var perConnection = 16 * 1024 / smallest;   // whole frames that fit before the reset, at most
            var minimum = (int)Math.Ceiling(8.0 / perConnection) - 1;
            Assert.True(minimum >= 1 && rec.Reconnects >= minimum, $"{rec.Reconnects} reconnects, at least {minimum} expected (smallest frame {smallest} bytes)");
        }

        [Fact]
        public void CtrlC_ClosesTheFile_PlayableToTheLastFrame()
        {
            using var ps = PowerShell.Create();
            ps.Runspace = Ps.Runspace;
            foreach (var kv in Vars()) Ps.Runspace.SessionStateProxy.SetVariable(kv.Key, kv.Value);
            ps.AddScript("Save-CamVideo -Camera $addr -Credential $cred -Path $dir -Resolution Qvga -Rate Fps10");
            ps.BeginInvoke();
            string? file = null;
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < deadline)
            {
                file = Directory.GetFiles(_dir, "*.mjpeg").SingleOrDefault();
                if (file is not null && new FileInfo(file).Length > 20_000) break;
                Thread.Sleep(50);
            }
            Assert.NotNull(file);
            ps.Stop();    // returns after the file was closed
            var bytes = File.ReadAllBytes(file!);
            Assert.Equal((byte)0xFF, bytes[^2]);
            Assert.Equal((byte)0xD9, bytes[^1]);
            var frames = 0;
            for (int i = 0; i + 1 < bytes.Length; i++) if (bytes[i] == 0xFF && bytes[i + 1] == 0xD8 && (i == 0 || (bytes[i - 2] == 0xFF && bytes[i - 1] == 0xD9))) frames++;
            var probe = FfProbe.Probe(file!);
            Assert.True(probe.Frames >= 2);
            Assert.Equal(frames, probe.Frames);
        }

        [Fact]
        public void ExistingFile_NeedsForce_AndVisitorMayRecord()
        {
            var rec = Record("-FrameCount 1 -Resolution Qvga");
            var r = Ps.Run("Save-CamVideo -Camera $addr -Credential $cred -Path $dir -FrameCount 1 -Resolution Qvga", Vars("guest", TestAccounts.VisitorPassword));
            // a second recording in the same second has the same name: refused without -Force, or a new file in the next second
            if (r.Errors.Count > 0) Assert.Equal("FileWriteFailed", r.Errors[0].FullyQualifiedErrorId.Split(',')[0]);
            else Assert.NotEqual(rec.Path, Assert.IsType<CamVideoRecording>(Assert.Single(r.Output).BaseObject).Path);
            var forced = Ps.Run("Save-CamVideo -Camera $addr -Credential $cred -Path $dir -FrameCount 1 -Resolution Qvga -Force", Vars("guest", TestAccounts.VisitorPassword));
            Assert.Empty(forced.Errors);
        }

        [Theory]
        [InlineData("Save-CamVideo -Camera $addr -Credential $cred -Path $dir -Format Asf -FrameCount 3", "FrameCountNotForAsf")]
        [InlineData("Save-CamVideo -Camera $addr -Credential $cred -Path $dir -Rate 2", "CannotConvertArgument")]
        [InlineData("Save-CamVideo -Camera $addr -Credential $cred -Path $dir -Resolution 2", "InvalidResolution")] // 2 = Qqvga160x120 is a CamResolution, but streams do not take it
        [InlineData("Save-CamVideo -Camera $addr -Credential $cred -Path $dir -FrameCount 0", "ParameterArgumentValidationError")]
        [InlineData("Get-CamFrame -Camera $addr -Credential $cred -Rate 5", "CannotConvertArgument")]
        public void BadInput_IsRejectedBeforeAnyRequest(string script, string errorId) => AssertRejectedBeforeAnyRequest(script, errorId);

        [Fact]
        public void WhatIf_RecordsNothing()
        {
            var requests = Camera.RequestCount;
            var r = Ps.Run("Save-CamVideo -Camera $addr -Credential $cred -Path $dir -FrameCount 2 -WhatIf", Vars());
            Assert.Empty(r.Output);
            Assert.Equal(requests, Camera.RequestCount);
            Assert.Empty(Directory.GetFileSystemEntries(_dir));
        }

        [Fact]
        public void GetCamFrame_StreamsFramesWithTheirSize()
        {
            var r = Ps.Run("Get-CamFrame -Camera $addr -Credential $cred -FrameCount 3 -Resolution Qvga -Rate Fps10", Vars());
            Assert.Empty(r.Errors);
            var frames = r.Output.Select(o => Assert.IsType<CamFrame>(o.BaseObject)).ToList();
            Assert.Equal(new long[] { 0, 1, 2 }, frames.Select(f => f.Sequence));
            Assert.All(frames, f => Assert.Equal((320, 240), (f.Width, f.Height)));
            Assert.All(frames, f => Assert.Equal(0xD8, f.Data[1]));
            var first = Ps.Run("Get-CamFrame -Camera $addr -Credential $cred -Duration 30 -Rate Fps10 | Select-Object -First 2", Vars());
            Assert.Equal(2, first.Output.Count);
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (Camera.InFlight > 0 && DateTime.UtcNow < deadline) Thread.Sleep(20);
            Assert.Equal(0, Camera.InFlight); // the stream was closed when the pipeline stopped
        }

        [Fact]
        public void TestCamCredential_ReportsPrivilege_AndNeverThePassword()
        {
            var r = Ps.Run("Test-CamCredential -Camera $addr -Credential $cred -Verbose", Vars("oper", TestAccounts.OperatorPassword));
            Assert.Empty(r.Errors);
            var check = Assert.IsType<CamCredentialCheck>(Assert.Single(r.Output).BaseObject);
            Assert.True(check.IsValid);
            Assert.Equal(CamPrivilege.Operator, check.Privilege);
            Assert.Equal("oper", check.UserName);
            var text = string.Join("\n", r.Verbose) + PSSerializer.Serialize(check, 3) + Ps.Run("$input | Format-List * | Out-String", null).ToString();
            Assert.DoesNotContain(TestAccounts.OperatorPassword, text);

            var bad = Ps.Run("Test-CamCredential -Camera $addr -Credential $cred", Vars("admin", "fake-wrong"));
            Assert.Empty(bad.Errors);
            Assert.False(Assert.IsType<CamCredentialCheck>(Assert.Single(bad.Output).BaseObject).IsValid);
            Assert.Equal(new object[] { true }, Ps.Run("Test-CamCredential -Camera $addr -Credential $cred -Quiet", Vars()).Output.Select(o => o.BaseObject));
            Assert.Equal(new object[] { false }, Ps.Run("Test-CamCredential -Camera $addr -Credential $cred -Quiet", Vars("guest", "fake-wrong")).Output.Select(o => o.BaseObject));
        }

        [Fact]
        public void GetCamLog_ReturnsEntries_AndFilters()
        {
            Ps.Run("Test-CamCredential -Camera $addr -Credential $cred", Vars("guest", TestAccounts.VisitorPassword));
            var r = Ps.Run("Get-CamLog -Camera $addr -Credential $cred", Vars());
            Assert.Empty(r.Errors);
            var entries = r.Output.Select(o => Assert.IsType<CamLogEntry>(o.BaseObject)).ToList();
            Assert.Contains(entries, e => e.User == "guest" && e.ClientAddress == "127.0.0.1" && e.Action == "access");
            Assert.All(entries, e => Assert.NotEqual(default, e.Time));
            var guest = Ps.Run("Get-CamLog -Camera $addr -Credential $cred -User gue*", Vars()).Output.Select(o => (CamLogEntry)o.BaseObject).ToList();
            Assert.NotEmpty(guest);
            Assert.All(guest, e => Assert.Equal("guest", e.User));
            Assert.Empty(Ps.Run("Get-CamLog -Camera $addr -Credential $cred -After ([datetime]::MaxValue.AddDays(-1))", Vars()).Output);
            var denied = Ps.Run("Get-CamLog -Camera $addr -Credential $cred", Vars("oper", TestAccounts.OperatorPassword));
            Assert.Equal("AccessDenied", Assert.Single(denied.Errors).FullyQualifiedErrorId.Split(',')[0]);
        }
    }
}
