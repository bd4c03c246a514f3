using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace FoscamPS.Protocol
{
    /// <summary>
    /// The module's HTTP/1.1 client: one TCP connection per request, closed when the response is disposed — what the
    /// firmware does anyway (<c>Connection: close</c> on every reply). It replaces .NET's SocketsHttpHandler (and
    /// Windows PowerShell's HttpWebRequest handler) under <see cref="CamTransport"/> for three reasons:
    /// <list type="bullet">
    /// <item>Retry safety (security.md): a request is written once, on one connection. A camera that reads it and closes
    /// without a byte of reply gets no hidden re-send (SocketsHttpHandler re-sends such a request up to 3 more times;
    /// HttpWebRequest does too) — the caller sees <see cref="CamNoReplyException"/> and the module's own retry rules,
    /// by CGI safety, are the only retry. The same on every runtime: no reflection into the framework's handler.</item>
    /// <item>No pooling: no idle socket is kept for a camera that answers with keep-alive, no pool per camera, no
    /// cleanup timer.</item>
    /// <item>Cost per request (issue 13): no connection pool, pool per camera or request queue — a third less allocated
    /// per get_status request than with SocketsHttpHandler (13.8 KB instead of 20.4 KB, measured over 3,000 requests).</item>
    /// </list>
    /// </summary>
    /// <remarks>
    /// What it speaks: GET/POST with a known-length body; responses with Content-Length, chunked transfer coding or read
    /// to the close; 1xx interim responses skipped; LF-only line ends and "Name:value" without a space tolerated (clones
    /// send both); response head at most 64 KiB. No proxy, redirects, cookies or decompression (the transport wants none
    /// of them). https:// through <see cref="SslStream"/> with the system's certificate validation.
    /// </remarks>
    internal sealed class CamHttpHandler : HttpMessageHandler
    {
        /// <summary>The longest response head accepted (status line and headers), as SocketsHttpHandler's default.</summary>
        internal const int MaxHeadBytes = 64 * 1024;

        private static readonly byte[] UserAgentLine = Encoding.ASCII.GetBytes("User-Agent: FoscamPS/" + typeof(CamHttpHandler).Assembly.GetName().Version + "\r\n");
        private static readonly UTF8Encoding HeadEncoding = new UTF8Encoding(false);

        /// <summary>Stateless: one for every transport.</summary>
        internal static readonly HttpMessageInvoker Invoker = new HttpMessageInvoker(new CamHttpHandler(), disposeHandler: false);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
            cancellationToken.ThrowIfCancellationRequested();
            byte[] head = BuildHead(request, out long? contentLength);
            Stream? stream = null;
            bool handedOver = false;
            // Cancelling closes the connection: every pending socket operation then fails at once, on every runtime.
            var closer = new Closer();
            var registration = cancellationToken.Register(state => ((Closer)state!).Close(), closer);
            try
            {
                // A short text reply over plain http goes through the socket loop on Linux (see CamSocketLoop).
                var loop = request is ShortReplyRequest && request.Content == null && CamSocketLoop.IsAvailable
                    && string.Equals(uri.Scheme, "http", StringComparison.OrdinalIgnoreCase) ? CamSocketLoop.Pick() : null;
                stream = await ConnectAsync(uri, closer, loop, cancellationToken).ConfigureAwait(false);
                closer.Set(stream);
                if (string.Equals(uri.Scheme, "https", StringComparison.OrdinalIgnoreCase))
                {
                    var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                    stream = ssl;
                    closer.Set(ssl);
                    await ssl.AuthenticateAsClientAsync(uri.IdnHost).ConfigureAwait(false);
                }
                Exception? writeFailure = null;
                try
                {
                    await stream.WriteAsync(head, 0, head.Length, cancellationToken).ConfigureAwait(false);
                    if (request.Content != null && contentLength > 0)
                        await request.Content.CopyToAsync(stream).ConfigureAwait(false);
                    await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // A camera may answer (401, an error) and close before the whole body was sent: read its answer.
                    writeFailure = ex;
                }
                HttpResponseMessage response;
                try
                {
                    response = await ReadResponseAsync(request, stream, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception) when (writeFailure != null && !cancellationToken.IsCancellationRequested)
                {
                    throw writeFailure;
                }
                handedOver = true;
                return response;
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && !(ex is OperationCanceledException))
            {
                throw new OperationCanceledException("The request was canceled.", ex, cancellationToken);
            }
            finally
            {
                registration.Dispose();
                if (!handedOver) closer.Close();
            }
        }

        /// <summary>Closes what the request has opened so far (the socket, then its stream); safe from any thread, more than once.</summary>
        private sealed class Closer
        {
            private IDisposable? _resource;
            private int _closed;

            public void Set(IDisposable resource)
            {
                Volatile.Write(ref _resource, resource);
                if (Volatile.Read(ref _closed) != 0) resource.Dispose();
            }

            public void Close()
            {
                Interlocked.Exchange(ref _closed, 1);
                try
                {
                    Volatile.Read(ref _resource)?.Dispose();
                }
                catch (Exception)
                {
                    // closing must not throw into a cancellation callback
                }
            }
        }

        // ------------------------------------------------------------------ request

        [ThreadStatic] private static StringBuilder? t_head;
        [ThreadStatic] private static char[]? t_headChars;

        /// <summary>Request line and headers (UTF-8: a Digest user name may hold any character), ending with the blank line.</summary>
        private static byte[] BuildHead(HttpRequestMessage request, out long? contentLength)
        {
            var uri = request.RequestUri!;
            // One builder and one char buffer per thread, reused (this method does not await): a request head no longer
            // allocates the builder's chunks and a string on its way to bytes.
            // Taken, not borrowed: a failure below (a header with a line break) leaves it to the collector, never to the
            // next request with whatever it holds.
            var sb = t_head ?? new StringBuilder(512);
            t_head = null;
            sb.Clear();
            sb.Append(request.Method.Method).Append(' ').Append(uri.PathAndQuery).Append(" HTTP/1.1\r\nHost: ").Append(uri.Authority).Append("\r\n");
            bool userAgent = false;
            foreach (var header in request.Headers)
            {
                if (string.Equals(header.Key, "Connection", StringComparison.OrdinalIgnoreCase) || string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase))
                    continue;
                if (string.Equals(header.Key, "User-Agent", StringComparison.OrdinalIgnoreCase)) userAgent = true;
                AppendHeader(sb, header.Key, header.Value);
            }
            contentLength = null;
            var content = request.Content;
            if (content != null)
            {
                foreach (var header in content.Headers)
                {
                    if (string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
                    AppendHeader(sb, header.Key, header.Value);
                }
                contentLength = content.Headers.ContentLength
                    ?? throw new NotSupportedException("A request body must have a known length (the cameras do not read chunked uploads).");
                sb.Append("Content-Length: ").Append(contentLength.Value.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            }
            sb.Append("Connection: close\r\n");
            int agent = userAgent ? 0 : UserAgentLine.Length;
            int length = sb.Length;
            var chars = t_headChars is { } c && c.Length >= length ? c : (t_headChars = new char[Math.Max(length, 512)]);
            sb.CopyTo(0, chars, 0, length);
            var bytes = new byte[HeadEncoding.GetByteCount(chars, 0, length) + agent + 2];
            int n = HeadEncoding.GetBytes(chars, 0, length, bytes, 0);
            // The head may carry an Authorization value: wipe what the reused buffers hold.
            Array.Clear(chars, 0, length);
            sb.Clear().Append('\0', length).Clear();
            if (sb.Capacity <= 4096) t_head = sb; // an unusually long head's builder is not kept
            if (agent > 0) Buffer.BlockCopy(UserAgentLine, 0, bytes, n, agent);
            bytes[bytes.Length - 2] = (byte)'\r';
            bytes[bytes.Length - 1] = (byte)'\n';
            return bytes;
        }

        private static void AppendHeader(StringBuilder sb, string name, System.Collections.Generic.IEnumerable<string> values)
        {
            sb.Append(name).Append(": ");
            bool first = true;
            foreach (var v in values)
            {
                if (!first) sb.Append(", ");
                foreach (char c in v)
                {
                    if (c == '\r' || c == '\n') throw new ArgumentException($"The value of header '{name}' contains a line break.");
                }
                sb.Append(v);
                first = false;
            }
            sb.Append("\r\n");
        }

        /// <summary>
        /// A request whose reply is short text read at once (the get_/set_ CGIs): with no body and over plain http, its
        /// connection may be served by <see cref="CamSocketLoop"/>, so what follows the reply runs on the loop thread.
        /// </summary>
        internal sealed class ShortReplyRequest : HttpRequestMessage
        {
            public ShortReplyRequest(HttpMethod method, Uri uri) : base(method, uri) { }
        }

        /// <summary>The connected stream: a NetworkStream, or on the socket loop a <see cref="CamLoopStream"/>.</summary>
        private static async Task<Stream> ConnectAsync(Uri uri, Closer closer, CamSocketLoop? loop, CancellationToken cancellationToken)
        {
            int port = uri.Port;
            string host = uri.DnsSafeHost;
            IPAddress[] addresses = IPAddress.TryParse(host, out var literal)
                ? new[] { literal }
                : await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
            if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
            Exception? last = null;
            foreach (var address in addresses)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                // On the loop the stream owns the socket from the start, so a close from another thread (a timeout) goes
                // through the loop: a socket closed while the loop's Select holds it is reset, not closed.
                var loopStream = loop is null ? null : new CamLoopStream(socket, loop);
                IDisposable owner = (IDisposable?)loopStream ?? socket;
                closer.Set(owner);
                try
                {
                    if (loopStream is null)
                    {
                        await socket.ConnectAsync(new IPEndPoint(address, port)).ConfigureAwait(false);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    await loop!.ConnectAsync(socket, new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
                    return loopStream;
                }
                catch (SocketException ex)
                {
                    owner.Dispose();
                    last = ex;
                }
                catch (ObjectDisposedException)
                {
                    owner.Dispose();
                    cancellationToken.ThrowIfCancellationRequested();
                    throw;
                }
            }
            throw last!;
        }

        // ------------------------------------------------------------------ response

        internal static async Task<HttpResponseMessage> ReadResponseAsync(HttpRequestMessage request, Stream stream, CancellationToken cancellationToken)
        {
            // A camera's reply head is 100-200 bytes, and a get_status reply (head and body) under 500: one read of 512
            // takes it whole; a longer head grows the buffer, a longer body is read on into the caller's buffer.
            var buffer = new byte[512];
            int filled = 0;
            while (true)
            {
                // Read until the blank line that ends the head.
                int headEnd, bodyStart;
                int scanFrom = 0;
                while (!FindHeadEnd(buffer, scanFrom, filled, out headEnd, out bodyStart))
                {
                    scanFrom = Math.Max(0, filled - 3);
                    if (filled == buffer.Length)
                    {
                        if (buffer.Length > MaxHeadBytes)
                            throw new HttpRequestException($"The HTTP response headers length exceeded the set limit of {MaxHeadBytes} bytes.");
                        Array.Resize(ref buffer, Math.Min(buffer.Length * 4, MaxHeadBytes + 1));
                    }
                    int n = await stream.ReadAsync(buffer, filled, buffer.Length - filled, cancellationToken).ConfigureAwait(false);
                    if (n <= 0)
                    {
                        if (filled == 0) throw new HttpRequestException("The camera closed the connection without sending a response.", new CamNoReplyException());
                        throw new HttpRequestException("The response ended prematurely.", new IOException("The response ended prematurely (in its headers)."));
                    }
                    filled += n;
                }
                if (headEnd > MaxHeadBytes)
                    throw new HttpRequestException($"The HTTP response headers length exceeded the set limit of {MaxHeadBytes} bytes.");

                var response = ParseHead(buffer, headEnd, out var framing, out long declared, out var contentHeaders);
                if ((int)response.StatusCode >= 100 && (int)response.StatusCode < 200)
                {
                    // Interim response (100 Continue): drop it and read the real one.
                    response.Dispose();
                    Buffer.BlockCopy(buffer, bodyStart, buffer, 0, filled - bodyStart);
                    filled -= bodyStart;
                    continue;
                }
                response.RequestMessage = request;
                int status = (int)response.StatusCode;
                if (status == 204 || status == 304 || request.Method == HttpMethod.Head) framing = Framing.None;
                var body = new BodyStream(stream, buffer, bodyStart, filled - bodyStart, framing, declared);
                response.Content = new BodyContent(body);
                foreach (var (name, value) in contentHeaders)
                {
                    try
                    {
                        response.Content.Headers.TryAddWithoutValidation(name, value);
                    }
                    catch (FormatException)
                    {
                        // a header the framework will not hold: nothing the transport reads
                    }
                }
                return response;
            }
        }

        /// <summary>Finds CRLF CRLF (or LF LF, LF CRLF) in buffer[from..filled): headEnd is where the head's text ends, bodyStart after the blank line.</summary>
        private static bool FindHeadEnd(byte[] buffer, int from, int filled, out int headEnd, out int bodyStart)
        {
            for (int i = from; i < filled; i++)
            {
                if (buffer[i] != (byte)'\n') continue;
                // buffer[i] ends a line; the next line is blank when it is "\n" or "\r\n".
                if (i + 1 < filled && buffer[i + 1] == (byte)'\n')
                {
                    headEnd = i + 1;
                    bodyStart = i + 2;
                    return true;
                }
                if (i + 2 < filled && buffer[i + 1] == (byte)'\r' && buffer[i + 2] == (byte)'\n')
                {
                    headEnd = i + 1;
                    bodyStart = i + 3;
                    return true;
                }
            }
            headEnd = bodyStart = 0;
            return false;
        }

        internal enum Framing
        {
            None,
            Length,
            Chunked,
            ToClose,
        }

        /// <summary>
        /// Status line and headers. Content headers (Content-Type, -Length, -Disposition, …) are handed back apart: the
        /// content does not exist yet.
        /// </summary>
        /// <remarks>
        /// Read from the bytes, not line by line as strings: one string per header value, and none for a header name the
        /// cameras send (a shared one), none for a "200 OK" status line. Measured (issue 13): 2,216 bytes allocated for
        /// the emulator's seven-line get_status head before, 616 after; with the smaller first read (512 bytes, not
        /// 1 KB) a 1,000-camera Get-CamStatus allocates 13.2 KB per camera instead of 15.3. Values are trimmed of what
        /// <see cref="string.Trim()"/> trims; a folded value (obsolete continuation lines) is its lines joined by a
        /// space, trimmed as a whole. <c>ResponseHeadParserTests</c> holds the former parser as the oracle.
        /// </remarks>
        internal static HttpResponseMessage ParseHead(byte[] buffer, int length, out Framing framing, out long declared, out List<(string Name, string Value)> contentHeaders)
        {
            // Latin-1: one char per byte, whatever the camera sent.
            int pos = 0;
            int lineStop = NextLineEnd(buffer, ref pos, length, out int lineStart);
            if (!TryParseStatusLine(buffer, lineStart, lineStop, out var version, out int status, out string? reason))
                throw new HttpRequestException("Received an invalid status line: '" + Shorten(Latin1(buffer, lineStart, lineStop - lineStart)) + "'.");
            var response = new HttpResponseMessage((HttpStatusCode)status) { Version = version };
            if (reason is not null)
            {
                try
                {
                    response.ReasonPhrase = reason;
                }
                catch (FormatException)
                {
                    // an odd reason phrase is not worth failing for
                }
            }
            var pending = contentHeaders = new List<(string Name, string Value)>(4);
            framing = Framing.ToClose;
            long contentLength = -1;
            bool chunked = false;
            string? name = null;
            int valueStart = 0, valueStop = 0;
            StringBuilder? folded = null;
            while (pos < length)
            {
                lineStop = NextLineEnd(buffer, ref pos, length, out lineStart);
                if (lineStop == lineStart) break;
                byte first = buffer[lineStart];
                if (first == (byte)' ' || first == (byte)'\t')
                {
                    if (name is null) throw new HttpRequestException("The response's first header line is a continuation line.");
                    folded ??= new StringBuilder();
                    if (folded.Length == 0) folded.Append(Latin1(buffer, valueStart, valueStop - valueStart));
                    Trim(buffer, ref lineStart, ref lineStop);
                    folded.Append(' ').Append(Latin1(buffer, lineStart, lineStop - lineStart)); // obsolete line folding
                    continue;
                }
                if (name is not null) AddHeader(response, pending, name, TakeValue(buffer, valueStart, valueStop, folded), ref contentLength, ref chunked);
                int colon = Array.IndexOf(buffer, (byte)':', lineStart, lineStop - lineStart);
                if (colon <= lineStart || !IsToken(buffer, lineStart, colon))
                    throw new HttpRequestException("The response has an invalid header line: '" + Shorten(Latin1(buffer, lineStart, lineStop - lineStart)) + "'.");
                name = KnownHeaderName(buffer, lineStart, colon) ?? Latin1(buffer, lineStart, colon - lineStart);
                valueStart = colon + 1;
                valueStop = lineStop;
            }
            if (name is not null) AddHeader(response, pending, name, TakeValue(buffer, valueStart, valueStop, folded), ref contentLength, ref chunked);
            declared = contentLength;
            if (chunked)
            {
                framing = Framing.Chunked;
                declared = -1;
                pending.RemoveAll(h => string.Equals(h.Name, "Content-Length", StringComparison.OrdinalIgnoreCase));
            }
            else if (declared >= 0)
            {
                framing = Framing.Length;
            }
            return response;
        }

        /// <summary>Finds the next line: returns where its text stops (before CR LF or LF), <paramref name="start"/> where it starts; moves <paramref name="pos"/> past it.</summary>
        private static int NextLineEnd(byte[] buffer, ref int pos, int length, out int start)
        {
            start = pos;
            int end = Array.IndexOf(buffer, (byte)'\n', start, length - start);
            if (end < 0) end = length;
            pos = end + 1;
            return end > start && buffer[end - 1] == (byte)'\r' ? end - 1 : end;
        }

        /// <summary>The current header's value, trimmed; a folded one from its joined lines (and the builder emptied).</summary>
        private static string TakeValue(byte[] buffer, int start, int stop, StringBuilder? folded)
        {
            if (folded is { Length: > 0 })
            {
                string joined = folded.ToString().Trim();
                folded.Clear();
                return joined;
            }
            Trim(buffer, ref start, ref stop);
            return Latin1(buffer, start, stop - start);
        }

        /// <summary>Narrows [start, stop) to what <see cref="string.Trim()"/> would keep of its Latin-1 text.</summary>
        private static void Trim(byte[] buffer, ref int start, ref int stop)
        {
            while (start < stop && char.IsWhiteSpace((char)buffer[start])) start++;
            while (stop > start && char.IsWhiteSpace((char)buffer[stop - 1])) stop--;
        }

        private static void AddHeader(HttpResponseMessage response, List<(string Name, string Value)> pending, string name, string v, ref long contentLength, ref bool chunked)
        {
            if (string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out long len) || (contentLength >= 0 && contentLength != len))
                    throw new HttpRequestException("The response has an invalid Content-Length: '" + Shorten(v) + "'.");
                contentLength = len;
            }
            else if (string.Equals(name, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                if (v.EndsWith("chunked", StringComparison.OrdinalIgnoreCase)) chunked = true;
                else throw new HttpRequestException("The response uses an unsupported transfer coding: '" + Shorten(v) + "'.");
            }
            if (!response.Headers.TryAddWithoutValidation(name, v)) pending.Add((name, v));
        }

        /// <summary>Header names cameras and their clones send, spelt as they send them: shared strings, none allocated per response.</summary>
        private static readonly string[] KnownHeaderNames =
        {
            "Server", "Date", "Content-Type", "Content-Length", "Connection", "Cache-Control", "Pragma", "Expires",
            "WWW-Authenticate", "Transfer-Encoding", "Keep-Alive", "Content-Disposition", "Location", "Accept-Ranges",
            "Last-Modified", "Set-Cookie",
        };

        /// <summary>The shared string for buffer[start..stop) when it is a known header name with the same case; null otherwise.</summary>
        private static string? KnownHeaderName(byte[] buffer, int start, int stop)
        {
            int n = stop - start;
            foreach (var known in KnownHeaderNames)
            {
                if (known.Length != n) continue;
                int i = 0;
                while (i < n && buffer[start + i] == known[i]) i++;
                if (i == n) return known;
            }
            return null;
        }

        private static bool IsToken(byte[] buffer, int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                char c = (char)buffer[i];
                if (c <= ' ' || c >= 0x7f || c == '(' || c == ')' || c == '<' || c == '>' || c == '@' || c == ',' || c == ';' || c == '\\' || c == '"' || c == '/' || c == '[' || c == ']' || c == '?' || c == '=' || c == '{' || c == '}')
                    return false;
            }
            return true;
        }

        /// <summary>"HTTP/1.x SSS[ reason]"; the reason is null when it is the standard one for the status (the response knows it).</summary>
        private static bool TryParseStatusLine(byte[] buffer, int start, int stop, out Version version, out int status, out string? reason)
        {
            version = HttpVersion.Version11;
            status = 0;
            reason = string.Empty;
            int n = stop - start;
            if (n < 12) return false;
            for (int i = 0; i < 7; i++)
            {
                if (buffer[start + i] != (byte)"HTTP/1."[i]) return false;
            }
            if (buffer[start + 8] != (byte)' ') return false;
            byte minor = buffer[start + 7];
            if (minor == (byte)'0') version = HttpVersion.Version10;
            else if (minor != (byte)'1') return false;
            for (int i = 9; i < 12; i++)
            {
                byte c = buffer[start + i];
                if (c < (byte)'0' || c > (byte)'9') return false;
                status = status * 10 + (c - '0');
            }
            if (status < 100) return false;
            if (n > 12)
            {
                if (buffer[start + 12] != (byte)' ') return false;
                reason = status == 200 && n == 15 && buffer[start + 13] == (byte)'O' && buffer[start + 14] == (byte)'K'
                    ? null
                    : Latin1(buffer, start + 13, n - 13);
            }
            return true;
        }

        internal static string Latin1(byte[] buffer, int offset, int count)
        {
            if (count <= 0) return string.Empty;
            bool ascii = true;
            for (int i = 0; i < count && ascii; i++) ascii = buffer[offset + i] < 0x80;
            if (ascii) return Encoding.ASCII.GetString(buffer, offset, count);
            var chars = new char[count];
            for (int i = 0; i < count; i++) chars[i] = (char)buffer[offset + i];
            return new string(chars);
        }

        private static string Shorten(string text) => text.Length <= 80 ? text : text.Substring(0, 80) + "…";

        // ------------------------------------------------------------------ body

        /// <summary>The response body: what was read with the head first, then the connection; owns the connection.</summary>
        private sealed class BodyContent : HttpContent
        {
            private readonly BodyStream _body;

            public BodyContent(BodyStream body) => _body = body;

            protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(_body);

            protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _body.CopyToAsync(stream);

            protected override bool TryComputeLength(out long length)
            {
                length = 0;
                return false;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing) _body.Dispose();
                base.Dispose(disposing);
            }
        }

        internal sealed class BodyStream : Stream
        {
            private readonly Stream _inner;
            private readonly byte[] _buffer;
            private int _offset;
            private int _count;
            private readonly Framing _framing;
            private long _remaining; // Length: body bytes left; Chunked: bytes left in the current chunk
            private bool _done;
            private int _disposed;

            public BodyStream(Stream inner, byte[] buffer, int offset, int count, Framing framing, long declared)
            {
                _inner = inner;
                _buffer = buffer;
                _offset = offset;
                _count = count;
                _framing = framing;
                _remaining = framing == Framing.Length ? declared : 0;
                _done = framing == Framing.None || (framing == Framing.Length && declared == 0);
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(BodyStream));
                if (count == 0 || _done) return 0;
                switch (_framing)
                {
                    case Framing.ToClose:
                        {
                            int n = await RawReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                            if (n == 0) _done = true;
                            return n;
                        }
                    case Framing.Length:
                        {
                            int want = (int)Math.Min(count, _remaining);
                            int n = await RawReadAsync(buffer, offset, want, cancellationToken).ConfigureAwait(false);
                            if (n == 0) throw new IOException($"The response ended prematurely, with at least {_remaining} additional bytes expected.");
                            _remaining -= n;
                            if (_remaining == 0) _done = true;
                            return n;
                        }
                    default:
                        {
                            if (_remaining == 0)
                            {
                                if (!await NextChunkAsync(cancellationToken).ConfigureAwait(false))
                                {
                                    _done = true;
                                    return 0;
                                }
                            }
                            int want = (int)Math.Min(count, _remaining);
                            int n = await RawReadAsync(buffer, offset, want, cancellationToken).ConfigureAwait(false);
                            if (n == 0) throw new IOException("The response ended prematurely inside a chunk.");
                            _remaining -= n;
                            if (_remaining == 0) await ReadLineAsync(cancellationToken, expectEmpty: true).ConfigureAwait(false);
                            return n;
                        }
                }
            }

            /// <summary>Reads a chunk-size line; false at the last chunk (its trailers are read and dropped).</summary>
            private async Task<bool> NextChunkAsync(CancellationToken cancellationToken)
            {
                string line = await ReadLineAsync(cancellationToken, expectEmpty: false).ConfigureAwait(false);
                int semi = line.IndexOf(';');
                string size = (semi >= 0 ? line.Substring(0, semi) : line).Trim();
                if (size.Length == 0 || size.Length > 15 || !long.TryParse(size, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long length))
                    throw new IOException("Received chunk header length could not be parsed: '" + Shorten(line) + "'.");
                if (length == 0)
                {
                    // Trailers up to the blank line.
                    while ((await ReadLineAsync(cancellationToken, expectEmpty: false).ConfigureAwait(false)).Length != 0) { }
                    return false;
                }
                _remaining = length;
                return true;
            }

            private async Task<string> ReadLineAsync(CancellationToken cancellationToken, bool expectEmpty)
            {
                var sb = new StringBuilder();
                var one = new byte[1];
                while (true)
                {
                    int n = await RawReadAsync(one, 0, 1, cancellationToken).ConfigureAwait(false);
                    if (n == 0) throw new IOException("The response ended prematurely in its chunked framing.");
                    char c = (char)one[0];
                    if (c == '\n') break;
                    if (sb.Length > 1024) throw new IOException("A chunk header line is too long.");
                    sb.Append(c);
                }
                if (sb.Length > 0 && sb[sb.Length - 1] == '\r') sb.Length--;
                if (expectEmpty && sb.Length != 0) throw new IOException("A chunk is longer than its declared size.");
                return sb.ToString();
            }

            private Task<int> RawReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                if (_count > 0)
                {
                    int n = Math.Min(count, _count);
                    Buffer.BlockCopy(_buffer, _offset, buffer, offset, n);
                    _offset += n;
                    _count -= n;
                    return Task.FromResult(n);
                }
                return _inner.ReadAsync(buffer, offset, count, cancellationToken);
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0) _inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }

    /// <summary>
    /// The camera accepted the connection, read the request and closed it without a byte of reply. The request reached
    /// the camera once and may have been applied (a setter that restarts the network answers like that by design); it is
    /// never re-sent here (see <see cref="CamHttpHandler"/>).
    /// </summary>
    internal sealed class CamNoReplyException : IOException
    {
        public CamNoReplyException()
            : base("The camera closed the connection without a reply; the request was not sent again.")
        {
        }
    }
}
