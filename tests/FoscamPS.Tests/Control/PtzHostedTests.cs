using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Emulator;
using FoscamPS.Model;
using FoscamPS.Tests.Commands;
using Xunit;

namespace FoscamPS.Tests.Control
{
    /// <summary>Invoke-CamPtz and the IO/serial/preset cmdlets against emulated cameras (the emulator's PTZ state shows moves and stops).</summary>
    public sealed class PtzHostedTests : ControlHostedTestsBase
    {
        public PtzHostedTests(ControlCamerasFixture cams) : base(cams, 0)
        {
            Run("Invoke-CamPtz -Camera $addr -Credential $cred -Center");
        }

        private HostedResult Run(string script, string user = "admin", string password = TestAccounts.AdminPassword)
            => Ps.Run(script, Vars(user, password));

        private void SetFlip(int bits) => Camera.Update(new Dictionary<string, string> { ["flip"] = bits.ToString() });

        [Theory]
        [InlineData("Left", 0, -1, 0, 7)]
        [InlineData("Right", 0, 1, 0, 5)]
        [InlineData("Up", 0, 0, 1, 1)]
        [InlineData("Down", 0, 0, -1, 3)]
        [InlineData("Left", 2, 1, 0, 5)]      // mirrored picture: left in the picture is the motor's right
        [InlineData("Up", 1, 0, -1, 3)]       // flipped picture: up in the picture is the motor's down
        [InlineData("UpLeft", 0, -1, 1, 1)]
        [InlineData("DownRight", 3, -1, 1, 1)] // flipped and mirrored
        public void TimedMove_CorrectsDirection_AndAlwaysStops(string direction, int flip, int dx, int dy, int stop)
        {
            SetFlip(flip);
            var before = Camera.Ptz;
            var r = Run($"Invoke-CamPtz -Camera $addr -Credential $cred -Direction {direction} -Duration 0.3 -PassThru");
            Assert.Empty(r.Errors);
            var after = Camera.Ptz;
            Assert.Equal(PtzMotion.Stopped, after.Motion);
            Assert.Equal(stop, after.LastCommand);
            Assert.Equal(Math.Sign(dx), Math.Sign(Math.Round(after.Pan - before.Pan)));
            Assert.Equal(Math.Sign(dy), Math.Sign(Math.Round(after.Tilt - before.Tilt)));
            var action = Assert.IsType<CamControlAction>(Assert.Single(r.Output).BaseObject);
            Assert.Equal(stop, action.StopValue);
            Assert.True(action.Duration > TimeSpan.Zero);
        }

        [Fact]
        public void NoDirectionCorrection_SendsTheSpecCodes()
        {
            SetFlip(2);
            var before = Camera.Ptz;
            var r = Run("Invoke-CamPtz -Camera $addr -Credential $cred -Direction Left -Duration 0.3 -NoDirectionCorrection");
            Assert.Empty(r.Errors);
            var after = Camera.Ptz;
            Assert.True(after.Pan > before.Pan, "spec code 4 turns the FI8918W motor right");
            Assert.Equal(5, after.LastCommand);
            Assert.Equal(PtzMotion.Stopped, after.Motion);
        }

        [Fact]
        public void Step_MovesExactlyTheDegrees_WithoutAStop()
        {
            var before = Camera.Ptz;
            var r = Run("Invoke-CamPtz -Camera $addr -Credential $cred -Direction Right -Degree 10");
            Assert.Empty(r.Errors);
            var after = Camera.Ptz;
            Assert.Equal(before.Pan + 10, after.Pan, 3);
            Assert.Equal(4, after.LastCommand);
            Assert.Equal(before.CommandCount + 1, after.CommandCount);
        }

