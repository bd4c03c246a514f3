using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;

namespace FoscamPS.Emulator.Media;

/// <summary>A top-level or header-level ASF object: its GUID, where it starts and the size it declares.</summary>
public sealed record AsfObjectInfo(Guid Id, long Offset, ulong Size);

/// <summary>An audio stream's WAVEFORMATEX: format tag (7 = G.711 µ-law), channels, sample rate, block align, bits.</summary>
public sealed record AsfAudioFormat(int StreamNumber, int FormatTag, int Channels, int SamplesPerSecond, int AverageBytesPerSecond, int BlockAlign, int BitsPerSample);

/// <summary>A media object reassembled from the payloads of one or more data packets.</summary>
public sealed record AsfFrame(int StreamNumber, int ObjectNumber, uint PresentationTimeMs, bool KeyFrame, int PacketCount, byte[] Data);

/// <summary>
/// A general (not emulator-specific) reader for the ASF subset a live stream uses: header objects, File and Stream
/// Properties, the Data Object and its packets with any error-correction, length-type and payload layout
/// (single or multiple payloads, fragmented media objects). Compressed payloads are rejected.
/// </summary>
public sealed class AsfStructure
{
    /// <summary>'MJPG' as a little-endian FOURCC.</summary>
    public const uint FourCcMjpg = 0x47504A4D;

    private AsfStructure()
    {
    }

    /// <summary>Size declared by the Header Object.</summary>
    public ulong HeaderSize { get; private set; }

    /// <summary>"Number of Header Objects" field.</summary>
    public uint DeclaredHeaderObjectCount { get; private set; }

    /// <summary>The objects inside the Header Object, in order.</summary>
    public List<AsfObjectInfo> HeaderObjects { get; } = new();

    /// <summary>File ID of the File Properties Object.</summary>
    public Guid FileId { get; private set; }

    /// <summary>File Properties flags (bit 0 broadcast, bit 1 seekable).</summary>
    public uint FileFlags { get; private set; }

    /// <summary>File Properties File Size field.</summary>
    public ulong FileSizeField { get; private set; }

    /// <summary>File Properties Data Packets Count field.</summary>
    public ulong DataPacketsCountField { get; private set; }

    /// <summary>File Properties minimum data packet size.</summary>
    public uint MinPacketSize { get; private set; }

    /// <summary>File Properties maximum data packet size.</summary>
    public uint MaxPacketSize { get; private set; }

    /// <summary>File Properties preroll in milliseconds.</summary>
    public ulong PrerollMs { get; private set; }

    /// <summary>Stream Properties: stream type GUID of the first stream.</summary>
    public Guid StreamType { get; private set; }

    /// <summary>Stream Properties: stream number of the first stream.</summary>
    public int StreamNumber { get; private set; }

    /// <summary>Every Stream Properties Object: stream number and stream type GUID, in header order.</summary>
    public List<(int Number, Guid Type)> Streams { get; } = new();

    /// <summary>The audio streams' formats.</summary>
    public List<AsfAudioFormat> AudioFormats { get; } = new();

    /// <summary>File Properties Play Duration field (100-ns units).</summary>
    public ulong PlayDurationField { get; private set; }

    /// <summary>File Properties Send Duration field (100-ns units).</summary>
    public ulong SendDurationField { get; private set; }

    /// <summary>Video: encoded image width (0 for non-video).</summary>
    public int Width { get; private set; }

    /// <summary>Video: encoded image height (0 for non-video).</summary>
    public int Height { get; private set; }

    /// <summary>Video: BITMAPINFOHEADER biCompression.</summary>
    public uint Compression { get; private set; }

    /// <summary>Offset of the Data Object.</summary>
    public long DataObjectOffset { get; private set; }

    /// <summary>Data Object size field (0 = unknown in a broadcast stream).</summary>
    public ulong DataObjectSizeField { get; private set; }

    /// <summary>Data Object File ID.</summary>
    public Guid DataFileId { get; private set; }

    /// <summary>Data Object Total Data Packets field.</summary>
    public ulong TotalDataPacketsField { get; private set; }

    /// <summary>Complete data packets read.</summary>
    public int PacketCount { get; private set; }

    /// <summary>Bytes after the last complete packet (a cut stream).</summary>
    public int TrailingBytes { get; private set; }

    /// <summary>Send time of each packet, in order.</summary>
    public List<uint> PacketSendTimes { get; } = new();

