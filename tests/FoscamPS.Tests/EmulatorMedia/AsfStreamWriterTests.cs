using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Emulator.Media;
using Xunit;

namespace FoscamPS.Tests.EmulatorMedia;

public class AsfStreamWriterTests
{
    // GUIDs as they appear on the wire (little-endian GUID layout), written out independently of System.Guid.
    private static readonly byte[] HeaderGuidBytes = { 0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11, 0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C };
    private static readonly byte[] FilePropertiesGuidBytes = { 0xA1, 0xDC, 0xAB, 0x8C, 0x47, 0xA9, 0xCF, 0x11, 0x8E, 0xE4, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65 };
    private static readonly byte[] StreamPropertiesGuidBytes = { 0x91, 0x07, 0xDC, 0xB7, 0xB7, 0xA9, 0xCF, 0x11, 0x8E, 0xE6, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65 };
    private static readonly byte[] HeaderExtensionGuidBytes = { 0xB5, 0x03, 0xBF, 0x5F, 0x2E, 0xA9, 0xCF, 0x11, 0x8E, 0xE3, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65 };
    private static readonly byte[] DataGuidBytes = { 0x36, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11, 0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C };
    private static readonly byte[] VideoMediaGuidBytes = { 0xC0, 0xEF, 0x19, 0xBC, 0x4D, 0x5B, 0xCF, 0x11, 0xA8, 0xFD, 0x00, 0x80, 0x5F, 0x5C, 0x44, 0x2B };

    private static readonly DateTimeOffset Noon = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static byte[] Frame(int width, int height, long n) => TestCard.RenderJpeg("A5F000000001", "asf", width, height, Noon.AddSeconds(n / 5), n);

    private static async Task<byte[]> CaptureAsync(int width, int height, int frames, TimeSpan interval)
    {
        using var cts = new CancellationTokenSource();
        using var ms = new MemoryStream();
        await AsfStreamWriter.WriteAsync(ms, n =>
        {
            if (n == frames)
            {
                cts.Cancel();
            }

            return Frame(width, height, n);
        }, width, height, interval, cts.Token);
        return ms.ToArray();
    }

