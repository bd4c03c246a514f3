using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Emulator;
using FoscamPS.Emulator.Media;
using Xunit;

namespace FoscamPS.Tests.EmulatorMedia;

public class MjpegStreamWriterTests
{
    private static readonly DateTimeOffset Noon = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static byte[] Frame(long n) => TestCard.RenderJpeg("MJPEG0000001", "stream", 160, 120, Noon, n);

    /// <summary>Runs the writer with no pacing; the frame source cancels when asked for frame <paramref name="stopAt"/>.</summary>
    private static async Task<byte[]> CaptureAsync(FaultMode fault, int stopAt)
    {
        using var cts = new CancellationTokenSource();
        using var ms = new MemoryStream();
        await MjpegStreamWriter.WriteAsync(ms, n =>
        {
            if (n == stopAt)
            {
                cts.Cancel();
            }

            return Frame(n);
        }, TimeSpan.Zero, fault, cts.Token);
        return ms.ToArray();
    }

    [Fact]
    public async Task Normal_StreamParsesIntoFramesWithCorrectContentLength()
    {
        byte[] body = await CaptureAsync(FaultMode.None, 10);

        Assert.StartsWith("--ipcamera\r\n", Encoding.ASCII.GetString(body, 0, 12));
        List<Part> parts = Part.Split(body);
        Assert.Equal(10, parts.Count);
        for (int i = 0; i < parts.Count; i++)
        {
            Part p = parts[i];
            Assert.Equal(new[] { "Content-Type: image/jpeg", "Content-Length: " + Frame(i).Length }, p.Headers);
            Assert.Equal(p.ContentLength, p.Region.Length - 2);                   // body then exactly CRLF
            Assert.Equal(Frame(i), p.Region.Take(p.ContentLength!.Value).ToArray());
            Assert.Equal(new byte[] { 13, 10 }, p.Region.Skip(p.ContentLength.Value).ToArray());
        }

        Assert.Equal(10, SequentialReader.ReadAll(body).Count);
    }

    [Fact]
    public async Task TruncatedMjpeg_GoodFramesThenAPartCutShortThenTheEnd()
    {
        using var ms = new MemoryStream();
        Task run = MjpegStreamWriter.WriteAsync(ms, Frame, TimeSpan.Zero, FaultMode.TruncatedMjpeg, CancellationToken.None);
        Assert.True(await Task.WhenAny(run, Task.Delay(10_000)) == run, "writer did not stop on its own");
        await run;

        List<Part> parts = Part.Split(ms.ToArray());
        Assert.Equal(MjpegStreamWriter.GoodFramesBeforeTruncation + 1, parts.Count);
        for (int i = 0; i < MjpegStreamWriter.GoodFramesBeforeTruncation; i++)
        {
            Assert.Equal(Frame(i).Length + 2, parts[i].Region.Length);
        }

        Part last = parts[^1];
        int n = MjpegStreamWriter.GoodFramesBeforeTruncation;
        Assert.Equal(Frame(n).Length, last.ContentLength);
        Assert.True(last.Region.Length < last.ContentLength, "last part is not cut short");
        Assert.Equal(Frame(n).Take(last.Region.Length).ToArray(), last.Region);
        Assert.Throws<EndOfStreamException>(() => SequentialReader.ReadAll(ms.ToArray()));
    }

