using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace FoscamPS.Emulator.Media;

/// <summary>
/// Writes the body of videostream.cgi (<c>multipart/x-mixed-replace;boundary=ipcamera</c>) the way the cameras do:
/// per frame <c>--ipcamera CRLF Content-Type: image/jpeg CRLF Content-Length: N CRLF CRLF &lt;jpeg&gt; CRLF</c>.
/// </summary>
public static class MjpegStreamWriter
{
    /// <summary>The multipart boundary (the Content-Type header is the caller's).</summary>
    public const string Boundary = "ipcamera";

    /// <summary>The Content-Type value the cameras send with the stream.</summary>
    public const string ContentType = "multipart/x-mixed-replace;boundary=" + Boundary;

    /// <summary>With <see cref="FaultMode.TruncatedMjpeg"/>: good frames sent before the cut one.</summary>
    public const int GoodFramesBeforeTruncation = 3;

    /// <summary>With <see cref="FaultMode.MalformedMjpeg"/>: length of the repeating cycle of part kinds.</summary>
    public const int MalformedCycle = 6;

    private static readonly byte[] Crlf = { 13, 10 };

    /// <summary>Which damage a part carries (see <see cref="PlanPart"/>).</summary>
    public enum PartDamage
    {
        /// <summary>A correct part.</summary>
        None,

        /// <summary>Content-Length disagrees with the body (64 bytes too large on even cycles, too small on odd ones).</summary>
        WrongContentLength,

        /// <summary>The JPEG lacks its final EOI marker (FF D9); Content-Length matches the shortened body.</summary>
        MissingEoi,

        /// <summary>A correct part followed by junk bytes before the next boundary.</summary>
        GarbageAfter,

        /// <summary>The body stops half way through the declared Content-Length and the stream ends.</summary>
        Truncated,
    }

    /// <summary>
    /// The damage the writer gives part <paramref name="frameNo"/> under <paramref name="fault"/>.
    /// <see cref="FaultMode.MalformedMjpeg"/> cycles good, wrong length, good, missing EOI, good, garbage after;
    /// <see cref="FaultMode.TruncatedMjpeg"/> truncates part <see cref="GoodFramesBeforeTruncation"/>.
    /// Other modes do not touch the stream.
    /// </summary>
    public static PartDamage PlanPart(FaultMode fault, long frameNo)
    {
        switch (fault)
        {
            case FaultMode.TruncatedMjpeg:
                return frameNo == GoodFramesBeforeTruncation ? PartDamage.Truncated : PartDamage.None;
            case FaultMode.MalformedMjpeg:
                return (frameNo % MalformedCycle) switch
                {
                    1 => PartDamage.WrongContentLength,
                    3 => PartDamage.MissingEoi,
                    5 => PartDamage.GarbageAfter,
                    _ => PartDamage.None,
                };
            default:
                return PartDamage.None;
        }
    }

    /// <summary>
    /// Streams frames <c>frameSource(0)</c>, <c>frameSource(1)</c>, … one per <paramref name="frameInterval"/> (the first
    /// at once; a slow client skips frames rather than getting a burst) until <paramref name="ct"/> is cancelled or the client goes away; both end the task quietly. With
    /// <see cref="FaultMode.TruncatedMjpeg"/> the task ends after the cut part; the caller then closes the connection.
    /// </summary>
    /// <param name="compactHeaders">Netwave clone style: no space after the colon of the part headers.</param>
    public static async Task WriteAsync(Stream output, Func<long, byte[]> frameSource, TimeSpan frameInterval, FaultMode fault, CancellationToken ct, bool compactHeaders = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(frameSource);
        if (frameInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(frameInterval), frameInterval, "The frame interval must not be negative.");
        }

