using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace FoscamPS.Protocol
{
    /// <summary>One JPEG of a multipart MJPEG stream.</summary>
    public sealed class MjpegFrame
    {
        private byte[]? _data;
        private readonly byte[] _buffer;

        public MjpegFrame(byte[] data, long sequence)
        {
            _data = data ?? throw new ArgumentNullException(nameof(data));
            _buffer = data;
            Length = data.Length;
            Sequence = sequence;
        }

        /// <summary>A frame that borrows <paramref name="count"/> bytes of the reader's buffer (valid until its next read).</summary>
        internal MjpegFrame(byte[] buffer, int offset, int count, long sequence)
        {
            _buffer = buffer;
            Offset = offset;
            Length = count;
            Sequence = sequence;
        }

        /// <summary>The complete JPEG (SOI … EOI).</summary>
        public byte[] Data => _data ??= Copy();

        /// <summary>0-based number of the frame among the frames this reader returned.</summary>
        public long Sequence { get; }

        /// <summary>Bytes of the JPEG.</summary>
        public int Length { get; }

        /// <summary>Where the JPEG starts in <see cref="Buffer"/>.</summary>
        internal int Offset { get; }

        /// <summary>The array holding the JPEG at <see cref="Offset"/> (a borrowed frame: the reader's, reused by its next read).</summary>
        internal byte[] Buffer => _buffer;

        private byte[] Copy()
        {
            var copy = new byte[Length];
            System.Buffer.BlockCopy(_buffer, Offset, copy, 0, Length);
            return copy;
        }
    }

    /// <summary>
    /// Streaming reader of <c>multipart/x-mixed-replace</c> MJPEG (videostream.cgi) with bounded memory: one reusable
    /// buffer of at most <c>maxPartBytes</c> + 17 KiB, never the whole stream. Survives the variants seen in the wild:
    /// boundary from the Content-Type (plain, quoted, with leading dashes) or, when absent or wrong, learnt from the
    /// first <c>--token</c> line; a missing first boundary; part headers with or without a space after the colon, any
    /// case; parts read by Content-Length when present and valid, otherwise by scanning for the next boundary; parts
    /// without headers. Every frame is checked for JPEG SOI (FF D8) and EOI (FF D9). A damaged part (bad JPEG, larger
    /// than the cap, junk where a boundary should be, truncated) is skipped, counted in <see cref="DamagedParts"/>, and
    /// the reader resynchronises on the next boundary. More than 4 × <c>maxPartBytes</c> without any boundary throws
    /// <see cref="CamProtocolException"/>. Disposing the reader disposes the stream. Not thread-safe.
    /// </summary>
    public sealed class MjpegReader : IDisposable
    {
        private const int HeaderCap = 16 * 1024;
        private const int MaxTokenLine = 200;

        private readonly Stream _stream;
        private readonly int _maxPart;
        private readonly int _maxBuffer;
        private byte[] _buf;
        private int _pos;
        private int _end;
        private bool _eof;
        private bool _ended;
        private byte[]? _delim;      // "--" + boundary without leading dashes
        private bool _confirmed;     // a delimiter line of the stream matched _delim
        private bool _justDamaged;   // the junk that follows a damaged part is not counted again
        private long _sequence;
        private int _disposed;
        private readonly bool _borrow;
        private byte[]? _scratch;     // borrowed frames read by Content-Length land here

        /// <summary>The default cap of one part (4 MiB).</summary>
        public const int DefaultMaxPartBytes = 4 << 20;

        public MjpegReader(Stream stream, string? contentType, int maxPartBytes = DefaultMaxPartBytes)
            : this(stream, contentType, maxPartBytes, borrowFrames: false)
        {
        }

        /// <param name="stream">The stream (disposed with the reader).</param>
        /// <param name="contentType">The response's Content-Type (its boundary, when it has one).</param>
        /// <param name="maxPartBytes">The cap of one part.</param>
        /// <param name="borrowFrames">
        /// True: a returned frame borrows the reader's buffers and is valid only until the next read (its
        /// <see cref="MjpegFrame.Data"/> copies on demand); no array is allocated per frame. For a consumer that copies or
        /// writes each frame before it reads the next (Save-CamVideo).
        /// </param>
        internal MjpegReader(Stream stream, string? contentType, int maxPartBytes, bool borrowFrames)
        {
            _borrow = borrowFrames;
            _stream = stream ?? throw new ArgumentNullException(nameof(stream));
            if (maxPartBytes < 1024) throw new ArgumentOutOfRangeException(nameof(maxPartBytes), "maxPartBytes must be at least 1024.");
            _maxPart = maxPartBytes;
            _maxBuffer = maxPartBytes + HeaderCap + 1024;
            _buf = new byte[Math.Min(64 * 1024, _maxBuffer)];
            string? core = BoundaryOf(contentType);
            if (core != null) _delim = Encoding.ASCII.GetBytes("--" + core);
        }

        /// <summary>Parts skipped because they were damaged (plus junk skipped while resynchronising).</summary>
        public long DamagedParts { get; private set; }

        /// <summary>The boundary in use (without leading dashes), once known.</summary>
        public string? Boundary => _delim is null ? null : Encoding.ASCII.GetString(_delim, 2, _delim.Length - 2);

        /// <summary>Next frame, or null at the end of the stream.</summary>
        public Task<MjpegFrame?> ReadFrameAsync(CancellationToken ct)
        {
            ThrowIfDisposed();
            return ReadCoreAsync(false, ct);
        }

        /// <summary>Synchronous twin of <see cref="ReadFrameAsync"/>.</summary>
        public MjpegFrame? ReadFrame()
        {
            ThrowIfDisposed();
            return ReadCoreAsync(true, CancellationToken.None).GetAwaiter().GetResult();
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) _stream.Dispose();
        }

        /// <summary>Boundary parameter of a Content-Type, unquoted, leading dashes removed; null when absent.</summary>
        internal static string? BoundaryOf(string? contentType)
        {
            if (string.IsNullOrEmpty(contentType)) return null;
            int i = contentType!.IndexOf("boundary", StringComparison.OrdinalIgnoreCase);
            while (i >= 0)
            {
                int j = i + 8;
                while (j < contentType.Length && contentType[j] == ' ') j++;
                if (j < contentType.Length && contentType[j] == '=')
                {
                    j++;
                    while (j < contentType.Length && contentType[j] == ' ') j++;
                    string v;
                    if (j < contentType.Length && contentType[j] == '"')
                    {
                        int close = contentType.IndexOf('"', j + 1);
                        v = close < 0 ? contentType.Substring(j + 1) : contentType.Substring(j + 1, close - j - 1);
                    }
                    else
                    {
                        int semi = contentType.IndexOfAny(new[] { ';', ',', ' ' }, j);
                        v = semi < 0 ? contentType.Substring(j) : contentType.Substring(j, semi - j);
                    }
                    v = v.Trim().TrimStart('-');
                    if (v.Length == 0 || v.Length > MaxTokenLine) return null;
                    foreach (char c in v)
                        if (c <= ' ' || c > '~') return null;
                    return v;
                }
                i = contentType.IndexOf("boundary", i + 8, StringComparison.OrdinalIgnoreCase);
            }
            return null;
        }

        // ------------------------------------------------------------------ main loop

        private async Task<MjpegFrame?> ReadCoreAsync(bool sync, CancellationToken ct)
        {
            while (true)
            {
                if (_ended) return null;
                ct.ThrowIfCancellationRequested();

                // whitespace between parts
                while (true)
                {
                    while (_pos < _end && IsSpace(_buf[_pos])) _pos++;
                    if (_pos < _end) break;
                    if (!await FillAsync(sync, ct).ConfigureAwait(false))
                    {
                        _ended = true;
                        return null;
                    }
                }
                if (_end - _pos < 2 && !await FillAsync(sync, ct).ConfigureAwait(false) && _end - _pos < 2)
                {
                    Damage(); // a lone byte at the end
                    _ended = true;
                    return null;
                }

                byte b0 = _buf[_pos], b1 = _buf[_pos + 1];
                if (b0 == (byte)'-' && b1 == (byte)'-')
                {
                    int r = await DelimiterLineAsync(sync, ct).ConfigureAwait(false);
                    if (r < 0) return null;                // closing delimiter or EOF
                    if (r == 0)
                    {
                        await ResyncAsync(sync, ct, 1).ConfigureAwait(false);
                        continue;
                    }
                }
                else if (b0 == 0xFF && b1 == 0xD8)
                {
                    var headerless = await ReadByScanAsync(sync, ct).ConfigureAwait(false);
                    if (headerless != null) return headerless;
                    continue;
                }

                // part headers (also when the first boundary is missing)
                long length = await HeadersAsync(sync, ct).ConfigureAwait(false);
                if (length == -2)
                {
                    if (_ended) return null;
                    await ResyncAsync(sync, ct, 1).ConfigureAwait(false);
                    continue;
                }
                _justDamaged = false;
                MjpegFrame? frame;
                if (length > _maxPart)
                {
                    Damage();
                    if (_delim is null)
                        throw new CamProtocolException($"An MJPEG part announced {length} bytes, above the {_maxPart}-byte cap, and the stream has no known boundary to resynchronise on.");
                    await ResyncAsync(sync, ct, 0).ConfigureAwait(false);
                    continue;
                }
                frame = length > 0
                    ? await ReadByLengthAsync((int)length, sync, ct).ConfigureAwait(false)
                    : await ReadByScanAsync(sync, ct).ConfigureAwait(false);
                if (frame != null) return frame;
            }
        }

        /// <summary>At "--": 1 = our delimiter consumed, 0 = not a delimiter we accept, -1 = closing delimiter / EOF.</summary>
        private async Task<int> DelimiterLineAsync(bool sync, CancellationToken ct)
        {
            int nl = await FindLineEndAsync(MaxTokenLine + 16, sync, ct).ConfigureAwait(false);
            if (nl < 0)
            {
                if (_ended) return -1;
                return 0;
            }
            int s = _pos, e = nl;                  // [s, e) line without LF
            while (e > s && IsSpace(_buf[e - 1])) e--;
            int t = s;
            while (t < e && _buf[t] == (byte)'-') t++;
            int coreLen = _delim is null ? 0 : _delim.Length - 2;
            if (_delim != null && e - t >= coreLen && Equal(_buf, t, _delim, 2, coreLen))
            {
                int rest = t + coreLen;
                if (rest == e || (e - rest == 2 && _buf[rest] == (byte)'-' && _buf[rest + 1] == (byte)'-'))
                {
                    _confirmed = true;
                    _pos = nl + 1;
                    if (rest != e)
                    {
                        _ended = true;
                        return -1;
                    }
                    return 1;
                }
            }
            if (!_confirmed && e > t && IsToken(_buf, t, e))
            {
                int ce = e;
                if (ce - t > 2 && _buf[ce - 1] == (byte)'-' && _buf[ce - 2] == (byte)'-') ce -= 2;
                var d = new byte[2 + ce - t];
                d[0] = d[1] = (byte)'-';
                Buffer.BlockCopy(_buf, t, d, 2, ce - t);
                _delim = d;
                _confirmed = true;
                _pos = nl + 1;
                if (ce != e)
                {
                    _ended = true;
                    return -1;
                }
                return 1;
            }
            return 0;
        }

        /// <summary>Parses part headers; returns Content-Length, 0 when absent/invalid, -2 when these are not headers.</summary>
        private async Task<long> HeadersAsync(bool sync, CancellationToken ct)
        {
            long length = 0;
            int consumed = 0;
            while (true)
            {
                int nl = await FindLineEndAsync(HeaderCap - consumed, sync, ct).ConfigureAwait(false);
                if (nl < 0) return -2;
                int s = _pos, e = nl;
                consumed += nl + 1 - _pos;
                if (e > s && _buf[e - 1] == (byte)'\r') e--;
                if (e == s)
                {
                    _pos = nl + 1;
                    return length;
                }
                int colon = Array.IndexOf(_buf, (byte)':', s, e - s);
                if (colon <= s || !IsToken(_buf, s, colon)) return -2;
                int vs = colon + 1;
                while (vs < e && (_buf[vs] == (byte)' ' || _buf[vs] == (byte)'\t')) vs++;
                int ve = e;
                while (ve > vs && (_buf[ve - 1] == (byte)' ' || _buf[ve - 1] == (byte)'\t')) ve--;
                if (colon - s == 14 && EqualsIgnoreCase(_buf, s, "content-length"))
                {
                    long v = 0;
                    bool ok = ve > vs && ve - vs <= 12;
                    for (int i = vs; ok && i < ve; i++)
                    {
                        byte c = _buf[i];
                        if (c < (byte)'0' || c > (byte)'9') ok = false;
                        else v = v * 10 + (c - '0');
                    }
                    length = ok ? v : 0;
                }
                _pos = nl + 1;
            }
        }

        private async Task<MjpegFrame?> ReadByLengthAsync(int length, bool sync, CancellationToken ct)
        {
            var data = _borrow ? Scratch(length) : new byte[length];
            int have = Math.Min(length, _end - _pos);
            Buffer.BlockCopy(_buf, _pos, data, 0, have);
            _pos += have;
            while (have < length)
            {
                int n = sync
                    ? _stream.Read(data, have, length - have)
                    : await _stream.ReadAsync(data, have, length - have, ct).ConfigureAwait(false);
                if (n <= 0)
                {
                    _eof = true;
                    break;
                }
                have += n;
            }
            if (have == length && IsJpeg(data, length))
            {
                int eoi = EoiEnd(data, 0, length);
                if (eoi == length) return _borrow ? Frame(data, 0, length) : Frame(data);
                if (_borrow) return Frame(data, 0, eoi);
                var exact = new byte[eoi];           // padding after EOI (or a length slightly too long): drop it
                Buffer.BlockCopy(data, 0, exact, 0, eoi);
                return Frame(exact);
            }

            // Content-Length lied or the part is damaged: look for a boundary inside what was read.
            if (_delim != null)
            {
                int idx = IndexOf(data, 0, have, _delim);
                if (idx >= 0)
                {
                    Unread(data, idx, have - idx);
                    int fe = TrimEnd(data, 0, idx);
                    if (IsJpeg(data, fe))
                    {
                        if (_borrow) return Frame(data, 0, fe);
                        var exact = new byte[fe];
                        Buffer.BlockCopy(data, 0, exact, 0, fe);
                        return Frame(exact);
                    }
                    Damage();
                    return null;
                }
            }
            Damage();
            if (have < length) _ended = true;   // truncated last part
            return null;
        }

        private async Task<MjpegFrame?> ReadByScanAsync(bool sync, CancellationToken ct)
        {
            int overlap = Overlap;
            int searched = 0;                   // offset from _pos already searched
            while (true)
            {
                int idx = FindDelimiter(_pos + Math.Max(0, searched - overlap), _end);
                if (idx >= 0)
                {
                    int fe = TrimEnd(_buf, _pos, idx);
                    var frame = fe - _pos > _maxPart ? null : TakeFrame(_pos, fe);
                    if (fe - _pos > _maxPart) Damage();
                    _pos = idx;
                    return frame;
                }
                searched = _end - _pos;
                if (searched > _maxPart)
                {
                    Damage();
                    _pos = _end - Math.Min(overlap, _end - _pos);
                    await ResyncAsync(sync, ct, 0).ConfigureAwait(false);
                    return null;
                }
                if (!await FillAsync(sync, ct).ConfigureAwait(false))
                {
                    int fe = TrimEnd(_buf, _pos, _end);
                    var frame = TakeFrame(_pos, fe);
                    _pos = _end;
                    _ended = true;
                    return frame;
                }
            }
        }

        private MjpegFrame? TakeFrame(int start, int end)
        {
            int len = end - start;
            if (len >= 4 && _buf[start] == 0xFF && _buf[start + 1] == 0xD8 && EndsWithEoi(_buf, start, end))
            {
                if (_borrow) return Frame(_buf, start, len);
                var data = new byte[len];
                Buffer.BlockCopy(_buf, start, data, 0, len);
                return Frame(data);
            }
            if (len > 0) Damage();
            return null;
        }

        private MjpegFrame Frame(byte[] data)
        {
            _justDamaged = false;
            return new MjpegFrame(data, _sequence++);
        }

        private MjpegFrame Frame(byte[] buffer, int offset, int count)
        {
            _justDamaged = false;
            return new MjpegFrame(buffer, offset, count, _sequence++);
        }

        /// <summary>The reused array for borrowed frames read by length (grows to the largest part seen; parts are capped).</summary>
        private byte[] Scratch(int length)
        {
            if (_scratch is null || _scratch.Length < length) _scratch = new byte[Math.Max(length, Math.Min(_maxPart, (_scratch?.Length ?? 32 * 1024) * 2))];
            return _scratch;
        }

        private void Damage()
        {
            DamagedParts++;
            _justDamaged = true;
        }

        /// <summary>Discards bytes until a boundary is at <c>_pos</c> (or EOF); throws after 4 × cap without one.</summary>
        private async Task ResyncAsync(bool sync, CancellationToken ct, int skip)
        {
            if (!_justDamaged) Damage();
            int overlap = Overlap;
            long discarded = 0;
            long limit = 4L * _maxPart;
            while (true)
            {
                int from = Math.Min(_pos + skip, _end);
                int idx = FindDelimiter(from, _end);
                if (idx >= 0)
                {
                    _pos = idx;
                    return;
                }
                int keep = Math.Min(_end, Math.Max(_pos + skip, _end - overlap));
                if (keep > _pos)
                {
                    discarded += keep - _pos;
                    _pos = keep;
                }
                skip = 0;
                if (discarded > limit)
                {
                    _ended = true;
                    throw new CamProtocolException($"The MJPEG stream carried {discarded} bytes without a part boundary (cap {_maxPart} bytes per part); it is not a stream this reader understands.");
                }
                if (!await FillAsync(sync, ct).ConfigureAwait(false))
                {
                    _pos = _end;
                    _ended = true;
                    return;
                }
            }
        }

        // ------------------------------------------------------------------ buffer

        /// <summary>Bytes to re-search after a refill so a delimiter split across reads is not missed.</summary>
        private int Overlap => _confirmed && _delim != null ? _delim.Length : MaxTokenLine + 4;

        /// <summary>Reads more bytes; false at EOF. Compacts and grows the buffer up to its cap.</summary>
        private async Task<bool> FillAsync(bool sync, CancellationToken ct)
        {
            if (_eof) return false;
            if (_pos > 0 && (_pos == _end || _end == _buf.Length || _pos >= _buf.Length / 2))
            {
                int live = _end - _pos;
                if (live > 0) Buffer.BlockCopy(_buf, _pos, _buf, 0, live);
                _pos = 0;
                _end = live;
            }
            if (_end == _buf.Length)
            {
                if (_buf.Length >= _maxBuffer) throw new InvalidOperationException("MJPEG buffer cap reached."); // not reachable: callers bound their windows
                var bigger = new byte[(int)Math.Min((long)_buf.Length * 2, _maxBuffer)];
                Buffer.BlockCopy(_buf, 0, bigger, 0, _end);
                _buf = bigger;
            }
            int n = sync
                ? _stream.Read(_buf, _end, _buf.Length - _end)
                : await _stream.ReadAsync(_buf, _end, _buf.Length - _end, ct).ConfigureAwait(false);
            if (n <= 0)
            {
                _eof = true;
                return false;
            }
            _end += n;
            return true;
        }

        /// <summary>Index of the LF ending the line at <c>_pos</c>, reading as needed; -1 if longer than max or at EOF.</summary>
        private async Task<int> FindLineEndAsync(int max, bool sync, CancellationToken ct)
        {
            int searched = 0;
            while (true)
            {
                int avail = Math.Min(_end - _pos, max);
                int nl = avail > searched ? Array.IndexOf(_buf, (byte)'\n', _pos + searched, avail - searched) : -1;
                if (nl >= 0) return nl;
                searched = avail;
                if (avail >= max) return -1;
                if (!await FillAsync(sync, ct).ConfigureAwait(false))
                {
                    if (_pos < _end && _end - _pos < max)
                    {
                        // last line without LF: treat EOF as its end
                        if (_end == _buf.Length)
                        {
                            var bigger = new byte[_buf.Length + 1];
                            Buffer.BlockCopy(_buf, 0, bigger, 0, _end);
                            _buf = bigger;
                        }
                        _buf[_end] = (byte)'\n';
                        return _end++;
                    }
                    _ended = _pos >= _end;
                    return -1;
                }
            }
        }

        private void Unread(byte[] src, int offset, int count)
        {
            if (count <= 0) return;
            if (_pos >= count)
            {
                _pos -= count;
                Buffer.BlockCopy(src, offset, _buf, _pos, count);
                return;
            }
            int live = _end - _pos;
            var nb = new byte[Math.Max(_buf.Length, count + live)];
            Buffer.BlockCopy(src, offset, nb, 0, count);
            Buffer.BlockCopy(_buf, _pos, nb, count, live);
            _buf = nb;
            _pos = 0;
            _end = count + live;
        }

        /// <summary>Start of the next delimiter in [from, to): "--boundary" when known, else LF "--token" line.</summary>
        private int FindDelimiter(int from, int to)
        {
            var d = _delim;
            if (d != null && _confirmed)
            {
                int i = from;
                while (true)
                {
                    int idx = Array.IndexOf(_buf, (byte)'-', i, to - i);
                    if (idx < 0 || idx + d.Length > to) return -1;
                    if (_buf[idx + 1] == (byte)'-' && Equal(_buf, idx + 2, d, 2, d.Length - 2)) return idx;
                    i = idx + 1;
                }
            }
            // Unknown or unconfirmed boundary: a line "--token" (also the declared one).
            for (int i = from; i < to;)
            {
                int idx = Array.IndexOf(_buf, (byte)'\n', i, to - i);
                if (idx < 0) return -1;
                int s = idx + 1;
                if (s + 2 < to && _buf[s] == (byte)'-' && _buf[s + 1] == (byte)'-')
                {
                    if (d != null && s + d.Length <= to && Equal(_buf, s, d, 0, d.Length)) return s;
                    int e = s + 2;
                    while (e < to && e - s < MaxTokenLine && _buf[e] > 0x20 && _buf[e] < 0x7f) e++;
                    if (e < to && (_buf[e] == (byte)'\r' || _buf[e] == (byte)'\n') && e > s + 2) return s;
                }
                i = idx + 1;
            }
            return -1;
        }

        // ------------------------------------------------------------------ byte helpers

        private static bool IsSpace(byte b) => b == (byte)'\r' || b == (byte)'\n' || b == (byte)' ' || b == (byte)'\t';

        private static bool IsToken(byte[] b, int s, int e)
        {
            if (e <= s || e - s > MaxTokenLine) return false;
            for (int i = s; i < e; i++)
                if (b[i] <= 0x20 || b[i] >= 0x7f) return false;
            return true;
        }

        private static bool Equal(byte[] a, int ai, byte[] b, int bi, int len)
        {
            for (int k = 0; k < len; k++)
                if (a[ai + k] != b[bi + k]) return false;
            return true;
        }

        private static bool EqualsIgnoreCase(byte[] a, int ai, string lower)
        {
            for (int k = 0; k < lower.Length; k++)
                if ((a[ai + k] | 0x20) != lower[k]) return false;
            return true;
        }

        private static int IndexOf(byte[] hay, int from, int to, byte[] needle)
        {
            int i = from;
            while (true)
            {
                int idx = Array.IndexOf(hay, needle[0], i, to - i);
                if (idx < 0 || idx + needle.Length > to) return -1;
                if (Equal(hay, idx, needle, 0, needle.Length)) return idx;
                i = idx + 1;
            }
        }

        /// <summary>End of a part's data before a delimiter: drops trailing CR, LF and extra dashes.</summary>
        private static int TrimEnd(byte[] b, int start, int end)
        {
            while (end > start && (b[end - 1] == (byte)'\r' || b[end - 1] == (byte)'\n' || b[end - 1] == (byte)'-')) end--;
            return end;
        }

        private static bool IsJpeg(byte[] d, int len) => len >= 4 && d[0] == 0xFF && d[1] == 0xD8 && EndsWithEoi(d, 0, len);

        /// <summary>EOI at the end, allowing up to 8 bytes of padding (NUL, CR, LF, space).</summary>
        private static bool EndsWithEoi(byte[] d, int start, int end) => EoiEnd(d, start, end) > 0;

        /// <summary>Index just after the final EOI (before padding), or -1 when there is none.</summary>
        private static int EoiEnd(byte[] d, int start, int end)
        {
            int e = end;
            while (e > start + 2 && end - e < 8 && (d[e - 1] == 0 || d[e - 1] == (byte)'\r' || d[e - 1] == (byte)'\n' || d[e - 1] == (byte)' ')) e--;
            return e - start >= 4 && d[e - 2] == 0xFF && d[e - 1] == 0xD9 ? e : -1;
        }

        private void ThrowIfDisposed()
        {
            if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(MjpegReader));
        }
    }
}