    [Fact]
    public async Task MalformedMjpeg_InterleavesEachKindOfDamageWithGoodParts()
    {
        byte[] body = await CaptureAsync(FaultMode.MalformedMjpeg, 24);
        List<Part> parts = Part.Split(body);
        Assert.Equal(24, parts.Count);
        var seen = new HashSet<MjpegStreamWriter.PartDamage>();
        for (int i = 0; i < parts.Count; i++)
        {
            Part p = parts[i];
            byte[] jpeg = Frame(i);
            var damage = MjpegStreamWriter.PlanPart(FaultMode.MalformedMjpeg, i);
            seen.Add(damage);
            switch (damage)
            {
                case MjpegStreamWriter.PartDamage.None:
                    Assert.Equal(jpeg.Length, p.ContentLength);
                    Assert.Equal(jpeg.Length + 2, p.Region.Length);
                    Assert.Equal(jpeg, p.Region.Take(jpeg.Length).ToArray());
                    break;
                case MjpegStreamWriter.PartDamage.WrongContentLength:
                    Assert.NotEqual(jpeg.Length, p.ContentLength);
                    Assert.Equal(jpeg.Length + 2, p.Region.Length);          // the body itself is the full JPEG
                    Assert.Equal(jpeg, p.Region.Take(jpeg.Length).ToArray());
                    break;
                case MjpegStreamWriter.PartDamage.MissingEoi:
                    Assert.Equal(jpeg.Length - 2, p.ContentLength);
                    Assert.Equal(jpeg.Length, p.Region.Length);             // JPEG minus FF D9, plus CRLF
                    Assert.Equal(jpeg.Take(jpeg.Length - 2).ToArray(), p.Region.Take(jpeg.Length - 2).ToArray());
                    Assert.False(p.Region[^4] == 0xFF && p.Region[^3] == 0xD9, "EOI still present");
                    break;
                case MjpegStreamWriter.PartDamage.GarbageAfter:
                    Assert.Equal(jpeg.Length, p.ContentLength);
                    Assert.Equal(jpeg, p.Region.Take(jpeg.Length).ToArray());
                    Assert.True(p.Region.Length > jpeg.Length + 2 + 16, "no garbage between parts");
                    break;
                default:
                    Assert.Fail($"unexpected damage {damage}");
                    break;
            }
        }

        Assert.Equal(4, seen.Count);
        int good = Enumerable.Range(0, 24).Count(i => MjpegStreamWriter.PlanPart(FaultMode.MalformedMjpeg, i) == MjpegStreamWriter.PartDamage.None);
        Assert.InRange(good, 8, 16);
        Assert.ThrowsAny<Exception>(() => SequentialReader.ReadAll(body));   // a strict reader trips over it
    }

    [Theory]
    [InlineData(FaultMode.Http500)]
    [InlineData(FaultMode.GarbageReply)]
    public async Task OtherFaults_LeaveTheStreamIntact(FaultMode fault)
    {
        byte[] body = await CaptureAsync(fault, 6);
        Assert.Equal(6, SequentialReader.ReadAll(body).Count);
    }

    [Fact]
    public async Task Cancellation_DuringTheWaitEndsQuietly()
    {
        using var cts = new CancellationTokenSource();
        using var ms = new MemoryStream();
        var sw = Stopwatch.StartNew();
        await MjpegStreamWriter.WriteAsync(ms, n =>
        {
            cts.CancelAfter(TimeSpan.FromMilliseconds(150));   // cancel while waiting for frame 1
            return Frame(n);
        }, TimeSpan.FromSeconds(30), FaultMode.None, cts.Token);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Single(Part.Split(ms.ToArray()));
    }

    [Fact]
    public async Task ClientDisconnect_EndsQuietly()
    {
        var broken = new BrokenStream(failAfterWrites: 5);
        await MjpegStreamWriter.WriteAsync(broken, Frame, TimeSpan.Zero, FaultMode.None, CancellationToken.None);
        Assert.True(broken.Writes >= 5);
    }

    [Fact]
    public async Task Pacing_NeverSendsFramesFasterThanTheInterval()
    {
        var calls = new List<TimeSpan>();
        var sw = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource();
        using var ms = new MemoryStream();
        await MjpegStreamWriter.WriteAsync(ms, n =>
        {
            calls.Add(sw.Elapsed);
            if (n == 4)
            {
                cts.Cancel();
            }

            return Frame(n);
        }, TimeSpan.FromMilliseconds(100), FaultMode.None, cts.Token);

        Assert.Equal(5, calls.Count);
        Assert.True(calls[0] < TimeSpan.FromSeconds(5), "first frame was not sent at once");
        for (int i = 1; i < calls.Count; i++)
        {
            // Frame i is never produced before its slot on the 100 ms grid (the stopwatch started before the writer).
            Assert.True(calls[i] >= TimeSpan.FromMilliseconds(100 * i), $"frame {i} came at {calls[i].TotalMilliseconds} ms");
        }

        Assert.Equal(4, Part.Split(ms.ToArray()).Count);
    }

