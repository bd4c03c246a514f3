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
    /// <summary>
    /// A bounded hand-off between a stream reader and a file writer: the reader never waits for the disk. When the
    /// queue is full the item is dropped and counted. One producer, one consumer.
    /// </summary>
    internal sealed class BoundedFrameQueue
    {
        private readonly ConcurrentQueue<byte[]> _items = new ConcurrentQueue<byte[]>();
        private readonly SemaphoreSlim _available = new SemaphoreSlim(0);
        private readonly int _capacity;
        private int _count;
        private volatile bool _completed;

        public BoundedFrameQueue(int capacity) => _capacity = capacity;

        public long Dropped { get; private set; }

        /// <summary>Adds without waiting; false (and counted) when full.</summary>
        public bool TryAdd(byte[] item)
        {
            if (Interlocked.Increment(ref _count) > _capacity)
            {
                Interlocked.Decrement(ref _count);
                Dropped++;
                return false;
            }
            _items.Enqueue(item);
            _available.Release();
            return true;
        }

        public void Complete()
        {
            _completed = true;
            _available.Release();
        }

        /// <summary>Next item, or null when completed and empty.</summary>
        public async Task<byte[]?> TakeAsync()
        {
            while (true)
            {
                if (_items.TryDequeue(out var item))
                {
                    Interlocked.Decrement(ref _count);
                    return item;
                }
                if (_completed) return null;
                await _available.WaitAsync().ConfigureAwait(false);
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

        /// <summary>Bytes the next item would add (for -MaxBytes).</summary>
        public abstract long SizeOf(byte[] item);

        public abstract void Write(byte[] item);

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

        public override long SizeOf(byte[] item) => _multipart ? Head(item.Length).Length + item.Length + 2 : item.Length;

        public override void Write(byte[] item)
        {
            if (_multipart)
            {
                var head = Head(item.Length);
                _file.Write(head, 0, head.Length);
                Bytes += head.Length + 2;
            }
            _file.Write(item, 0, item.Length);
            if (_multipart)
            {
                _file.WriteByte(13);
                _file.WriteByte(10);
            }
            // Each whole frame reaches the OS: a killed process leaves a file playable up to its last frame.
            _file.Flush();
            Bytes += item.Length;
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

        public override long SizeOf(byte[] item) => item.Length;

        public override void Write(byte[] item)
        {
            var file = System.IO.Path.Combine(Path, "frame-" + Items.ToString("D6", CultureInfo.InvariantCulture) + ".jpg");
            using (var fs = Create(file, _overwrite)) fs.Write(item, 0, item.Length);
            Bytes += item.Length;
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
