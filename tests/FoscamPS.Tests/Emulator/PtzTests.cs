using System.Threading.Tasks;
using FoscamPS.Emulator;
using Xunit;

namespace FoscamPS.Tests.Emulator;

/// <summary>decoder_control.cgi against the built-in motor model (left/right swapped like real FI8918W).</summary>
public class PtzTests
{
    [Theory]
    [InlineData(0, PtzMotion.Up)]
    [InlineData(2, PtzMotion.Down)]
    [InlineData(4, PtzMotion.Right)] // spec says left; the FI8918W turns right
    [InlineData(6, PtzMotion.Left)]  // spec says right; the FI8918W turns left
    [InlineData(90, PtzMotion.UpRight)]
    [InlineData(91, PtzMotion.UpLeft)]
    [InlineData(92, PtzMotion.DownRight)]
    [InlineData(93, PtzMotion.DownLeft)]
    public async Task MoveContinuesUntilStop(int command, PtzMotion motion)
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        var start = cam.Ptz;
        Assert.Equal(PtzMotion.Stopped, start.Motion);
        await Kit.OkAsync(cam, $"decoder_control.cgi?command={command}");
        Assert.Equal(motion, cam.Ptz.Motion);
        await Task.Delay(150);
        var moving = cam.Ptz;
        Assert.True(moving.IsMoving); // never stops by itself

        var horizontal = motion switch { PtzMotion.Right or PtzMotion.UpRight or PtzMotion.DownRight => 1, PtzMotion.Left or PtzMotion.UpLeft or PtzMotion.DownLeft => -1, _ => 0 };
        var vertical = motion switch { PtzMotion.Up or PtzMotion.UpLeft or PtzMotion.UpRight => 1, PtzMotion.Down or PtzMotion.DownLeft or PtzMotion.DownRight => -1, _ => 0 };
        Assert.Equal(horizontal, System.Math.Sign(System.Math.Round(moving.Pan - start.Pan, 3)));
        Assert.Equal(vertical, System.Math.Sign(System.Math.Round(moving.Tilt - start.Tilt, 3)));

        await Kit.OkAsync(cam, "decoder_control.cgi?command=1"); // 1 stops any move on the built-in motor
        var stopped = cam.Ptz;
        Assert.Equal(PtzMotion.Stopped, stopped.Motion);
        await Task.Delay(60);
        Assert.Equal(stopped.Pan, cam.Ptz.Pan);
        Assert.Equal(stopped.Tilt, cam.Ptz.Tilt);
    }

    [Fact]
    public async Task OneStepOnlyForTheFourDirections()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "decoder_control.cgi?command=4&onestep=1&degree=10");
        var p = cam.Ptz;
        Assert.Equal(PtzMotion.Stopped, p.Motion);
        Assert.Equal(PtzState.PanCenter + 10, p.Pan);
        await Kit.OkAsync(cam, "decoder_control.cgi?command=0&onestep=1");
        Assert.Equal(PtzState.TiltCenter + 5, cam.Ptz.Tilt); // default step

        await Kit.OkAsync(cam, "decoder_control.cgi?command=6&onestep=1&degree=360");
        Assert.Equal(PtzState.PanMin, cam.Ptz.Pan); // motor limit

        await Kit.OkAsync(cam, "decoder_control.cgi?command=91&onestep=1&degree=5");
        Assert.Equal(PtzMotion.UpLeft, cam.Ptz.Motion); // diagonals ignore onestep and keep moving
        await Kit.OkAsync(cam, "decoder_control.cgi?command=7");
        Assert.False(cam.Ptz.IsMoving);
    }

    [Fact]
    public async Task PresetsCenterAndDisabledPresets()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "decoder_control.cgi?command=4&onestep=1&degree=40");
        await Kit.OkAsync(cam, "decoder_control.cgi?command=34"); // set preset 3 = 30 + 2(3-1)
        await Kit.OkAsync(cam, "decoder_control.cgi?command=60"); // set preset 16 at the same place
        await Kit.OkAsync(cam, "decoder_control.cgi?command=25"); // center
        Assert.Equal(PtzState.PanCenter, cam.Ptz.Pan);
        await Kit.OkAsync(cam, "decoder_control.cgi?command=35"); // go to preset 3
        Assert.Equal(PtzState.PanCenter + 40, cam.Ptz.Pan);
        Assert.Equal(new PtzPreset(PtzState.PanCenter + 40, PtzState.TiltCenter), cam.Ptz.Presets[16]);
        await Kit.OkAsync(cam, "decoder_control.cgi?command=37"); // preset 4 never set: stays
        Assert.Equal(PtzState.PanCenter + 40, cam.Ptz.Pan);

        await Kit.OkAsync(cam, "set_misc.cgi?ptz_disable_preset=1");
        await Kit.OkAsync(cam, "decoder_control.cgi?command=25");
        await Kit.OkAsync(cam, "decoder_control.cgi?command=35");
        Assert.Equal(PtzState.PanCenter, cam.Ptz.Pan);
    }

    [Fact]
    public async Task PatrolsIoAndMotorTest()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "decoder_control.cgi?command=28");
        Assert.Equal(PtzMotion.PatrolHorizontal, cam.Ptz.Motion);
        await Kit.OkAsync(cam, "decoder_control.cgi?command=27"); // stops any patrol
        Assert.False(cam.Ptz.IsMoving);
        await Kit.OkAsync(cam, "decoder_control.cgi?command=26");
        Assert.Equal(PtzMotion.PatrolVertical, cam.Ptz.Motion);
        await Kit.OkAsync(cam, "decoder_control.cgi?command=29");
        Assert.False(cam.Ptz.IsMoving);

        await Kit.OkAsync(cam, "decoder_control.cgi?command=94");
        Assert.True(cam.Ptz.IoOutputHigh);
        await Kit.OkAsync(cam, "decoder_control.cgi?command=95");
        Assert.False(cam.Ptz.IoOutputHigh);

        await Kit.OkAsync(cam, "decoder_control.cgi?command=4&onestep=1");
        await Kit.OkAsync(cam, "decoder_control.cgi?command=255");
        Assert.Equal(1, cam.Ptz.MotorTestCount);
        Assert.Equal(PtzState.PanCenter, cam.Ptz.Pan);
        Assert.Equal(255, cam.Ptz.LastCommand);

        await Kit.OkAsync(cam, "decoder_control.cgi?command=16"); // zoom: external decoder only, accepted
        Assert.False(cam.Ptz.IsMoving);
    }

    [Fact]
    public async Task RebootStopsMotionAndCentersWhenConfigured()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "decoder_control.cgi?command=0");
        await Task.Delay(50);
        cam.Reboot(System.TimeSpan.FromMilliseconds(50));
        Assert.Equal(PtzMotion.Stopped, cam.Ptz.Motion);
        Assert.Equal(PtzState.TiltCenter, cam.Ptz.Tilt); // ptz_center_onstart=1 by default
    }
}