    /// <summary>A part as found between two boundaries: header lines and everything after the blank line.</summary>
    private sealed class Part
    {
        public List<string> Headers { get; } = new();

        public int? ContentLength { get; set; }

        public byte[] Region { get; set; } = Array.Empty<byte>();

        public static List<Part> Split(byte[] data)
        {
            byte[] delimiter = Encoding.ASCII.GetBytes("--ipcamera\r\n");
            var starts = new List<int>();
            for (int i = 0; i + delimiter.Length <= data.Length; i++)
            {
                if (data.AsSpan(i, delimiter.Length).SequenceEqual(delimiter))
                {
                    starts.Add(i);
                    i += delimiter.Length - 1;
                }
            }

            var parts = new List<Part>();
            for (int k = 0; k < starts.Count; k++)
            {
                int begin = starts[k] + delimiter.Length;
                int end = k + 1 < starts.Count ? starts[k + 1] : data.Length;
                int headerEnd = data.AsSpan(begin, end - begin).IndexOf("\r\n\r\n"u8);
                Assert.True(headerEnd >= 0, $"part {k} has no header terminator");
                var part = new Part();
                foreach (string line in Encoding.ASCII.GetString(data, begin, headerEnd).Split("\r\n"))
                {
                    part.Headers.Add(line);
                    if (line.StartsWith("Content-Length: ", StringComparison.Ordinal))
                    {
                        part.ContentLength = int.Parse(line.Substring(16), CultureInfo.InvariantCulture);
                    }
                }

                part.Region = data.AsSpan(begin + headerEnd + 4, end - (begin + headerEnd + 4)).ToArray();
                parts.Add(part);
            }

            return parts;
        }
    }

    /// <summary>A strict reader that trusts Content-Length, as a naive client would.</summary>
    private static class SequentialReader
    {
        public static List<byte[]> ReadAll(byte[] data)
        {
            var frames = new List<byte[]>();
            int pos = 0;
            while (pos < data.Length)
            {
                Expect(data, ref pos, "--ipcamera\r\n");
                Expect(data, ref pos, "Content-Type: image/jpeg\r\n");
                Expect(data, ref pos, "Content-Length: ");
                int eol = data.AsSpan(pos).IndexOf("\r\n"u8);
                int length = int.Parse(Encoding.ASCII.GetString(data, pos, eol), CultureInfo.InvariantCulture);
                pos += eol + 2;
                Expect(data, ref pos, "\r\n");
                if (pos + length > data.Length)
                {
                    throw new EndOfStreamException("part cut short");
                }

                byte[] jpeg = data.AsSpan(pos, length).ToArray();
                if (jpeg[0] != 0xFF || jpeg[1] != 0xD8 || jpeg[^2] != 0xFF || jpeg[^1] != 0xD9)
                {
                    throw new InvalidDataException("not a complete JPEG");
                }

                frames.Add(jpeg);
                pos += length;
                Expect(data, ref pos, "\r\n");
            }

            return frames;
        }

        private static void Expect(byte[] data, ref int pos, string text)
        {
            byte[] want = Encoding.ASCII.GetBytes(text);
            if (pos + want.Length > data.Length)
            {
                throw new EndOfStreamException("stream ended early");
            }

            if (!data.AsSpan(pos, want.Length).SequenceEqual(want))
            {
                throw new InvalidDataException($"expected '{text.Trim()}' at {pos}");
            }

            pos += want.Length;
        }
    }
}

/// <summary>A write-only stream that fails like a dropped connection after some writes.</summary>
internal sealed class BrokenStream : Stream
{
    private readonly int _failAfterWrites;

    public BrokenStream(int failAfterWrites) => _failAfterWrites = failAfterWrites;

    public int Writes { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (++Writes > _failAfterWrites)
        {
            throw new IOException("Connection reset by peer");
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(Array.Empty<byte>(), 0, 0);
        return ValueTask.CompletedTask;
    }
}
