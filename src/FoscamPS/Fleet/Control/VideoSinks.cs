using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Fleet.Store;
using FoscamPS.Model;

namespace FoscamPS.Fleet
{
    /// <summary>A reusable buffer holding one frame (or ASF packets) on its way to the disk.</summary>
    internal sealed class FrameBuffer
    {
        public byte[] Data = Array.Empty<byte>();
        public int Length;
    }

    /// <summary>
    /// A bounded hand-off between a stream reader and a file writer: the reader never waits for the disk. The reader
    /// copies each frame into one of a fixed set of reusable buffers; when none is free (the disk is behind) the frame
    /// is dropped and counted. Reusing the buffers keeps memory flat over a long recording (frames that wait in the
    /// queue are never promoted to the old GC generations as new garbage). One producer, one consumer.
    /// </summary>
    internal sealed class BoundedFrameQueue
    {
        private readonly ConcurrentQueue<FrameBuffer> _items = new ConcurrentQueue<FrameBuffer>();
        private readonly ConcurrentBag<FrameBuffer> _free = new ConcurrentBag<FrameBuffer>();
        private readonly SemaphoreSlim _available = new SemaphoreSlim(0);
        private readonly int _capacity;
        private int _created;
        private volatile bool _completed;

        public BoundedFrameQueue(int capacity) => _capacity = capacity;

        public long Dropped { get; private set; }

        /// <summary>Copies <paramref name="count"/> bytes into a free buffer and queues it without waiting; false (and counted) when none is free.</summary>
        public bool TryAdd(byte[] data, int offset, int count)
        {
            if (!_free.TryTake(out var buffer))
            {
                if (Interlocked.Increment(ref _created) > _capacity)
                {
                    Interlocked.Decrement(ref _created);
                    Dropped++;
                    return false;
                }
                buffer = new FrameBuffer();
            }
            if (buffer.Data.Length < count) buffer.Data = new byte[Math.Max(count, buffer.Data.Length + (buffer.Data.Length >> 2))];
            Buffer.BlockCopy(data, offset, buffer.Data, 0, count);
            buffer.Length = count;
            _items.Enqueue(buffer);
            _available.Release();
            return true;
        }

        public bool TryAdd(byte[] data) => TryAdd(data, 0, data.Length);

        /// <summary>Gives a written buffer back for reuse.</summary>
        public void Return(FrameBuffer buffer) => _free.Add(buffer);

        public void Complete()
        {
            _completed = true;
            _available.Release();
        }

        /// <summary>Next item, or null when completed and empty.</summary>
        public async Task<FrameBuffer?> TakeAsync()
        {
            while (true)
            {
                await _available.WaitAsync().ConfigureAwait(false);
                if (_items.TryDequeue(out var item)) return item;
                if (_completed)
                {
                    _available.Release(); // later calls also see the end
                    return null;
                }
            }
        }
    }

    /// <summary>Writes frames (or ASF packets) of one recording to disk. Owner-only files; never throws on a closed sink.</summary>
    internal abstract class VideoSink : IDisposable
    {
        protected VideoSink(string path) => Path = path;

        public string Path { get; }
        public long Bytes { get; protected set; }
        public long Items { get; protected set; }

        /// <summary>Bytes an item of <paramref name="length"/> bytes would add (for -MaxBytes).</summary>
        public abstract long SizeOf(int length);

        public abstract void Write(byte[] item, int length);

        public abstract void Dispose();

        internal static FileStream Create(string path, bool overwrite)
        {
            var fs = new FileStream(path, overwrite ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024);
            try
            {
                StoreNative.Chmod(path, StoreNative.FileMode);
            }
            catch
            {
                fs.Dispose();
                throw;
            }
            return fs;
        }

