using System;
using FoscamPS.Emulator.Server;
using FoscamPS.Emulator.State;

namespace FoscamPS.Emulator.Cgi;

/// <summary>Operator CGIs: sensor, PTZ, IO and serial port.</summary>
internal static class ControlCgis
{
    /// <summary>camera_control.cgi param → field: 0 resolution (2/8/32), 1 brightness, 2 contrast, 3 mode, 5 flip/mirror bits.</summary>
    public static EmuResponse CameraControl(CgiContext ctx)
    {
        var field = ctx.Params.Get("param") switch
        {
            "0" => "resolution",
            "1" => "brightness",
            "2" => "contrast",
            "3" => "mode",
            "5" => "flip",
            _ => null,
        };
        if (field is null)
        {
            return EmuResponse.IllegalParams();
        }

        var def = FieldCatalog.Get(field);
        var value = def.Normalize(ctx.Params.Get("value"));
        if (value is null)
        {
            return EmuResponse.IllegalParams();
        }

        ctx.State.Apply([new(def, value)]);
        return ctx.Ok();
    }

    /// <summary>decoder_control.cgi: command, optional onestep (only the four directions honour it) and degree.</summary>
    public static EmuResponse DecoderControl(CgiContext ctx)
    {
        if (!TryInt(ctx.Params.Get("command"), 0, 255, out var command) ||
            !TryOptionalInt(ctx.Params.Get("onestep"), 0, 1, 0, out var oneStep) ||
            !TryOptionalInt(ctx.Params.Get("degree"), 1, 360, PtzController.DefaultStepDegrees, out var degree))
        {
            return EmuResponse.IllegalParams();
        }

        var directional = command is 0 or 2 or 4 or 6;
        var presetsDisabled = ctx.State.Get("ptz_disable_preset") == "1";
        return ctx.Camera.PtzController.Execute(command, oneStep == 1 && directional, degree, presetsDisabled)
            ? ctx.Ok()
            : EmuResponse.IllegalParams();
    }

    public static EmuResponse SetExtraIo(CgiContext ctx)
    {
        if (!TryInt(ctx.Params.Get("value"), 0, 255, out var value))
        {
            return EmuResponse.IllegalParams();
        }

        ctx.Camera.SetExtraIo(value);
        return ctx.Ok();
    }

    /// <summary>
    /// comm_write.cgi: port 0–3, baud code, bytes &lt; 256, data URL-decoded to bytes (first `bytes` of them sent).
    /// The firmware reads its numbers with atoi: "2x" is 2, "abc" and "" are 0, so values that are not clean
    /// numbers are answered "ok." (only a number out of range after that reading is refused).
    /// </summary>
    public static EmuResponse CommWrite(CgiContext ctx)
    {
        var baudDef = FieldCatalog.Get("decoder_baud");
        var baudRaw = ctx.Params.Get("baud");
        var baud = baudRaw is null ? ctx.State.Get(baudDef) : baudDef.Normalize(Atoi(baudRaw).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var data = ctx.Params.GetBytes("data") ?? [];
        var portRaw = ctx.Params.Get("port");
        var bytesRaw = ctx.Params.Get("bytes");
        var port = portRaw is null ? 0 : Atoi(portRaw);
        long bytes = bytesRaw is null ? Math.Min(data.Length, 255) : Atoi(bytesRaw);
        if (baud is null || port is < 0 or > 3 || bytes is < 0 or > 255 || (data.Length > 255 && bytesRaw is null))
        {
            return EmuResponse.IllegalParams();
        }

        var sent = data.AsSpan(0, (int)Math.Min(bytes, data.Length)).ToArray();
        ctx.Camera.RecordSerialWrite(new SerialWrite((int)port, int.Parse(baud, System.Globalization.CultureInfo.InvariantCulture), sent, ctx.Camera.Clock.UtcNow));
        return ctx.Ok();
    }

    /// <summary>C atoi: leading white space, an optional sign, then digits up to the first other character; no digits = 0.</summary>
    internal static long Atoi(string text)
    {
        var i = 0;
        while (i < text.Length && text[i] is ' ' or '\t' or '\n' or '\r' or '\v' or '\f')
        {
            i++;
        }

        var negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        long value = 0;
        while (i < text.Length && text[i] is >= '0' and <= '9' && value < int.MaxValue)
        {
            value = (value * 10) + (text[i] - '0');
            i++;
        }

        return negative ? -value : value;
    }

    internal static bool TryInt(string? raw, long min, long max, out int value)
    {
        value = 0;
        if (raw is null || !FieldDef.TryParseInteger(raw, out var v) || v < min || v > max)
        {
            return false;
        }

        value = (int)v;
        return true;
    }

    internal static bool TryOptionalInt(string? raw, long min, long max, int fallback, out int value)
    {
        if (raw is null)
        {
            value = fallback;
            return true;
        }

        return TryInt(raw, min, max, out value);
    }
}
