using System;
using System.Buffers.Binary;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace FoscamPS.Emulator.Media;

/// <summary>
/// Writes videostream.asf: a live (broadcast) ASF stream with one MJPEG video stream. The Header Object holds a
/// File Properties Object (broadcast flag, unknown size and packet count, fixed packet size), a Stream Properties
/// Object (ASF_Video_Media, BITMAPINFOHEADER with compression 'MJPG') and an empty Header Extension Object; the
/// Data Object (unknown size) follows with fixed-size data packets, one payload per packet, each JPEG split over as
/// many packets as it needs. Layout: docs/emulator-formats.md.
/// </summary>
public static class AsfStreamWriter
{
    /// <summary>The fixed size of every data packet.</summary>
    public const int PacketSize = 4096;

    /// <summary>The ASF stream number of the video stream.</summary>
    public const int VideoStreamNumber = 1;

    /// <summary>Bytes of each packet before the payload data (error correction, parsing information, payload header).</summary>
    public const int PacketOverhead = 28;

    /// <summary>Largest part of a frame one packet carries.</summary>
    public const int PayloadCapacity = PacketSize - PacketOverhead;

    /// <summary>The ASF stream number of the microphone's audio stream.</summary>
    public const int AudioStreamNumber = 2;

    /// <summary>Audio is G.711 µ-law, 8 kHz mono (WAVE_FORMAT_MULAW = 7): one byte per sample.</summary>
    public const int AudioSampleRate = 8000;

    /// <summary>One audio media object: 100 ms = 800 samples = 800 bytes, in one packet.</summary>
    public const int AudioChunkMs = 100;

    /// <summary>Bytes (= samples) per audio media object.</summary>
    public const int AudioChunkBytes = AudioSampleRate * AudioChunkMs / 1000;

    /// <summary>The Content-Type value to send with the stream.</summary>
    public const string ContentType = "video/x-ms-asf";

    /// <summary>
    /// Streams the ASF header at once, then frames <c>frameSource(0)</c>, <c>frameSource(1)</c>, … one per
    /// <paramref name="frameInterval"/> until <paramref name="ct"/> is cancelled or the client goes away (both end the
    /// task quietly). Presentation times are the frames' capture times in milliseconds since the start of the stream,
    /// on the grid of the frame interval (a slow client skips frames rather than getting a burst).
    /// </summary>
    /// <param name="audioSource">
    /// When set, the stream carries a second, audio stream: chunk <c>k</c> (<see cref="AudioChunkBytes"/> µ-law bytes,
    /// the samples of [k·100 ms, (k+1)·100 ms)) is sent at its start time, interleaved with the frames by time.
    /// </param>
    public static async Task WriteAsync(Stream output, Func<long, byte[]> frameSource, int width, int height, TimeSpan frameInterval, CancellationToken ct, Func<long, byte[]>? audioSource = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(frameSource);
        if (width <= 0 || width > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(width));
        }