    /// <summary>Completely reassembled media objects, in completion order.</summary>
    public List<AsfFrame> Frames { get; } = new();

    /// <summary>Parses an ASF byte stream (a file or a captured live stream, possibly cut off mid-packet).</summary>
    /// <exception cref="InvalidDataException">The data is not a well-formed ASF stream.</exception>
    public static AsfStructure Parse(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var s = new AsfStructure();
        s.ParseCore(data);
        return s;
    }

    private static InvalidDataException Bad(string message) => new(message);

    private static Guid ReadGuid(ReadOnlySpan<byte> d, long at)
    {
        if (at < 0 || at + 16 > d.Length)
        {
            throw Bad($"GUID at {at} runs past the end.");
        }

        return new Guid(d.Slice((int)at, 16));
    }

    private static ulong U64(ReadOnlySpan<byte> d, long at) => at + 8 <= d.Length ? BinaryPrimitives.ReadUInt64LittleEndian(d.Slice((int)at)) : throw Bad($"QWORD at {at} runs past the end.");

    private static uint U32(ReadOnlySpan<byte> d, long at) => at + 4 <= d.Length ? BinaryPrimitives.ReadUInt32LittleEndian(d.Slice((int)at)) : throw Bad($"DWORD at {at} runs past the end.");

    private static ushort U16(ReadOnlySpan<byte> d, long at) => at + 2 <= d.Length ? BinaryPrimitives.ReadUInt16LittleEndian(d.Slice((int)at)) : throw Bad($"WORD at {at} runs past the end.");

    private static byte U8(ReadOnlySpan<byte> d, long at) => at < d.Length ? d[(int)at] : throw Bad($"BYTE at {at} runs past the end.");