        try
        {
            var pacer = new FramePacer(frameInterval);
            for (long frameNo = 0; ; frameNo++)
            {
                await pacer.WaitForFrameAsync(ct).ConfigureAwait(false);
                byte[] jpeg = frameSource(frameNo);
                if (ct.IsCancellationRequested)
                {
                    return;
                }

                PartDamage damage = PlanPart(fault, frameNo);
                await WritePartAsync(output, jpeg, damage, frameNo, compactHeaders, ct).ConfigureAwait(false);
                if (damage == PartDamage.Truncated)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // cancelled, or the connection was aborted
        }
        catch (IOException)
        {
            // client went away
        }
        catch (ObjectDisposedException)
        {
            // response already torn down
        }
    }

    private static async Task WritePartAsync(Stream output, byte[] jpeg, PartDamage damage, long frameNo, bool compactHeaders, CancellationToken ct)
    {
        ReadOnlyMemory<byte> body = jpeg;
        long declared = jpeg.Length;
        switch (damage)
        {
            case PartDamage.WrongContentLength:
                declared = (frameNo / MalformedCycle) % 2 == 0 ? jpeg.Length + 64 : Math.Max(1, jpeg.Length - 64);
                break;
            case PartDamage.MissingEoi:
                if (jpeg.Length >= 2 && jpeg[^2] == 0xFF && jpeg[^1] == 0xD9)
                {
                    body = jpeg.AsMemory(0, jpeg.Length - 2);
                }

                declared = body.Length;
                break;
            case PartDamage.Truncated:
                body = jpeg.AsMemory(0, jpeg.Length / 2);
                break;
        }

        string colon = compactHeaders ? ":" : ": ";
        string header = "--" + Boundary + "\r\nContent-Type" + colon + "image/jpeg\r\nContent-Length" + colon
            + declared.ToString(CultureInfo.InvariantCulture) + "\r\n\r\n";
        await output.WriteAsync(Encoding.ASCII.GetBytes(header), ct).ConfigureAwait(false);
        await output.WriteAsync(body, ct).ConfigureAwait(false);
        if (damage != PartDamage.Truncated)
        {
            await output.WriteAsync(Crlf, ct).ConfigureAwait(false);
        }

        if (damage == PartDamage.GarbageAfter)
        {
            await output.WriteAsync(Garbage(frameNo), ct).ConfigureAwait(false);
        }

        await output.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>40–167 junk bytes (never '-', so they cannot form a boundary), ending in CRLF.</summary>
    internal static byte[] Garbage(long frameNo)
    {
        var rng = new Random(unchecked((int)frameNo * 7919));
        var junk = new byte[40 + rng.Next(128)];
        rng.NextBytes(junk);
        for (int i = 0; i < junk.Length; i++)
        {
            if (junk[i] == (byte)'-')
            {
                junk[i] = (byte)'#';
            }
        }

        junk[^2] = 13;
        junk[^1] = 10;
        return junk;
    }
}

/// <summary>
/// Paces frames like a camera sensor: frames are captured on a fixed grid of the interval from the start of the
/// stream, and each frame takes the next grid slot. When the sender falls behind (a slow client), the slots that
/// have already passed are dropped rather than sent in a burst, so the spacing between frames is always a whole
/// multiple of the interval.
/// </summary>
internal sealed class FramePacer
{
    private readonly TimeSpan _interval;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _slot = -1;

    public FramePacer(TimeSpan interval) => _interval = interval;

    /// <summary>Capture time of the current frame since the start of the stream (its grid slot).</summary>
    public TimeSpan FrameTime { get; private set; }

    public async Task WaitForFrameAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (_interval <= TimeSpan.Zero)
        {
            FrameTime = _clock.Elapsed;
            return;
        }

        long current = _clock.Elapsed.Ticks / _interval.Ticks;
        _slot = Math.Max(_slot + 1, current);
        TimeSpan due = TimeSpan.FromTicks(_slot * _interval.Ticks);
        while (true)
        {
            TimeSpan wait = due - _clock.Elapsed;
            if (wait <= TimeSpan.Zero)
            {
                break;
            }

            // Task.Delay has millisecond granularity; round up so a frame never goes out early.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), ct).ConfigureAwait(false);
        }

        FrameTime = due;
    }
}
