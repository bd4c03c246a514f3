using System;
using System.IO;
using System.Linq;
using FoscamPS.Commands;
using FoscamPS.Emulator.Media;
using FoscamPS.Fleet;
using FoscamPS.Model;
using Xunit;

namespace FoscamPS.Tests.Control
{
    public sealed class ControlUnitTests
    {
        [Theory]
        [InlineData(CamPtzDirection.Left, 0, CamPtzDirection.Left)]
        [InlineData(CamPtzDirection.Left, 1, CamPtzDirection.Left)]
        [InlineData(CamPtzDirection.Left, 2, CamPtzDirection.Right)]
        [InlineData(CamPtzDirection.Up, 1, CamPtzDirection.Down)]
        [InlineData(CamPtzDirection.Up, 2, CamPtzDirection.Up)]
        [InlineData(CamPtzDirection.UpLeft, 3, CamPtzDirection.DownRight)]
        [InlineData(CamPtzDirection.DownLeft, 2, CamPtzDirection.DownRight)]
        public void ApplyFlip_InvertsTheFlippedAxes(CamPtzDirection asked, int bits, CamPtzDirection sent)
            => Assert.Equal(sent, PtzCodes.ApplyFlip(asked, bits));

        [Fact]
        public void Codes_FollowTheFirmwareAndTheSpec()
        {
            Assert.Equal(new[] { 0, 2, 6, 4, 91, 90, 93, 92 }, Enum.GetValues(typeof(CamPtzDirection)).Cast<CamPtzDirection>().Select(d => PtzCodes.Move(d, true)));
            Assert.Equal(new[] { 0, 2, 4, 6, 90, 91, 92, 93 }, Enum.GetValues(typeof(CamPtzDirection)).Cast<CamPtzDirection>().Select(d => PtzCodes.Move(d, false)));
            Assert.Equal(7, PtzCodes.StopFor(6));
            Assert.Equal(1, PtzCodes.StopFor(91));
            Assert.Equal(19, PtzCodes.StopFor(18));
            Assert.Equal(30, PtzCodes.SetPreset(1));
            Assert.Equal(61, PtzCodes.GoToPreset(16));
            Assert.Equal(92, PtzCodes.SetPreset(32));
            Assert.Equal(93, PtzCodes.GoToPreset(32));
        }

        [Fact]
        public void JpegInfo_ReadsTheSofHeader()
        {
            var jpeg = TestCard.RenderJpeg("00A1B2C3D4E5", "x", 320, 240, DateTimeOffset.UnixEpoch, 1);
            Assert.True(JpegInfo.TryGetSize(jpeg, out var w, out var h));
            Assert.Equal((320, 240), (w, h));
            Assert.False(JpegInfo.TryGetSize(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 }, out _, out _));
            Assert.False(JpegInfo.TryGetSize(new byte[] { 1, 2, 3 }, out _, out _));
        }

        [Fact]
        public void LogParser_ReadsTheFirmwareFormat()
        {
            var text = "Mon, 2009-08-03 19:53:04    ipcamera      192.0.2.16  \naccess\\nMon, 2009-08-03 20:13:03    admin        192.0.2.17      access\n";
            var entries = GetCamLogCommand.Parse(null!, text).ToList();
            Assert.Equal(3, entries.Count); // the spec's sample wraps one entry over two lines: the tail is kept as text
            Assert.Equal(new DateTime(2009, 8, 3, 20, 13, 3), entries[2].Time);
            Assert.Equal("admin", entries[2].User);
            Assert.Equal("192.0.2.17", entries[2].ClientAddress);
            Assert.Equal("access", entries[2].Action);
            Assert.Equal("ipcamera", entries[0].User);
        }

        [Theory]
        [InlineData("FF 01 0a", new byte[] { 0xFF, 0x01, 0x0A })]
        [InlineData("0xFF,0x01", new byte[] { 0xFF, 0x01 })]
        [InlineData("de:ad-be ef", new byte[] { 0xDE, 0xAD, 0xBE, 0xEF })]
        public void HexParser_AcceptsCommonSpellings(string text, byte[] expected)
        {
            Assert.True(SendCamSerialDataCommand.TryParseHex(text, out var bytes, out _));
            Assert.Equal(expected, bytes);
        }

        [Fact]
        public void Queue_DropsAndCounts_WhenFull()
        {
            var q = new BoundedFrameQueue(2);
            Assert.True(q.TryAdd(new byte[] { 1 }));
            Assert.True(q.TryAdd(new byte[] { 2, 2 }));
            Assert.False(q.TryAdd(new byte[1]));
            Assert.Equal(1, q.Dropped);
            var first = q.TakeAsync().Result!;
            Assert.Equal((1, (byte)1), (first.Length, first.Data[0]));
            Assert.False(q.TryAdd(new byte[1]));      // taken but not yet written: its buffer is not free
            q.Return(first);
            Assert.True(q.TryAdd(new byte[] { 3, 3, 3 }));   // the buffer is reused (and grown)
            var second = q.TakeAsync().Result!;
            Assert.Equal((2, (byte)2), (second.Length, second.Data[0]));
            var third = q.TakeAsync().Result!;
            Assert.Same(first, third);
            Assert.Equal((3, (byte)3), (third.Length, third.Data[2]));
            Assert.Equal(2, q.Dropped);
            q.Complete();
            Assert.Null(q.TakeAsync().Result);
            Assert.Null(q.TakeAsync().Result);
        }

        [Fact]
        public void AsfPacketizer_WritesTheHeaderOnceAndWholePackets()
        {
            using var ms = new MemoryStream();
            using (var cts = new System.Threading.CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
                AsfStreamWriter.WriteAsync(ms, n => TestCard.RenderJpeg("00A1B2C3D4E5", "x", 160, 120, DateTimeOffset.UnixEpoch, n), 160, 120, TimeSpan.FromMilliseconds(50), cts.Token).Wait();
            var stream = ms.ToArray();
            var p = new AsfPacketizer();
            var output = new MemoryStream();
            for (int round = 0; round < 2; round++)
            {
                p.Restart();
                // feed in odd-sized pieces, cut mid-packet at the end
                var cut = stream.Length - 100;
                for (int i = 0; i < cut; i += 1000)
                {
                    var n = (int)Math.Min(1000, cut - i);
                    var piece = new byte[n];
                    Buffer.BlockCopy(stream, i, piece, 0, n);
                    foreach (var chunk in p.Feed(piece, n)) output.Write(chunk, 0, chunk.Length);
                }
            }
            Assert.Equal(AsfStreamWriter.PacketSize, p.PacketSize);
            var headLen = (int)BitConverter.ToInt64(stream, 16) + 50;
            Assert.Equal(0, (output.Length - headLen) % AsfStreamWriter.PacketSize);
            Assert.True(output.Length > headLen + AsfStreamWriter.PacketSize);
        }
    }
}
