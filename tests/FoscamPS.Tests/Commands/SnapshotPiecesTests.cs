using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Commands;
using FoscamPS.Emulator;
using FoscamPS.Protocol;
using FoscamPS.Tests.Protocol.TestServers;
using Xunit;

namespace FoscamPS.Tests.Commands;

/// <summary>
/// A snapshot is checked as it streams (CamSnapshotReader: JPEG type, cap, declared length, SOI/EOI), whatever pieces
/// the body arrives in. Regression: Save-CamSnapshot took the SOI marker only from a first read of at least two bytes, so
/// a body whose first read returned one byte (the head ended one byte into the body) was refused as "not a complete JPEG".
/// </summary>
public sealed class SnapshotPiecesTests : RawCameraTest
{
    public SnapshotPiecesTests() : base("snap-pieces") { }

    private static byte[] Jpeg(int length)
    {
        var data = new byte[length];
        new Random(3).NextBytes(data);
        data[0] = 0xFF; data[1] = 0xD8; data[^2] = 0xFF; data[^1] = 0xD9;
        return data;
    }

    [Fact]
    public async Task SaveCamSnapshot_KeepsAJpegWhoseFirstAndLastPiecesAreOneByte()
    {
        var jpeg = Jpeg(30_000);
        await using var s = LoopbackHttpServer.Start(async (r, c) =>
        {
            if (r.Path != "/snapshot.cgi")
            {
                await c.SendAsync(200, HealthyStatus);
                return;
            }
            var head = System.Text.Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: {jpeg.Length}\r\nConnection: close\r\n\r\n");
            await c.WriteAsync(head.Concat(jpeg.Take(1)).ToArray()); // the head and the first byte of the body
            await Task.Delay(150);
            await c.WriteAsync(jpeg.Skip(1).Take(1).ToArray());
            await Task.Delay(150);
            await c.WriteAsync(jpeg.Skip(2).Take(jpeg.Length - 3).ToArray());
            await Task.Delay(150);
            await c.WriteAsync(jpeg.Skip(jpeg.Length - 1).ToArray());
        });
        var result = Run(s, "Save-CamSnapshot -Camera $cam -Credential $cred -Path $dir");
        Assert.True(result.Errors.Count == 0, string.Join(" | ", result.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message)));
        var file = Assert.Single(Directory.GetFiles(Dir, "*.jpg"));
        Assert.Equal(jpeg, File.ReadAllBytes(file));
    }

    /// <summary>Hands out one byte per read.</summary>
    private sealed class OneByteStream : MemoryStream
    {
        public OneByteStream(byte[] data) : base(data, false) { }

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(1, count));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(4096)]
    public async Task TheCheckSeesTheMarkersWhenEveryReadIsOneByte(int length)
    {
        var jpeg = Jpeg(length);
        using var media = new CamMediaResponse(new OneByteStream(jpeg), "image/jpeg", null, jpeg.Length);
        var copy = new MemoryStream();
        var n = await CamSnapshotReader.CopyAsync(media, "cam", 1 << 20, (b, o, c, t) => copy.WriteAsync(b, o, c, t), default);
        Assert.Equal(length, n);
        Assert.Equal(jpeg, copy.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0x00, 0xFF, 0xD8 }, "not a complete JPEG")]   // no EOI
    [InlineData(new byte[] { 0xD8, 0xFF, 0x00, 0xFF, 0xD9 }, "not a complete JPEG")]   // no SOI
    [InlineData(new byte[] { 0xFF, 0xD9 }, "not a complete JPEG")]                     // too short
    public async Task ABodyWithoutTheMarkersIsRefusedHoweverItArrives(byte[] body, string expected)
    {
        using var media = new CamMediaResponse(new OneByteStream(body), "image/jpeg", null, body.Length);
        var ex = await Assert.ThrowsAsync<CamProtocolException>(() => CamSnapshotReader.CopyAsync(media, "cam", 1 << 20, (b, o, c, t) => Task.CompletedTask, default));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public async Task ABodyShorterThanDeclaredOrOverTheCapIsRefused()
    {
        var jpeg = Jpeg(100);
        using (var media = new CamMediaResponse(new OneByteStream(jpeg), "image/jpeg", null, 200))
        {
            var ex = await Assert.ThrowsAsync<CamProtocolException>(() => CamSnapshotReader.CopyAsync(media, "cam", 1 << 20, (b, o, c, t) => Task.CompletedTask, default));
            Assert.Contains("truncated (100 of 200 bytes)", ex.Message);
        }
        using (var media = new CamMediaResponse(new OneByteStream(jpeg), "image/jpeg", null, null))
        {
            await Assert.ThrowsAsync<CamResponseTooLargeException>(() => CamSnapshotReader.CopyAsync(media, "cam", 50, (b, o, c, t) => Task.CompletedTask, default));
        }
        using (var media = new CamMediaResponse(new MemoryStream(jpeg), "text/html", null, null))
        {
            var ex = Assert.Throws<CamProtocolException>(() => CamSnapshotReader.CheckContentType(media, "cam"));
            Assert.Contains("not a JPEG", ex.Message);
        }
    }
}