        if (height <= 0 || height > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(height));
        }

        if (frameInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(frameInterval), frameInterval, "The frame interval must not be negative.");
        }

        try
        {
            var fileId = Guid.NewGuid();
            await output.WriteAsync(BuildHeader(fileId, width, height, frameInterval, DateTime.UtcNow, audioSource is not null), ct).ConfigureAwait(false);
            await output.FlushAsync(ct).ConfigureAwait(false);
            if (audioSource is not null)
            {
                await WriteAudioVideoAsync(output, frameSource, audioSource, frameInterval, ct).ConfigureAwait(false);
                return;
            }

            var pacer = new FramePacer(frameInterval);
            for (long frameNo = 0; ; frameNo++)
            {
                await pacer.WaitForFrameAsync(ct).ConfigureAwait(false);
                uint timeMs = (uint)(long)pacer.FrameTime.TotalMilliseconds;
                byte[] jpeg = frameSource(frameNo);
                if (ct.IsCancellationRequested)
                {
                    return;
                }

                await output.WriteAsync(BuildPackets(jpeg, frameNo, timeMs), ct).ConfigureAwait(false);
                await output.FlushAsync(ct).ConfigureAwait(false);
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

    /// <summary>
    /// Frames on the grid of the interval (missed slots skipped, as <see cref="FramePacer"/>) and audio chunks every
    /// 100 ms, in time order (audio first on a tie). Audio more than 500 ms behind (a slow client) skips ahead.
    /// </summary>
    private static async Task WriteAudioVideoAsync(Stream output, Func<long, byte[]> frameSource, Func<long, byte[]> audioSource, TimeSpan interval, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long slot = 0, frameNo = 0, chunk = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var videoDue = interval > TimeSpan.Zero ? TimeSpan.FromTicks(slot * interval.Ticks) : clock.Elapsed;
            var audioDue = TimeSpan.FromMilliseconds(chunk * AudioChunkMs);
            bool audio = audioDue <= videoDue;
            var due = audio ? audioDue : videoDue;
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), ct).ConfigureAwait(false);
            }

            uint timeMs = (uint)(long)due.TotalMilliseconds;
            if (audio)
            {
                byte[] samples = audioSource(chunk);
                if (samples.Length == 0 || samples.Length > PayloadCapacity)
                {
                    throw new InvalidOperationException("An audio chunk must hold 1 to " + PayloadCapacity + " bytes.");
                }

                await output.WriteAsync(BuildPackets(samples, chunk, timeMs, AudioStreamNumber), ct).ConfigureAwait(false);
                chunk++;
                long behind = (long)clock.Elapsed.TotalMilliseconds / AudioChunkMs;
                if (behind - chunk > 500 / AudioChunkMs)
                {
                    chunk = behind;
                }
            }
            else
            {
                byte[] jpeg = frameSource(frameNo);
                if (ct.IsCancellationRequested)
                {
                    return;
                }

                await output.WriteAsync(BuildPackets(jpeg, frameNo, timeMs, VideoStreamNumber), ct).ConfigureAwait(false);
                frameNo++;
                if (interval > TimeSpan.Zero)
                {
                    slot = Math.Max(slot + 1, clock.Elapsed.Ticks / interval.Ticks);
                }
            }

            await output.FlushAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Parses an ASF byte stream back (objects, GUIDs, packets, reassembled frames). Used by tests.</summary>
    /// <exception cref="InvalidDataException">The data is not a well-formed ASF stream.</exception>
    public static AsfStructure Parse(byte[] data) => AsfStructure.Parse(data);

    /// <summary>The Header Object followed by the 50-byte start of the Data Object.</summary>
    internal static byte[] BuildHeader(Guid fileId, int width, int height, TimeSpan frameInterval, DateTime createdUtc, bool audio = false)
    {
        const int fileProps = 104;
        const int videoSpecific = 4 + 4 + 1 + 2 + 40;
        const int streamProps = 78 + videoSpecific;
        const int audioProps = 78 + 18;            // WAVEFORMATEX with cbSize 0
        const int bitrateProps = 24 + 2 + (2 * 6);  // two bitrate records
        const int headerExt = 46;
        int headerSize = 30 + fileProps + streamProps + headerExt + (audio ? audioProps + bitrateProps : 0);
        var buf = new byte[headerSize + 50];
        var w = new SpanWriter(buf);
        uint videoBitrate = MaxBitrate(width, height, frameInterval);
        uint audioBitrate = AudioSampleRate * 8;

        // Header Object
        w.Guid(AsfGuids.Header);
        w.U64((ulong)headerSize);
        w.U32(audio ? 5u : 3u);          // number of header objects
        w.U8(1);                         // reserved 1
        w.U8(2);                         // reserved 2

        // File Properties Object
        w.Guid(AsfGuids.FileProperties);
        w.U64(fileProps);
        w.Guid(fileId);
        w.U64(0);                        // file size: unknown (broadcast)
        w.U64((ulong)createdUtc.ToFileTimeUtc());
        w.U64(0);                        // data packets count: unknown (broadcast)
        w.U64(0);                        // play duration: unknown (broadcast)
        w.U64(0);                        // send duration: unknown (broadcast)
        w.U64(0);                        // preroll (ms): every payload is sent at its presentation time
        w.U32(1);                        // flags: broadcast, not seekable
        w.U32(PacketSize);               // minimum data packet size
        w.U32(PacketSize);               // maximum data packet size (= minimum)
        w.U32(audio ? videoBitrate + audioBitrate : videoBitrate);

        // Stream Properties Object
        w.Guid(AsfGuids.StreamProperties);
        w.U64(streamProps);
        w.Guid(AsfGuids.VideoMedia);
        w.Guid(AsfGuids.NoErrorCorrection);
        w.U64(0);                        // time offset
        w.U32(videoSpecific);            // type-specific data length
        w.U32(0);                        // error correction data length
        w.U16(VideoStreamNumber);        // flags: stream number, not encrypted
        w.U32(0);                        // reserved
        w.U32((uint)width);              // encoded image width
        w.U32((uint)height);             // encoded image height
        w.U8(2);                         // reserved flags
        w.U16(40);                       // format data size
        w.U32(40);                       // BITMAPINFOHEADER: biSize
        w.U32((uint)width);              // biWidth
        w.U32((uint)height);             // biHeight
        w.U16(1);                        // biPlanes
        w.U16(24);                       // biBitCount
        w.U32(AsfStructure.FourCcMjpg);  // biCompression 'MJPG'
        w.U32((uint)(width * height * 3)); // biSizeImage
        w.U32(0);                        // biXPelsPerMeter
        w.U32(0);                        // biYPelsPerMeter
        w.U32(0);                        // biClrUsed
        w.U32(0);                        // biClrImportant

        if (audio)
        {
            // Stream Properties Object of the microphone: ASF_Audio_Media, WAVEFORMATEX G.711 µ-law 8 kHz mono
            w.Guid(AsfGuids.StreamProperties);
            w.U64(audioProps);
            w.Guid(AsfGuids.AudioMedia);
            w.Guid(AsfGuids.NoErrorCorrection);
            w.U64(0);                    // time offset
            w.U32(18);                   // type-specific data length
            w.U32(0);                    // error correction data length
            w.U16(AudioStreamNumber);    // flags: stream number, not encrypted
            w.U32(0);                    // reserved
            w.U16(7);                    // wFormatTag: WAVE_FORMAT_MULAW
            w.U16(1);                    // nChannels
            w.U32(AudioSampleRate);      // nSamplesPerSec
            w.U32(AudioSampleRate);      // nAvgBytesPerSec
            w.U16(1);                    // nBlockAlign
            w.U16(8);                    // wBitsPerSample
            w.U16(0);                    // cbSize

            // Stream Bitrate Properties Object
            w.Guid(AsfGuids.StreamBitrateProperties);
            w.U64(bitrateProps);
            w.U16(2);                    // bitrate records
            w.U16(VideoStreamNumber);
            w.U32(videoBitrate);
            w.U16(AudioStreamNumber);
            w.U32(audioBitrate);
        }

        // Header Extension Object (mandatory, empty)
        w.Guid(AsfGuids.HeaderExtension);
        w.U64(headerExt);
        w.Guid(AsfGuids.Reserved1);
        w.U16(6);
        w.U32(0);                        // header extension data size

        // Data Object (start): size and packet count unknown for a live stream
        w.Guid(AsfGuids.Data);
        w.U64(0);
        w.Guid(fileId);
        w.U64(0);
        w.U16(0x0101);
        if (w.Position != buf.Length)
        {
            throw new InvalidOperationException("ASF header size miscalculated.");
        }

        return buf;
    }

    /// <summary>The data packets carrying one JPEG as media object <paramref name="frameNo"/> (mod 256).</summary>
    internal static byte[] BuildPackets(byte[] jpeg, long frameNo, uint timeMs, int streamNumber = VideoStreamNumber)
    {
        ArgumentNullException.ThrowIfNull(jpeg);
        if (jpeg.Length == 0)
        {
            throw new ArgumentException("A frame must not be empty.", nameof(jpeg));
        }

        int count = (jpeg.Length + PayloadCapacity - 1) / PayloadCapacity;
        var buf = new byte[count * PacketSize];
        for (int i = 0; i < count; i++)
        {
            int offset = i * PayloadCapacity;
            int length = Math.Min(PayloadCapacity, jpeg.Length - offset);
            var w = new SpanWriter(buf.AsSpan(i * PacketSize, PacketSize));
            w.U8(0x82);                  // error correction flags: present, 2 bytes of data
            w.U8(0);                     // error correction data: type 0 (uncorrected), number 0
            w.U8(0);                     // error correction data: cycle 0
            w.U8(0x10);                  // length type flags: single payload, no sequence, WORD padding, no packet length
            w.U8(0x5D);                  // property flags: BYTE replicated length, DWORD offset, BYTE object number, BYTE stream number
            w.U16((ushort)(PayloadCapacity - length)); // padding length
            w.U32(timeMs);               // send time
            w.U16(0);                    // duration
            w.U8((byte)(0x80 | streamNumber)); // stream number, key frame (every MJPEG frame and audio chunk stands alone)
            w.U8((byte)frameNo);         // media object number
            w.U32((uint)offset);         // offset into media object
            w.U8(8);                     // replicated data length
            w.U32((uint)jpeg.Length);    // replicated: media object size
            w.U32(timeMs);               // replicated: presentation time (ms, preroll 0)
            w.Bytes(jpeg.AsSpan(offset, length));
            // the rest of the packet is zero padding
        }

        return buf;
    }

    private static uint MaxBitrate(int width, int height, TimeSpan frameInterval)
    {
        // Estimate: a frame of about width*height/8 bytes, in whole packets, at the stream's frame rate.
        double fps = frameInterval > TimeSpan.Zero ? Math.Min(30.0, 1.0 / frameInterval.TotalSeconds) : 30.0;
        long packets = (((long)width * height / 8) / PayloadCapacity) + 1;
        double bits = packets * PacketSize * 8.0 * fps;
        return (uint)Math.Min(uint.MaxValue, Math.Ceiling(bits));
    }

    private ref struct SpanWriter
    {
        private readonly Span<byte> _span;

        public SpanWriter(Span<byte> span)
        {
            _span = span;
            Position = 0;
        }

        public int Position { get; private set; }

        public void U8(byte v) => _span[Position++] = v;

        public void U16(ushort v)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(_span.Slice(Position), v);
            Position += 2;
        }

        public void U32(uint v)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_span.Slice(Position), v);
            Position += 4;
        }

        public void U64(ulong v)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_span.Slice(Position), v);
            Position += 8;
        }

        public void Guid(Guid g)
        {
            if (!g.TryWriteBytes(_span.Slice(Position)))
            {
                throw new InvalidOperationException("No room for a GUID.");
            }

            Position += 16;
        }

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_span.Slice(Position));
            Position += bytes.Length;
        }
    }
}