        /// <summary>Removes what a sink that holds nothing left behind (an empty file or frame folder). Never throws.</summary>
        public static void Remove(string path)
        {
            try
            {
                if (File.Exists(path)) File.Delete(path);
                else if (Directory.Exists(path) && Directory.GetFileSystemEntries(path).Length == 0) Directory.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        public static VideoSink Open(CamVideoFormat format, string path, bool overwrite) => format switch
        {
            CamVideoFormat.Mjpeg => new StreamSink(path, overwrite, multipart: false),
            CamVideoFormat.Multipart => new StreamSink(path, overwrite, multipart: true),
            CamVideoFormat.Asf => new StreamSink(path, overwrite, multipart: false),
            _ => new JpegFolderSink(path, overwrite),
        };
    }

    /// <summary>One file: JPEGs back to back (.mjpeg), multipart parts (.mpjpeg) or ASF bytes.</summary>
    internal sealed class StreamSink : VideoSink
    {
        internal const string Boundary = "ipcamera";
        private readonly FileStream _file;
        private readonly bool _multipart;

        public StreamSink(string path, bool overwrite, bool multipart) : base(path)
        {
            _multipart = multipart;
            _file = Create(path, overwrite);
        }

        private static byte[] Head(int length)
            => Encoding.ASCII.GetBytes("--" + Boundary + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + length.ToString(CultureInfo.InvariantCulture) + "\r\n\r\n");

        public override long SizeOf(int length) => _multipart ? Head(length).Length + length + 2 : length;

        public override void Write(byte[] item, int length)
        {
            if (_multipart)
            {
                var head = Head(length);
                _file.Write(head, 0, head.Length);
                Bytes += head.Length + 2;
            }
            _file.Write(item, 0, length);
            if (_multipart)
            {
                _file.WriteByte(13);
                _file.WriteByte(10);
            }
            // Each whole frame reaches the OS: a killed process leaves a file playable up to its last frame.
            _file.Flush();
            Bytes += length;
            Items++;
        }

        public override void Dispose() => _file.Dispose();
    }

    /// <summary>A folder with one JPEG file per frame (frame-000000.jpg …).</summary>
    internal sealed class JpegFolderSink : VideoSink
    {
        private readonly bool _overwrite;

        public JpegFolderSink(string path, bool overwrite) : base(path)
        {
            _overwrite = overwrite;
            if (Directory.Exists(path) && !overwrite) throw new IOException($"'{path}' exists; use -Force to overwrite.");
            Directory.CreateDirectory(path);
        }

        public override long SizeOf(int length) => length;

        public override void Write(byte[] item, int length)
        {
            var file = System.IO.Path.Combine(Path, "frame-" + Items.ToString("D6", CultureInfo.InvariantCulture) + ".jpg");
            using (var fs = Create(file, _overwrite)) fs.Write(item, 0, length);
            Bytes += length;
            Items++;
        }

        public override void Dispose()
        {
        }
    }

    /// <summary>
    /// Splits videostream.asf into what a file needs: the Header Object and the Data Object header once, then whole
    /// fixed-size data packets (a cut stream never leaves half a packet). A reconnect's new header is skipped.
    /// </summary>
    internal sealed class AsfPacketizer
    {
        private static readonly byte[] FilePropertiesGuid = { 0xA1, 0xDC, 0xAB, 0x8C, 0x47, 0xA9, 0xCF, 0x11, 0x8E, 0xE4, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65 };
        private const int DataObjectHeader = 50;
        private const int MaxHeader = 1 << 20;

        private byte[] _buf = new byte[64 * 1024];
        private int _len;
        private bool _inPackets;

        public bool HeaderWritten { get; private set; }
        public int PacketSize { get; private set; }

        /// <summary>Starts a new connection: its header comes first again.</summary>
        public void Restart()
        {
            _len = 0;
            _inPackets = false;
        }

        /// <summary>Feeds bytes; returns chunks to write (header once, then whole packets).</summary>
        public System.Collections.Generic.IEnumerable<byte[]> Feed(byte[] data, int count)
        {
            Append(data, count);
            if (!_inPackets)
            {
                if (_len < 30) yield break;
                long headerSize = BitConverter.ToInt64(_buf, 16);
                if (headerSize < 30 || headerSize > MaxHeader) throw new InvalidDataException("videostream.asf did not start with an ASF Header Object.");
                if (_len < headerSize + DataObjectHeader) yield break;
                int packet = FindPacketSize((int)headerSize);
                if (packet <= 0) throw new InvalidDataException("videostream.asf declares no fixed data packet size.");
                int headLen = (int)headerSize + DataObjectHeader;
                if (!HeaderWritten)
                {
                    PacketSize = packet;
                    var head = new byte[headLen];
                    Buffer.BlockCopy(_buf, 0, head, 0, headLen);
                    HeaderWritten = true;
                    yield return head;
                }
                Consume(headLen);
                _inPackets = true;
            }
            int whole = _len / PacketSize * PacketSize;
            if (whole > 0)
            {
                var chunk = new byte[whole];
                Buffer.BlockCopy(_buf, 0, chunk, 0, whole);
                Consume(whole);
                yield return chunk;
            }
        }

        private int FindPacketSize(int headerSize)
        {
            for (int i = 30; i + 24 + 76 <= headerSize; )
            {
                long size = BitConverter.ToInt64(_buf, i + 16);
                if (size < 24 || i + size > headerSize) return 0;
                bool match = true;
                for (int k = 0; k < 16 && match; k++) match = _buf[i + k] == FilePropertiesGuid[k];
                if (match)
                {
                    uint min = BitConverter.ToUInt32(_buf, i + 24 + 68), max = BitConverter.ToUInt32(_buf, i + 24 + 72);
                    return min == max && min > 0 && min < (1 << 20) ? (int)min : 0;
                }
                i += (int)size;
            }
            return 0;
        }

        private void Append(byte[] data, int count)
        {
            if (_len + count > _buf.Length)
            {
                var bigger = new byte[Math.Max(_buf.Length * 2, _len + count)];
                Buffer.BlockCopy(_buf, 0, bigger, 0, _len);
                _buf = bigger;
            }
            Buffer.BlockCopy(data, 0, _buf, _len, count);
            _len += count;
        }

        private void Consume(int n)
        {
            Buffer.BlockCopy(_buf, n, _buf, 0, _len - n);
            _len -= n;
        }
    }
}