        [Fact]
        public void StopCenterPatrolPresetAndMotorTest_SendTheirCodes()
        {
            Assert.Empty(Run("Invoke-CamPtz -Camera $addr -Credential $cred -Patrol Horizontal").Errors);
            Assert.Equal(PtzMotion.PatrolHorizontal, Camera.Ptz.Motion);
            Assert.Empty(Run("Invoke-CamPtz -Camera $addr -Credential $cred -Patrol Stop").Errors);
            Assert.Equal(PtzMotion.Stopped, Camera.Ptz.Motion);
            Assert.Empty(Run("Invoke-CamPtz -Camera $addr -Credential $cred -Patrol Vertical -Duration 0.2").Errors);
            Assert.Equal(PtzMotion.Stopped, Camera.Ptz.Motion);
            Assert.Equal(27, Camera.Ptz.LastCommand);

            Assert.Empty(Run("Invoke-CamPtz -Camera $addr -Credential $cred -Direction Right -Degree 20").Errors);
            Assert.Empty(Run("Set-CamPtzPreset -Camera $addr -Credential $cred -Preset 3").Errors);
            var stored = Camera.Ptz.Presets[3];
            Assert.Empty(Run("Invoke-CamPtz -Camera $addr -Credential $cred -Center").Errors);
            Assert.Equal(PtzState.PanCenter, Camera.Ptz.Pan, 3);
            Assert.Empty(Run("Invoke-CamPtz -Camera $addr -Credential $cred -Preset 3").Errors);
            Assert.Equal(stored.Pan, Camera.Ptz.Pan, 3);
            Assert.Equal(35, Camera.Ptz.LastCommand);

            Assert.Empty(Run("Invoke-CamPtz -Camera $addr -Credential $cred -Patrol Vertical").Errors);
            Assert.Equal(PtzMotion.PatrolVertical, Camera.Ptz.Motion);
            Assert.Empty(Run("Invoke-CamPtz -Camera $addr -Credential $cred -Stop").Errors);
            Assert.Equal(PtzMotion.Stopped, Camera.Ptz.Motion);
            Assert.Equal(1, Camera.Ptz.LastCommand);

            var tests = Camera.Ptz.MotorTestCount;
            Assert.Empty(Run("Invoke-CamPtz -Camera $addr -Credential $cred -MotorTest").Errors);
            Assert.Equal(tests + 1, Camera.Ptz.MotorTestCount);

            Assert.Empty(Run("Invoke-CamPtz -Camera $addr -Credential $cred -Zoom In -Duration 0.1").Errors);
            Assert.Equal(19, Camera.Ptz.LastCommand);
            Assert.Empty(Run("Invoke-CamPtz -Camera $addr -Credential $cred -Focus Far -Duration 0.1").Errors);
            Assert.Equal(15, Camera.Ptz.LastCommand);
            Assert.Empty(Run("Invoke-CamPtz -Camera $addr -Credential $cred -Iris Close -Duration 0.1").Errors);
            Assert.Equal(9, Camera.Ptz.LastCommand);
            Assert.Empty(Run("Invoke-CamPtz -Camera $addr -Credential $cred -Preset 20 -ExternalDecoder").Errors);
            Assert.Equal(69, Camera.Ptz.LastCommand);
        }