    [Fact]
    public async Task TopLevelAndHeaderObjects_HaveSpecGuidsAndConsistentSizes()
    {
        byte[] asf = await CaptureAsync(320, 240, 5, TimeSpan.Zero);

        // Independent walk: Header Object, its children, then the Data Object.
        Assert.Equal(HeaderGuidBytes, asf[..16]);
        long headerSize = (long)BinaryPrimitives.ReadUInt64LittleEndian(asf.AsSpan(16));
        uint childCount = BinaryPrimitives.ReadUInt32LittleEndian(asf.AsSpan(24));
        Assert.Equal(1, asf[28]);
        Assert.Equal(2, asf[29]);
        var children = new List<byte[]>();
        long pos = 30;
        while (pos < headerSize)
        {
            children.Add(asf[(int)pos..(int)(pos + 16)]);
            long size = (long)BinaryPrimitives.ReadUInt64LittleEndian(asf.AsSpan((int)pos + 16));
            Assert.True(size >= 24);
            pos += size;
        }

        Assert.Equal(headerSize, pos);                               // children fill the header exactly
        Assert.Equal((int)childCount, children.Count);
        Assert.Equal(FilePropertiesGuidBytes, children[0]);
        Assert.Contains(children, c => c.SequenceEqual(StreamPropertiesGuidBytes));
        Assert.Contains(children, c => c.SequenceEqual(HeaderExtensionGuidBytes));
        Assert.Equal(DataGuidBytes, asf[(int)pos..(int)(pos + 16)]);
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(asf.AsSpan((int)pos + 16)));  // unknown size
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(asf.AsSpan((int)pos + 40)));  // unknown packet count
        Assert.Equal(0x0101, BinaryPrimitives.ReadUInt16LittleEndian(asf.AsSpan((int)pos + 48)));

        // Data packets fill the rest exactly: fixed size, no partial packet.
        long dataBytes = asf.Length - (pos + 50);
        Assert.Equal(0, dataBytes % AsfStreamWriter.PacketSize);
    }

    [Fact]
    public async Task Parse_ReportsBroadcastFilePropertiesAndMjpegVideoStream()
    {
        byte[] asf = await CaptureAsync(640, 480, 3, TimeSpan.Zero);
        AsfStructure s = AsfStreamWriter.Parse(asf);

        Assert.Equal(new[] { AsfGuids.FileProperties, AsfGuids.StreamProperties, AsfGuids.HeaderExtension }, s.HeaderObjects.Select(o => o.Id));
        Assert.Equal(s.HeaderSize, 30UL + (ulong)s.HeaderObjects.Sum(o => (long)o.Size));
        Assert.Equal(104UL, s.HeaderObjects[0].Size);
        Assert.Equal(46UL, s.HeaderObjects[2].Size);
        Assert.Equal(1U, s.FileFlags & 1);                           // broadcast
        Assert.Equal(0U, s.FileFlags & 2);                           // not seekable
        Assert.Equal(0UL, s.FileSizeField);
        Assert.Equal(0UL, s.DataPacketsCountField);
        Assert.Equal((uint)AsfStreamWriter.PacketSize, s.MinPacketSize);
        Assert.Equal(s.MinPacketSize, s.MaxPacketSize);
        Assert.Equal(s.FileId, s.DataFileId);
        Assert.NotEqual(Guid.Empty, s.FileId);
        Assert.Equal(AsfGuids.VideoMedia, s.StreamType);
        Assert.Equal(AsfStreamWriter.VideoStreamNumber, s.StreamNumber);
        Assert.Equal(640, s.Width);
        Assert.Equal(480, s.Height);
        Assert.Equal(0UL, s.DataObjectSizeField);
        Assert.Equal(0, s.TrailingBytes);

        // 'MJPG' literally in the BITMAPINFOHEADER, and the stream type GUID bytes in place.
        long sp = s.HeaderObjects[1].Offset;
        Assert.Equal(VideoMediaGuidBytes, asf[(int)(sp + 24)..(int)(sp + 40)]);
        Assert.Equal("MJPG"u8.ToArray(), asf[(int)(sp + 78 + 11 + 16)..(int)(sp + 78 + 11 + 20)]);
    }

    [Fact]
    public async Task Frames_ReassembleByteEqualToTheSourceJpegs()
    {
        const int count = 8;
        byte[] asf = await CaptureAsync(640, 480, count, TimeSpan.Zero);
        AsfStructure s = AsfStreamWriter.Parse(asf);

        Assert.Equal(count, s.Frames.Count);
        int expectedPackets = 0;
        for (int i = 0; i < count; i++)
        {
            byte[] source = Frame(640, 480, i);
            AsfFrame f = s.Frames[i];
            Assert.Equal(source, f.Data);
            Assert.Equal(i & 0xFF, f.ObjectNumber);
            Assert.Equal(AsfStreamWriter.VideoStreamNumber, f.StreamNumber);
            Assert.True(f.KeyFrame);
            int packets = (source.Length + AsfStreamWriter.PayloadCapacity - 1) / AsfStreamWriter.PayloadCapacity;
            Assert.True(packets > 1, "a VGA frame should need several packets");
            Assert.Equal(packets, f.PacketCount);
            expectedPackets += packets;
        }

        Assert.Equal(expectedPackets, s.PacketCount);
        Assert.Equal(0, (asf.Length - s.DataObjectOffset - 50) % AsfStreamWriter.PacketSize);
    }

    [Fact]
    public async Task Timestamps_FollowTheFrameInterval()
    {
        byte[] asf = await CaptureAsync(160, 120, 5, TimeSpan.FromMilliseconds(60));
        AsfStructure s = AsfStreamWriter.Parse(asf);
        Assert.Equal(5, s.Frames.Count);
        Assert.Equal(0u, s.Frames[0].PresentationTimeMs);             // first frame at the start of the stream
        for (int i = 1; i < s.Frames.Count; i++)
        {
            // Capture times sit on the 60 ms grid; a late frame skips slots instead of bunching up.
            long delta = (long)s.Frames[i].PresentationTimeMs - s.Frames[i - 1].PresentationTimeMs;
            Assert.True(delta >= 60 && delta % 60 == 0, $"frame {i} delta {delta} ms");
        }

        for (int i = 1; i < s.PacketSendTimes.Count; i++)
        {
            Assert.True(s.PacketSendTimes[i] >= s.PacketSendTimes[i - 1], "send times go backwards");
        }
    }

    [Fact]
    public async Task Packets_LayOutErrorCorrectionParsingInfoAndSinglePayload()
    {
        byte[] blob = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();
        using var cts = new CancellationTokenSource();
        using var ms = new MemoryStream();
        await AsfStreamWriter.WriteAsync(ms, n =>
        {
            if (n == 1)
            {
                cts.Cancel();
            }

            return blob;
        }, 160, 120, TimeSpan.Zero, cts.Token);
        byte[] asf = ms.ToArray();
        int dataStart = (int)BinaryPrimitives.ReadUInt64LittleEndian(asf.AsSpan(16)) + 50;
        Assert.Equal(2 * AsfStreamWriter.PacketSize, asf.Length - dataStart);

        uint? time = null;
        for (int k = 0; k < 2; k++)
        {
            ReadOnlySpan<byte> p = asf.AsSpan(dataStart + (k * AsfStreamWriter.PacketSize), AsfStreamWriter.PacketSize);
            Assert.Equal(new byte[] { 0x82, 0x00, 0x00 }, p[..3].ToArray());       // error correction: 2 bytes, zero
            Assert.Equal(0x10, p[3]);                                              // WORD padding length, single payload
            Assert.Equal(0x5D, p[4]);                                              // property flags
            int padding = BinaryPrimitives.ReadUInt16LittleEndian(p[5..]);
            uint sendTime = BinaryPrimitives.ReadUInt32LittleEndian(p[7..]);
            time ??= sendTime;
            Assert.Equal(time, sendTime);
            Assert.Equal(0x81, p[13]);                                             // key frame, stream 1
            Assert.Equal(0, p[14]);                                                // media object number
            uint offset = BinaryPrimitives.ReadUInt32LittleEndian(p[15..]);
            Assert.Equal(8, p[19]);                                                // replicated data length
            Assert.Equal(5000u, BinaryPrimitives.ReadUInt32LittleEndian(p[20..])); // media object size
            Assert.Equal(sendTime, BinaryPrimitives.ReadUInt32LittleEndian(p[24..]));// presentation time
            int payload = AsfStreamWriter.PacketSize - 28 - padding;
            Assert.Equal(k == 0 ? 0u : (uint)AsfStreamWriter.PayloadCapacity, offset);
            Assert.Equal(k == 0 ? 0 : (2 * AsfStreamWriter.PayloadCapacity) - 5000, padding);
            Assert.Equal(blob.AsSpan((int)offset, payload).ToArray(), p.Slice(28, payload).ToArray());
            Assert.True(p[(28 + payload)..].ToArray().All(b => b == 0), "padding not zero");
        }
    }

    [Fact]
    public async Task Cancellation_DuringTheWaitEndsQuietly()
    {
        using var cts = new CancellationTokenSource();
        using var ms = new MemoryStream();
        await AsfStreamWriter.WriteAsync(ms, n =>
        {
            cts.CancelAfter(TimeSpan.FromMilliseconds(150));   // cancel while waiting for frame 1
            return Frame(160, 120, n);
        }, 160, 120, TimeSpan.FromSeconds(30), cts.Token);
        AsfStructure s = AsfStreamWriter.Parse(ms.ToArray());
        Assert.Single(s.Frames);
    }

    [Fact]
    public async Task ClientDisconnect_EndsQuietly()
    {
        var broken = new BrokenStream(failAfterWrites: 3);
        await AsfStreamWriter.WriteAsync(broken, n => Frame(160, 120, n), 160, 120, TimeSpan.Zero, CancellationToken.None);
        Assert.True(broken.Writes > 3);
    }

    [Fact]
    public async Task Parse_ToleratesAStreamCutMidPacket()
    {
        byte[] asf = await CaptureAsync(640, 480, 3, TimeSpan.Zero);
        byte[] cut = asf[..(asf.Length - 1000)];
        AsfStructure s = AsfStreamWriter.Parse(cut);
        Assert.Equal(2, s.Frames.Count);
        Assert.Equal(AsfStreamWriter.PacketSize - 1000, s.TrailingBytes);
    }

    [Fact]
    public void Parse_RejectsNonAsf()
    {
        Assert.Throws<InvalidDataException>(() => AsfStreamWriter.Parse(new byte[100]));
    }
}
