using System;
using System.Globalization;
using FoscamPS.Emulator.Server;

namespace FoscamPS.Emulator.Cgi;

/// <summary>snapshot.cgi, videostream.cgi and videostream.asf (pictures and streams come from <see cref="MediaAdapter"/>).</summary>
internal static class MediaCgis
{
    /// <summary>JPEG at the configured resolution; filename snapshot_&lt;ID&gt;_&lt;YYYYMMDDhhmmss&gt;.jpg or next_url.</summary>
    public static EmuResponse Snapshot(CgiContext ctx)
    {
        var camera = ctx.Camera;
        var (w, h) = Dimensions(ctx.State.Get("resolution"));
        var jpeg = MediaAdapter.Frame(camera, w, h, camera.NextFrameNo());
        var next = ctx.Params.Get("next_url");
        var fileName = string.IsNullOrEmpty(next)
            ? $"snapshot_{camera.Id}_{camera.LocalNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}.jpg"
            : next;
        var response = new EmuResponse { ContentType = "image/jpeg", Body = jpeg, CacheControl = false };
        response.TrailingHeaders.Add(new("Content-Disposition", $"filename=\"{fileName.Replace("\"", "", StringComparison.Ordinal)}\""));
        return response;
    }

    public static EmuResponse VideoStream(CgiContext ctx) => Stream(ctx, asf: false);

    public static EmuResponse VideoStreamAsf(CgiContext ctx) => Stream(ctx, asf: true);

    /// <summary>resolution 8/32 (2 also accepted), rate code 0–23; the stream ends when the client leaves or the camera reboots.</summary>
    private static EmuResponse Stream(CgiContext ctx, bool asf)
    {
        var resolution = ctx.Params.Get("resolution") ?? ctx.State.Get("resolution");
        if (resolution is not ("2" or "8" or "32") ||
            !ControlCgis.TryOptionalInt(ctx.Params.Get("rate"), 0, 23, 0, out var rate) ||
            MediaAdapter.FrameInterval(rate) is not { } interval)
        {
            return EmuResponse.IllegalParams();
        }

        var camera = ctx.Camera;
        var (w, h) = Dimensions(resolution);
        var fault = ctx.Fault;
        var clone = camera.IsClone;
        Func<long, byte[]> frames = camera.Options.VideoLoopFrames > 0
            ? n => camera.LoopedFrame(w, h, n)
            : n => MediaAdapter.Frame(camera, w, h, n);
        return new EmuResponse
        {
            ContentType = asf ? MediaAdapter.AsfContentType : MediaAdapter.MjpegContentType,
            StreamBody = asf
                ? (output, ct) => MediaAdapter.WriteAsf(camera, output, frames, w, h, interval, ct)
                : (output, ct) => MediaAdapter.WriteMjpeg(output, frames, interval, fault, clone, ct),
        };
    }

    internal static (int Width, int Height) Dimensions(string resolution) => resolution switch
    {
        "2" => (160, 120),
        "8" => (320, 240),
        _ => (640, 480),
    };

}