/// <summary>The ASF GUIDs the emulator writes (as in the ASF specification; stored in little-endian GUID layout).</summary>
public static class AsfGuids
{
    /// <summary>ASF_Header_Object.</summary>
    public static readonly Guid Header = new("75B22630-668E-11CF-A6D9-00AA0062CE6C");

    /// <summary>ASF_Data_Object.</summary>
    public static readonly Guid Data = new("75B22636-668E-11CF-A6D9-00AA0062CE6C");

    /// <summary>ASF_File_Properties_Object.</summary>
    public static readonly Guid FileProperties = new("8CABDCA1-A947-11CF-8EE4-00C00C205365");

    /// <summary>ASF_Stream_Properties_Object.</summary>
    public static readonly Guid StreamProperties = new("B7DC0791-A9B7-11CF-8EE6-00C00C205365");

    /// <summary>ASF_Header_Extension_Object.</summary>
    public static readonly Guid HeaderExtension = new("5FBF03B5-A92E-11CF-8EE3-00C00C205365");

    /// <summary>ASF_Reserved_1 (Header Extension Object, Reserved Field 1).</summary>
    public static readonly Guid Reserved1 = new("ABD3D211-A9BA-11CF-8EE6-00C00C205365");

    /// <summary>ASF_Audio_Media.</summary>
    public static readonly Guid AudioMedia = new("F8699E40-5B4D-11CF-A8FD-00805F5C442B");

    /// <summary>ASF_Stream_Bitrate_Properties_Object.</summary>
    public static readonly Guid StreamBitrateProperties = new("7BF875CE-468D-11D1-8D82-006097C9A2B2");

    /// <summary>ASF_Video_Media.</summary>
    public static readonly Guid VideoMedia = new("BC19EFC0-5B4D-11CF-A8FD-00805F5C442B");

    /// <summary>ASF_No_Error_Correction.</summary>
    public static readonly Guid NoErrorCorrection = new("20FB5700-5B55-11CF-A8FD-00805F5C442B");
}