    private void ParseCore(byte[] data)
    {
        ReadOnlySpan<byte> d = data;
        if (ReadGuid(d, 0) != AsfGuids.Header)
        {
            throw Bad("The stream does not start with an ASF Header Object.");
        }

        HeaderSize = U64(d, 16);
        DeclaredHeaderObjectCount = U32(d, 24);
        if (U8(d, 28) != 1 || U8(d, 29) != 2)
        {
            throw Bad("Header Object reserved bytes are not 0x01 0x02.");
        }

        if (HeaderSize < 30 || HeaderSize > (ulong)d.Length)
        {
            throw Bad($"Header Object size {HeaderSize} is invalid.");
        }

        long pos = 30;
        long headerEnd = (long)HeaderSize;
        bool sawFileProperties = false;
        bool sawStream = false;
        while (pos < headerEnd)
        {
            Guid id = ReadGuid(d, pos);
            ulong size = U64(d, pos + 16);
            if (size < 24 || (ulong)(headerEnd - pos) < size)
            {
                throw Bad($"Header child object {id} at {pos} has an invalid size {size}.");
            }

            HeaderObjects.Add(new AsfObjectInfo(id, pos, size));
            long body = pos + 24;
            if (id == AsfGuids.FileProperties)
            {
                if (size != 104)
                {
                    throw Bad($"File Properties Object size {size} is not 104.");
                }

                sawFileProperties = true;
                FileId = ReadGuid(d, body);
                FileSizeField = U64(d, body + 16);
                DataPacketsCountField = U64(d, body + 32);
                PlayDurationField = U64(d, body + 40);
                SendDurationField = U64(d, body + 48);
                PrerollMs = U64(d, body + 56);
                FileFlags = U32(d, body + 64);
                MinPacketSize = U32(d, body + 68);
                MaxPacketSize = U32(d, body + 72);
            }
            else if (id == AsfGuids.StreamProperties)
            {
                var streamType = ReadGuid(d, body);
                uint typeSpecificLength = U32(d, body + 40);
                uint ecLength = U32(d, body + 44);
                int streamNumber = U16(d, body + 48) & 0x7F;
                if (78UL + typeSpecificLength + ecLength != size)
                {
                    throw Bad("Stream Properties Object size disagrees with its data lengths.");
                }

                if (streamNumber == 0 || Streams.Exists(x => x.Number == streamNumber))
                {
                    throw Bad($"Stream number {streamNumber} is invalid or used twice.");
                }

                Streams.Add((streamNumber, streamType));
                long ts = body + 54;
                if (streamType == AsfGuids.AudioMedia)
                {
                    if (typeSpecificLength < 18 || 18U + U16(d, ts + 16) != typeSpecificLength)
                    {
                        throw Bad("WAVEFORMATEX size disagrees with the type-specific data length.");
                    }

                    AudioFormats.Add(new AsfAudioFormat(streamNumber, U16(d, ts), U16(d, ts + 2), (int)U32(d, ts + 4), (int)U32(d, ts + 8), U16(d, ts + 12), U16(d, ts + 14)));
                }

                if (sawStream)
                {
                    pos += (long)size;
                    continue;
                }

                sawStream = true;
                StreamType = streamType;
                StreamNumber = streamNumber;
                if (StreamType == AsfGuids.VideoMedia)
                {
                    if (typeSpecificLength < 51)
                    {
                        throw Bad("Video media type data is shorter than 51 bytes.");
                    }

                    Width = (int)U32(d, ts);
                    Height = (int)U32(d, ts + 4);
                    ushort formatSize = U16(d, ts + 9);
                    uint biSize = U32(d, ts + 11);
                    if (formatSize < 40 || biSize != formatSize || 11U + formatSize != typeSpecificLength)
                    {
                        throw Bad("BITMAPINFOHEADER sizes are inconsistent.");
                    }

                    if ((int)U32(d, ts + 15) != Width || (int)U32(d, ts + 19) != Height)
                    {
                        throw Bad("BITMAPINFOHEADER dimensions differ from the encoded image size.");
                    }

                    Compression = U32(d, ts + 27);
                }
            }
            else if (id == AsfGuids.HeaderExtension)
            {
                if (ReadGuid(d, body) != AsfGuids.Reserved1 || U16(d, body + 16) != 6)
                {
                    throw Bad("Header Extension Object reserved fields are wrong.");
                }

                uint extSize = U32(d, body + 18);
                if (46UL + extSize != size)
                {
                    throw Bad("Header Extension Object size disagrees with its data size.");
                }
            }

            pos += (long)size;
        }

        if (HeaderObjects.Count != DeclaredHeaderObjectCount)
        {
            throw Bad($"Header Object declares {DeclaredHeaderObjectCount} objects but holds {HeaderObjects.Count}.");
        }

        if (!sawFileProperties || !sawStream)
        {
            throw Bad("File Properties or Stream Properties Object missing.");
        }

        if (MinPacketSize != MaxPacketSize || MinPacketSize == 0)
        {
            throw Bad("Minimum and maximum data packet sizes differ or are zero.");
        }

        // Data Object
        DataObjectOffset = pos;
        if (ReadGuid(d, pos) != AsfGuids.Data)
        {
            throw Bad("The Header Object is not followed by a Data Object.");
        }

        DataObjectSizeField = U64(d, pos + 16);
        DataFileId = ReadGuid(d, pos + 24);
        TotalDataPacketsField = U64(d, pos + 40);
        if (U16(d, pos + 48) != 0x0101)
        {
            throw Bad("Data Object reserved field is not 0x0101.");
        }

        if (DataFileId != FileId)
        {
            throw Bad("Data Object File ID differs from the File Properties File ID.");
        }

        long end = d.Length;
        if (DataObjectSizeField != 0)
        {
            if (DataObjectSizeField < 50)
            {
                throw Bad($"Data Object size {DataObjectSizeField} is below 50.");
            }

            end = Math.Min(end, pos + (long)DataObjectSizeField);
        }
        else if ((FileFlags & 1) == 0)
        {
            throw Bad("Data Object size 0 is only valid for broadcast streams.");
        }

        pos += 50;
        int packetSize = (int)MinPacketSize;
        var partial = new Dictionary<(int Stream, int Object), Assembly>();
        while (end - pos >= packetSize)
        {
            ParsePacket(d.Slice((int)pos, packetSize), pos, partial);
            PacketCount++;
            pos += packetSize;
        }

        TrailingBytes = (int)(end - pos);
    }