        [Fact]
        public void StopIsSent_WhenTheMoveRequestFailed()
        {
            Assert.Empty(Run("Invoke-CamPtz -Camera $addr -Credential $cred -Patrol Horizontal").Errors);
            Assert.Equal(PtzMotion.PatrolHorizontal, Camera.Ptz.Motion);
            var commands = Camera.Ptz.CommandCount;
            Camera.Fault = FaultMode.AcceptThenSilence;   // the move request times out
            var run = Task.Run(() => Run("Invoke-CamPtz -Camera $addr -Credential $cred -Direction Right -Duration 0.2 -TimeoutSec 2 -NoDirectionCorrection"));
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (Camera.InFlight == 0 && DateTime.UtcNow < deadline) Thread.Sleep(10); // the move is held by the silent camera
            Camera.Fault = FaultMode.None;                // the camera answers again before the stop
            var r = run.Result;
            var e = Assert.Single(r.Errors);
            Assert.Equal("CameraTimeout", e.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(PtzMotion.Stopped, Camera.Ptz.Motion);
            Assert.Equal(7, Camera.Ptz.LastCommand);
            Assert.Equal(commands + 1, Camera.Ptz.CommandCount); // only the stop reached the camera
        }

        [Fact]
        public void StopIsSent_WhenThePipelineIsStopped()
        {
            using var ps = PowerShell.Create();
            ps.Runspace = Ps.Runspace;
            foreach (var kv in Vars()) Ps.Runspace.SessionStateProxy.SetVariable(kv.Key, kv.Value);
            ps.AddScript("Invoke-CamPtz -Camera $addr -Credential $cred -Direction Up -Duration 60");
            var async = ps.BeginInvoke();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (Camera.Ptz.Motion != PtzMotion.Up && DateTime.UtcNow < deadline) Thread.Sleep(20);
            Assert.Equal(PtzMotion.Up, Camera.Ptz.Motion);
            ps.Stop();   // Ctrl+C: returns after the stop was sent
            Assert.Equal(PtzMotion.Stopped, Camera.Ptz.Motion);
            Assert.Equal(1, Camera.Ptz.LastCommand);
        }

        [Fact]
        public void Visitor_GetsAccessDenied_AndTheHeadDoesNotMove()
        {
            var commands = Camera.Ptz.CommandCount;
            var r = Run("Invoke-CamPtz -Camera $addr -Credential $cred -Direction Left -Duration 0.2", "guest", TestAccounts.VisitorPassword);
            var e = Assert.Single(r.Errors);
            Assert.Equal("AccessDenied", e.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.PermissionDenied, e.CategoryInfo.Category);
            Assert.Equal(commands, Camera.Ptz.CommandCount);
            var io = Run("Set-CamIrLed -Camera $addr -Credential $cred -State On", "guest", TestAccounts.VisitorPassword);
            Assert.Equal("AccessDenied", Assert.Single(io.Errors).FullyQualifiedErrorId.Split(',')[0]);
        }

        [Fact]
        public void Operator_MayMove()
        {
            var r = Run("Invoke-CamPtz -Camera $addr -Credential $cred -Direction Down -Duration 0.1", "oper", TestAccounts.OperatorPassword);
            Assert.Empty(r.Errors);
            Assert.Equal(3, Camera.Ptz.LastCommand);
        }

        [Theory]
        [InlineData("Invoke-CamPtz -Camera $addr -Credential $cred -Direction UpLeft -Step", "PtzStepDirectionNotSupported")]
        [InlineData("Invoke-CamPtz -Camera $addr -Credential $cred -Direction Up -Degree 5 -Duration 2", "PtzStepWithDuration")]
        [InlineData("Invoke-CamPtz -Camera $addr -Credential $cred -Direction Up -Step -ExternalDecoder", "PtzStepNeedsBuiltInMotor")]
        [InlineData("Invoke-CamPtz -Camera $addr -Credential $cred -Direction DownLeft -ExternalDecoder", "PtzDiagonalNeedsBuiltInMotor")]
        [InlineData("Invoke-CamPtz -Camera $addr -Credential $cred -Preset 17", "PtzPresetOutOfRange")]
        [InlineData("Set-CamPtzPreset -Camera $addr -Credential $cred -Preset 20", "PtzPresetOutOfRange")]
        [InlineData("Invoke-CamPtz -Camera $addr -Credential $cred -Preset 33", "ParameterArgumentValidationError")]
        [InlineData("Invoke-CamPtz -Camera $addr -Credential $cred -Direction Up -Duration 0", "ParameterArgumentValidationError")]
        [InlineData("Send-CamSerialData -Camera $addr -Credential $cred -Hex 'FF 0G' -BaudRate Baud9600", "InvalidSerialHex")]
        [InlineData("Send-CamSerialData -Camera $addr -Credential $cred -Hex 'FF0' -BaudRate Baud9600", "InvalidSerialHex")]
        [InlineData("Send-CamSerialData -Camera $addr -Credential $cred -Data ([byte[]]::new(256)) -BaudRate Baud9600", "SerialDataLength")]
        [InlineData("Send-CamSerialData -Camera $addr -Credential $cred -Data 1 -Port 4 -BaudRate Baud9600", "ParameterArgumentValidationError")]
        [InlineData("Set-CamExtraIo -Camera $addr -Credential $cred -Value 256", "ParameterArgumentValidationError")]
        [InlineData("Set-CamExtraIo -Camera $addr -Credential $cred -HighLine 8", "ParameterArgumentValidationError")]
        public void BadInput_IsRejectedBeforeAnyRequest(string script, string errorId) => AssertRejectedBeforeAnyRequest(script, errorId);

        [Fact]
        public void WhatIf_SendsNothing()
        {
            var requests = Camera.RequestCount;
            foreach (var s in new[]
            {
                "Invoke-CamPtz -Camera $addr -Credential $cred -Direction Left -WhatIf",
                "Invoke-CamPtz -Camera $addr -Credential $cred -MotorTest -WhatIf",
                "Set-CamPtzPreset -Camera $addr -Credential $cred -Preset 2 -WhatIf",
                "Set-CamIrLed -Camera $addr -Credential $cred -State On -WhatIf",
                "Set-CamIoOutput -Camera $addr -Credential $cred -Level High -WhatIf",
                "Set-CamExtraIo -Camera $addr -Credential $cred -Value 3 -WhatIf",
                "Send-CamSerialData -Camera $addr -Credential $cred -Hex '01 02' -BaudRate Baud9600 -WhatIf",
            })
            {
                Assert.Empty(Run(s).Errors);
            }
            Assert.Equal(requests, Camera.RequestCount);
        }

        [Fact]
        public void MotorTest_IsConfirmImpactMedium()
        {
            var requests = Camera.RequestCount;
            // With $ConfirmPreference = Medium the motor test asks first (a host without UI cannot answer: nothing is sent) …
            var e = Ps.RunExpectingTerminatingError("$ConfirmPreference = 'Medium'; Invoke-CamPtz -Camera $addr -Credential $cred -MotorTest", Vars());
            Assert.Equal("ConfirmationRequired,FoscamPS.Commands.InvokeCamPtzCommand", e.FullyQualifiedErrorId);
            Assert.Equal(requests, Camera.RequestCount);
            // … while a move (ConfirmImpact Low) does not, and -Confirm:$false runs the test.
            Assert.Empty(Run("$ConfirmPreference = 'Medium'; Invoke-CamPtz -Camera $addr -Credential $cred -Direction Up -Degree 1").Errors);
            var tests = Camera.Ptz.MotorTestCount;
            Assert.Empty(Run("$ConfirmPreference = 'Medium'; Invoke-CamPtz -Camera $addr -Credential $cred -MotorTest -Confirm:$false").Errors);
            Assert.Equal(tests + 1, Camera.Ptz.MotorTestCount);
        }

        [Fact]
        public void IrLedIoOutputExtraIoAndSerial_ReachTheCamera()
        {
            Assert.Empty(Run("Set-CamIoOutput -Camera $addr -Credential $cred -Level High").Errors);
            Assert.True(Camera.Ptz.IoOutputHigh);
            Assert.Empty(Run("Set-CamIrLed -Camera $addr -Credential $cred -State On").Errors);
            Assert.False(Camera.Ptz.IoOutputHigh);     // IR LEDs on = 95 = IO low
            Assert.Equal(95, Camera.Ptz.LastCommand);
            Assert.Empty(Run("Set-CamIrLed -Camera $addr -Credential $cred -State Off").Errors);
            Assert.Equal(94, Camera.Ptz.LastCommand);

            Assert.Empty(Run("Set-CamExtraIo -Camera $addr -Credential $cred -HighLine 0,3,7").Errors);
            Assert.Equal(0x89, Camera.ExtraIo);
            Assert.Empty(Run("Set-CamExtraIo -Camera $addr -Credential $cred -Value 5").Errors);
            Assert.Equal(5, Camera.ExtraIo);

            var r = Run("Send-CamSerialData -Camera $addr -Credential $cred -Hex 'FF 01 00 08 00 3F 48 25 26 2B' -Port 2 -BaudRate Baud9600 -PassThru");
            Assert.Empty(r.Errors);
            var w = Camera.LastSerialWrite!;
            Assert.Equal(new byte[] { 0xFF, 0x01, 0x00, 0x08, 0x00, 0x3F, 0x48, 0x25, 0x26, 0x2B }, w.Data);
            Assert.Equal(2, w.Port);
            Assert.Equal(13, w.Baud);
            Assert.Equal(10, Assert.IsType<CamControlAction>(Assert.Single(r.Output).BaseObject).Value);

            Assert.Empty(Run("Send-CamSerialData -Camera $addr -Credential $cred -Data ([byte[]](0,128,255,32)) -BaudRate Baud115200").Errors);
            Assert.Equal(new byte[] { 0, 128, 255, 32 }, Camera.LastSerialWrite!.Data);
        }

        [Fact]
        public void Fleet_PresetForEveryCameraOfATag()
        {
            foreach (var i in new[] { 3, 4 })
            {
                Cams.Reset(i);
                var c = Cams.Host.Cameras[i];
                Run($"Invoke-CamPtz -Camera 127.0.0.1:{c.Port} -Credential $cred -Direction Right -Degree 30");
                Run($"Set-CamPtzPreset -Camera 127.0.0.1:{c.Port} -Credential $cred -Preset 3");
                Run($"Invoke-CamPtz -Camera 127.0.0.1:{c.Port} -Credential $cred -Center");
            }
            var list = string.Join(",", new[] { 3, 4 }.Select(i => $"'127.0.0.1:{Cams.Host.Cameras[i].Port}'"));
            var r = Run($"@({list}) | Invoke-CamPtz -Credential $cred -Preset 3 -PassThru");
            Assert.Empty(r.Errors);
            Assert.Equal(2, r.Output.Count);
            foreach (var i in new[] { 3, 4 }) Assert.Equal(Cams.Host.Cameras[i].Ptz.Presets[3].Pan, Cams.Host.Cameras[i].Ptz.Pan, 3);
        }
    }
}
