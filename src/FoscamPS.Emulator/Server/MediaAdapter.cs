using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Emulator.Media;

namespace FoscamPS.Emulator.Server;

/// <summary>The one place the CGI layer calls the Media helpers (test card, MJPEG/ASF writers, rate codes).</summary>
internal static class MediaAdapter
{
    public const string MjpegContentType = "multipart/x-mixed-replace;boundary=" + MjpegStreamWriter.Boundary;

    public const string AsfContentType = AsfStreamWriter.ContentType;

    /// <summary>Test card stamped with the camera's id, alias and local time; the privacy frame while the forbidden schedule is active.</summary>
    public static byte[] Frame(EmulatedCamera camera, int width, int height, long frameNo)
    {
        if (camera.VideoForbidden())
        {
            return TestCard.RenderPrivacyJpeg(width, height);
        }

        var utc = camera.Clock.UtcNow;
        var tz = camera.State.GetInt("tz");
        var time = utc;
        if (tz % 60 == 0 && Math.Abs(tz) <= 14 * 3600)
        {
            time = utc.ToOffset(TimeSpan.FromSeconds(-tz));
        }

        return TestCard.RenderJpeg(camera.Id, camera.State.Get("alias"), width, height, time, frameNo);
    }

    public static TimeSpan? FrameInterval(int rate) => RateCodes.FrameInterval(rate);

    public static Task WriteMjpeg(Stream output, Func<long, byte[]> frames, TimeSpan interval, FaultMode fault, bool compactHeaders, CancellationToken ct) =>
        MjpegStreamWriter.WriteAsync(output, frames, interval, fault, ct, compactHeaders);

    /// <summary>Video and the microphone (G.711 µ-law 8 kHz mono; muted with the video by the forbidden schedule).</summary>
    public static Task WriteAsf(EmulatedCamera camera, Stream output, Func<long, byte[]> frames, int width, int height, TimeSpan interval, CancellationToken ct) =>
        AsfStreamWriter.WriteAsync(output, frames, width, height, interval, ct, k => camera.VideoForbidden() ? MicrophoneSignal.Silence() : MicrophoneSignal.Chunk(k));
}