    private void ParsePacket(ReadOnlySpan<byte> p, long at, Dictionary<(int Stream, int Object), Assembly> partial)
    {
        int i = 0;
        byte first = U8(p, i);
        if ((first & 0x80) != 0)
        {
            // Error correction flags: length type (bits 5-6) must be 00, data length in bits 0-3.
            if ((first & 0x60) != 0)
            {
                throw Bad($"Packet at {at}: unsupported error correction length type.");
            }

            i += 1 + (first & 0x0F);
        }

        byte lengthType = U8(p, i++);
        byte property = U8(p, i++);
        if ((lengthType & 0x80) != 0)
        {
            throw Bad($"Packet at {at}: Length Type Flags bit 7 must be 0.");
        }

        bool multiple = (lengthType & 1) != 0;
        long packetLength = ReadVar(p, ref i, (lengthType >> 5) & 3, p.Length);
        ReadVar(p, ref i, (lengthType >> 1) & 3, 0); // sequence
        long padding = ReadVar(p, ref i, (lengthType >> 3) & 3, 0);
        if (packetLength != p.Length)
        {
            throw Bad($"Packet at {at}: packet length {packetLength} differs from the fixed size {p.Length}.");
        }

        uint sendTime = U32(p, i);
        i += 4;
        i += 2; // duration
        PacketSendTimes.Add(sendTime);
        long payloadEnd = p.Length - padding;
        if (payloadEnd < i)
        {
            throw Bad($"Packet at {at}: padding {padding} overlaps the packet header.");
        }

        int payloads = 1;
        int payloadLengthType = 0;
        if (multiple)
        {
            byte flags = U8(p, i++);
            payloads = flags & 0x3F;
            payloadLengthType = (flags >> 6) & 3;
            if (payloads == 0)
            {
                throw Bad($"Packet at {at}: zero payloads.");
            }
        }

        for (int n = 0; n < payloads; n++)
        {
            byte streamByte = U8(p, i++);
            int stream = streamByte & 0x7F;
            bool key = (streamByte & 0x80) != 0;
            int objectNumber = (int)ReadVar(p, ref i, (property >> 4) & 3, 0);
            long offset = ReadVar(p, ref i, (property >> 2) & 3, 0);
            long replicatedLength = ReadVar(p, ref i, property & 3, 0);
            if (replicatedLength == 1)
            {
                throw Bad($"Packet at {at}: compressed payloads are not supported.");
            }

            if (replicatedLength < 8)
            {
                throw Bad($"Packet at {at}: replicated data of {replicatedLength} bytes lacks the object size and time.");
            }

            uint objectSize = U32(p, i);
            uint presentation = U32(p, i + 4);
            i += (int)replicatedLength;
            long length = multiple ? ReadVar(p, ref i, payloadLengthType, 0) : payloadEnd - i;
            if (length <= 0 || i + length > payloadEnd)
            {
                throw Bad($"Packet at {at}: payload {n} length {length} is out of bounds.");
            }

            if (offset + length > objectSize)
            {
                throw Bad($"Packet at {at}: payload runs past its media object size {objectSize}.");
            }

            var slot = (stream, objectNumber);
            if (!partial.TryGetValue(slot, out Assembly? asm) || offset == 0)
            {
                if (offset != 0)
                {
                    // first fragments were lost (stream joined mid-object): skip
                    i += (int)length;
                    continue;
                }

                if (objectSize > 64 * 1024 * 1024)
                {
                    throw Bad($"Packet at {at}: media object size {objectSize} is implausible.");
                }

                asm = new Assembly(objectSize, presentation, key);
                partial[slot] = asm;
            }

            if (asm.Size != objectSize || asm.Filled != offset)
            {
                throw Bad($"Packet at {at}: fragment offset {offset} does not continue media object {objectNumber} (have {asm.Filled} of {asm.Size}).");
            }

            p.Slice(i, (int)length).CopyTo(asm.Data.AsSpan((int)offset));
            asm.Filled += length;
            asm.Packets++;
            i += (int)length;
            if (asm.Filled == asm.Size)
            {
                Frames.Add(new AsfFrame(stream, objectNumber, asm.PresentationTime, asm.Key, asm.Packets, asm.Data));
                partial.Remove(slot);
            }
        }

        for (long k = payloadEnd; k < p.Length; k++)
        {
            if (p[(int)k] != 0)
            {
                throw Bad($"Packet at {at}: padding is not zero.");
            }
        }
    }

    private static long ReadVar(ReadOnlySpan<byte> p, ref int i, int type, long absent)
    {
        switch (type)
        {
            case 1:
                return U8(p, i++);
            case 2:
                i += 2;
                return U16(p, i - 2);
            case 3:
                i += 4;
                return U32(p, i - 4);
            default:
                return absent;
        }
    }

    private sealed class Assembly
    {
        public Assembly(uint size, uint presentationTime, bool key)
        {
            Size = size;
            PresentationTime = presentationTime;
            Key = key;
            Data = new byte[size];
        }

        public uint Size { get; }

        public uint PresentationTime { get; }

        public bool Key { get; }

        public byte[] Data { get; }

        public long Filled { get; set; }

        public int Packets { get; set; }
    }
}
