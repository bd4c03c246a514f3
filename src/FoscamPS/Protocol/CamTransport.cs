using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace FoscamPS.Protocol
{
    /// <summary>
    /// HTTP transport for ONE camera over the module's own HTTP/1.1 client (<see cref="CamHttpHandler"/>: one connection
    /// per request, closed after the reply, never re-sent; no proxy, no redirects, no cookies, no decompression, no
    /// Expect: 100-continue, <c>Connection: close</c>), at most one request in flight, per-request
    /// timeout, size caps, auth negotiation (preemptive Basic → Digest on challenge, with nonce reuse → query
    /// credentials as a last resort) and typed failures. Does not retry (the fleet engine owns retries); the only
    /// repeated requests are authentication round trips, which never reached the CGI.
    /// </summary>
    /// <remarks>
    /// Error mapping: connect refused/reset, DNS and network failures, and a connection reset at any time (also
    /// mid-body) → <see cref="CamUnreachableException"/>; our timeout → <see cref="CamTimeoutException"/>; the caller's
    /// token → <see cref="OperationCanceledException"/>; a body shorter than its Content-Length (clean close),
    /// malformed HTTP, 3xx, 5xx, other 4xx → <see cref="CamProtocolException"/>; 404 → <see cref="CamNotSupportedException"/>;
    /// 401 → <see cref="CamAuthenticationException"/>, or <see cref="CamAccessDeniedException"/> when this credential
    /// already succeeded on this transport (the firmware answers 401 for a missing privilege too).
    /// </remarks>
    public sealed class CamTransport : IDisposable
    {
        private const int MaxMediaErrorBody = 64 * 1024;
        private const long MaxBufferedUpload = 64L * 1024 * 1024;
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        /// <summary>The module's own HTTP/1.1 client (one connection per request, never re-sent; see <see cref="CamHttpHandler"/>).</summary>
        private static readonly HttpMessageInvoker Http = CamHttpHandler.Invoker;
        private readonly SemaphoreSlim _slot = new SemaphoreSlim(1, 1);
        private readonly TimeSpan _timeout;
        private readonly int _maxTextBytes;
        private readonly CamAuthScheme _preferred;
        private readonly Action<string>? _trace;
        private readonly string _camera;

        private NetworkCredential? _credential;
        private int _credentialVersion;

        // Negotiation state; mutated only while holding _slot.
        private int _stateVersion;
        private volatile CamAuthScheme _scheme;
        private AuthChallenge? _digest;
        private int _nc;
        private bool _authSucceeded;
        private readonly HashSet<string> _okCgis = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private int _disposed;

        public CamTransport(CamAddress address, NetworkCredential? credential, CamTransportOptions? options = null)
        {
            Address = address ?? throw new ArgumentNullException(nameof(address));
            options ??= new CamTransportOptions();
            if (options.Timeout <= TimeSpan.Zero && options.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
                throw new ArgumentOutOfRangeException(nameof(options), "Timeout must be positive.");
            if (options.MaxTextBytes < 64) throw new ArgumentOutOfRangeException(nameof(options), "MaxTextBytes must be at least 64.");
            _timeout = options.Timeout;
            _maxTextBytes = options.MaxTextBytes;
            _preferred = options.PreferredScheme;
            _trace = options.Trace;
            _camera = address.ToString();
            _credential = credential;
        }

        public CamAddress Address { get; }

        /// <summary>The scheme that worked last (None until a credentialed request succeeded).</summary>
        public CamAuthScheme NegotiatedScheme => _scheme;

        /// <summary>Changing the credential resets the negotiation (scheme, Digest nonce, known privileges).</summary>
        public NetworkCredential? Credential
        {
            get => Volatile.Read(ref _credential);
            set
            {
                Volatile.Write(ref _credential, value);
                Interlocked.Increment(ref _credentialVersion);
                _scheme = CamAuthScheme.None; // reported at once; the negotiation state resets on the next request
            }
        }

        /// <summary>The request's URL with credentials masked (for Verbose output).</summary>
        public string GetRedactedUrl(CamRequest request) =>
            Redactor.RedactUrl(Address.BaseUri.GetLeftPart(UriPartial.Authority) + BuildTarget(request, false, null));

        public async Task<CamReply> SendAsync(CamRequest request, CancellationToken cancellationToken)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            ThrowIfDisposed();
            await _slot.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await ExecuteTextAsync(request, HttpMethod.Get, null, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _slot.Release();
            }
        }

        public async Task<CamReply> UploadAsync(CamRequest request, string fileName, Stream content, CancellationToken cancellationToken)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            if (content is null) throw new ArgumentNullException(nameof(content));
            ThrowIfDisposed();
            Stream source = content;
            MemoryStream? copy = null;
            if (!content.CanSeek)
            {
                copy = new MemoryStream();
                var buf = new byte[81920];
                int n;
                while ((n = await content.ReadAsync(buf, 0, buf.Length, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (copy.Length + n > MaxBufferedUpload)
                        throw new ArgumentException("The upload stream is larger than " + MaxBufferedUpload / (1024 * 1024) + " MiB.", nameof(content));
                    copy.Write(buf, 0, n);
                }
                copy.Position = 0;
                source = copy;
            }
            string boundary = MultipartFormContent.NewBoundary();
            long start = source.Position;
            await _slot.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await ExecuteTextAsync(request, HttpMethod.Post, () =>
                {
                    source.Position = start; // an auth retry sends the file again
                    return new MultipartFormContent("file", fileName, source, boundary);
                }, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _slot.Release();
                copy?.Dispose();
            }
        }

        public async Task<CamMediaResponse> OpenMediaAsync(CamRequest request, CancellationToken cancellationToken)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            ThrowIfDisposed();
            await _slot.WaitAsync(cancellationToken).ConfigureAwait(false);
            bool handedOver = false;
            HttpResponseMessage? response = null;
            var timeout = request.Timeout ?? _timeout;
            var sw = Stopwatch.StartNew();
            try
            {
                using (var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    if (timeout != System.Threading.Timeout.InfiniteTimeSpan) cts.CancelAfter(timeout);
                    // A bounded reply (a snapshot, a backup: the catalogue gives it a size limit) is read whole at once, like a
                    // text reply: its socket may be served by the socket loop. A stream (no limit) never is.
                    var ctx = new Ctx(request, HttpMethod.Get, null, cancellationToken, cts, timeout) { ShortReply = request.MaxBytes is not null };
                    try
                    {
                        response = await SendAuthenticatedAsync(ctx).ConfigureAwait(false);
                        int status = (int)response.StatusCode;
                        string? contentType = RawHeader(response, "Content-Type", content: true);
                        bool isText = contentType != null && contentType.TrimStart().StartsWith("text/", StringComparison.OrdinalIgnoreCase);
                        if (status != 200 || isText)
                        {
                            var bytes = await ReadBodyAsync(response, ctx, status == 200 ? _maxTextBytes : MaxMediaErrorBody, status == 200).ConfigureAwait(false);
                            string text = Decode(bytes);
                            if (status == 200 && CamOutcome.IsAuthErrorBody(text))
                                throw new CamAuthenticationException($"{CamException.Prefix(_camera)} rejected the credential for {request.Cgi}.", ctx.Current, null, _camera);
                            var error = CamOutcome.Classify(status, text, request.Cgi, _camera, ctx.Credential, request.Safety);
                            if (error != null) throw error;
                            MarkSuccess(ctx);
                            Trace(ctx, status, sw.Elapsed, bytes.Count);
                            handedOver = true;
                            string? textFileName = FileNameOf(response);
                            response.Dispose();
                            return new CamMediaResponse(new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, false), contentType, textFileName, bytes.Count, null, () => _slot.Release());
                        }
                        MarkSuccess(ctx);
                        long? length = response.Content.Headers.ContentLength;
                        if (request.MaxBytes is long max && length > max)
                        {
                            // Refused on the header: nothing of the body is read.
                            Trace(ctx, status, sw.Elapsed, -1, "ResponseTooLarge");
                            throw new CamResponseTooLargeException($"{CamException.Prefix(_camera)} announced a {length}-byte reply to {request.Cgi}; the limit is {max} bytes.", max, _camera);
                        }
                        Trace(ctx, status, sw.Elapsed, -1);
                        Stream inner = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                        var body = new CamMediaStream(inner, response, timeout, length, _camera, request.Cgi, request.MaxBytes);
                        handedOver = true;
                        return new CamMediaResponse(body, contentType, FileNameOf(response), length, response, () => _slot.Release());
                    }
                    catch (Exception ex) when (!(ex is CamException))
                    {
                        throw Map(ex, ctx, duringBody: false);
                    }
                }
            }
            finally
            {
                if (!handedOver)
                {
                    response?.Dispose();
                    _slot.Release();
                }
            }
        }

        public void Dispose()
        {
            Interlocked.Exchange(ref _disposed, 1);
        }

        // ------------------------------------------------------------------ text requests

        private async Task<CamReply> ExecuteTextAsync(CamRequest request, HttpMethod method, Func<HttpContent>? content, CancellationToken cancellationToken)
        {
            var timeout = request.Timeout ?? _timeout;
            var sw = Stopwatch.StartNew();
            using (var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (timeout != System.Threading.Timeout.InfiniteTimeSpan) cts.CancelAfter(timeout);
                var ctx = new Ctx(request, method, content, cancellationToken, cts, timeout) { ShortReply = content is null };
                try
                {
                    while (true)
                    {
                        using (var response = await SendAuthenticatedAsync(ctx).ConfigureAwait(false))
                        {
                            if (request.ReplyTimeout is TimeSpan replyTimeout && replyTimeout < timeout)
                            {
                                ctx.Timeout = replyTimeout; // the timer restarts: the body of the reply has this long
                                ctx.Cts.CancelAfter(replyTimeout);
                            }
                            int status = (int)response.StatusCode;
                            var bytes = await ReadBodyAsync(response, ctx, status == 200 ? _maxTextBytes : MaxMediaErrorBody, status == 200).ConfigureAwait(false);
                            string text = Decode(bytes);
                            if (status == 200 && CamOutcome.IsAuthErrorBody(text))
                            {
                                // Clone style: bad credentials answered "200 user or passwd is error".
                                Trace(ctx, status, sw.Elapsed, bytes.Count, "auth error body");
                                if (NextScheme(ctx, null, null, bodyError: true))
                                {
                                    if (ctx.Timeout != timeout)
                                    {
                                        ctx.Timeout = timeout; // the file goes again: the whole budget that is left
                                        ctx.Cts.CancelAfter(timeout > sw.Elapsed ? timeout - sw.Elapsed : TimeSpan.Zero);
                                    }
                                    continue;
                                }
                                throw AuthFailure(ctx, null);
                            }
                            var error = CamOutcome.Classify(status, text, request.Cgi, _camera, ctx.Credential, request.Safety);
                            Trace(ctx, status, sw.Elapsed, bytes.Count, error?.ErrorId);
                            if (error != null) throw error;
                            var reply = new CamReply(status, text, sw.Elapsed) { Camera = _camera, Cgi = request.Cgi, Safety = request.Safety };
                            // The credential worked even when the body is wrong: remember it before judging the body.
                            MarkSuccess(ctx);
                            error = CamOutcome.CheckExpectation(request.Expect, text, () => reply.Vars, request.Cgi, _camera, ctx.Credential, request.Safety);
                            if (error != null)
                            {
                                Trace(ctx, status, sw.Elapsed, bytes.Count, error.ErrorId);
                                throw error;
                            }
                            return reply;
                        }
                    }
                }
                catch (Exception ex) when (!(ex is CamException))
                {
                    throw Map(ex, ctx, duringBody: true);
                }
            }
        }

        // ------------------------------------------------------------------ auth negotiation

        private sealed class Ctx
        {
            public Ctx(CamRequest request, HttpMethod method, Func<HttpContent>? content, CancellationToken caller, CancellationTokenSource cts, TimeSpan timeout)
            {
                Request = request;
                Method = method;
                Content = content;
                Caller = caller;
                Cts = cts;
                Timeout = timeout;
            }

            public CamRequest Request { get; }
            public HttpMethod Method { get; }
            public Func<HttpContent>? Content { get; }
            public CancellationToken Caller { get; }
            public CancellationTokenSource Cts { get; }
            public TimeSpan Timeout { get; set; }
            public CancellationToken Token => Cts.Token;
            public NetworkCredential? Credential;
            public bool Started;
            /// <summary>A text reply read at once, no request body: the handler may serve it on the socket loop.</summary>
            public bool ShortReply;
            public string? LastTarget;
            public CamAuthScheme Current;
            public bool TriedBasic, TriedQuery, TriedFreshDigest;
            public string? UsedNonce;
            public int Attempts;
            public string? LastRealm;
            public CamAuthScheme ChallengeScheme;
        }

        private void SyncState(Ctx ctx)
        {
            int v = Volatile.Read(ref _credentialVersion);
            if (v != _stateVersion)
            {
                _stateVersion = v;
                _scheme = CamAuthScheme.None;
                _digest = null;
                _nc = 0;
                _authSucceeded = false;
                _okCgis.Clear();
            }
            var c = Volatile.Read(ref _credential);
            ctx.Credential = c is null || string.IsNullOrEmpty(c.UserName) ? null : c;
        }

        private async Task<HttpResponseMessage> SendAuthenticatedAsync(Ctx ctx)
        {
            if (!ctx.Started)
            {
                ctx.Started = true;
                SyncState(ctx);
                if (ctx.Credential is null) ctx.Current = CamAuthScheme.None;
                else if (_scheme != CamAuthScheme.None) ctx.Current = _scheme;
                else if (_preferred != CamAuthScheme.None) ctx.Current = _preferred;
                else ctx.Current = CamAuthScheme.Basic;
            }
            var sw = Stopwatch.StartNew();

            while (true)
            {
                ctx.Token.ThrowIfCancellationRequested();
                ctx.Attempts++;
                switch (ctx.Current)
                {
                    case CamAuthScheme.Basic: ctx.TriedBasic = true; break;
                    case CamAuthScheme.Query: ctx.TriedQuery = true; break;
                }
                bool queryAuth = ctx.Current == CamAuthScheme.Query && ctx.Credential != null;
                string target = BuildTarget(ctx.Request, queryAuth, ctx.Credential);
                ctx.LastTarget = target;
                var uri = new Uri(Address.BaseUri, target);
                var msg = ctx.ShortReply ? new CamHttpHandler.ShortReplyRequest(ctx.Method, uri) : new HttpRequestMessage(ctx.Method, uri);
                if (ctx.Content != null) msg.Content = ctx.Content();
                if (ctx.Credential != null)
                {
                    if (ctx.Current == CamAuthScheme.Basic)
                        msg.Headers.TryAddWithoutValidation("Authorization", HttpAuth.Basic(ctx.Credential));
                    else if (ctx.Current == CamAuthScheme.Digest && _digest != null)
                    {
                        ctx.UsedNonce = _digest.Nonce;
                        msg.Headers.TryAddWithoutValidation("Authorization",
                            HttpAuth.Digest(ctx.Credential, _digest, ctx.Method.Method, msg.RequestUri!.PathAndQuery, ++_nc, HttpAuth.NewCnonce()));
                    }
                }

                HttpResponseMessage response;
                try
                {
                    response = await Http.SendAsync(msg, ctx.Token).ConfigureAwait(false);
                }
                finally
                {
                    msg.Dispose();
                }
                if (response.StatusCode != HttpStatusCode.Unauthorized) return response;

                AuthChallenge? digest = null, basic = null;
                string? digestProblem = null;
                if (response.Headers.TryGetValues("WWW-Authenticate", out var values))
                {
                    foreach (var v in values)
                    {
                        var ch = AuthChallenge.Parse(v);
                        if (ch is null) continue;
                        if (ch.IsDigest && ch.DigestProblem is string problem)
                        {
                            digestProblem ??= problem;
                            continue;
                        }
                        if (ch.IsDigest && digest is null) digest = ch;
                        else if (ch.IsBasic && basic is null) basic = ch;
                    }
                }
                response.Dispose();
                if (digestProblem != null && digest is null && basic is null && ctx.Credential != null)
                {
                    // Demands Digest but not in a form we can answer: no fallback to Basic or query credentials.
                    Trace(ctx, 401, sw.Elapsed, -1, "unusable Digest challenge");
                    throw new CamAuthenticationException($"{CamException.Prefix(_camera)} asked for {digestProblem} on {ctx.Request.Cgi}; it was not answered, and no credential was offered in another form.", CamAuthScheme.Digest, null, _camera);
                }
                string? realm = digest?.Realm ?? basic?.Realm;
                if (realm != null) ctx.LastRealm = CamOutcome.Sanitize(Redactor.RedactText(realm, ctx.Credential), 128);
                ctx.ChallengeScheme = digest != null ? CamAuthScheme.Digest : basic != null ? CamAuthScheme.Basic : ctx.ChallengeScheme;
                Trace(ctx, 401, sw.Elapsed, -1, digest != null ? "Digest challenge" + (digest.Stale ? " (stale)" : string.Empty) : basic != null ? "Basic challenge" : "no challenge");
                if (!NextScheme(ctx, digest, basic, bodyError: false)) throw AuthFailure(ctx, ctx.LastRealm);
            }
        }

        /// <summary>Chooses the next attempt after a rejection; false when there is none left.</summary>
        private bool NextScheme(Ctx ctx, AuthChallenge? digest, AuthChallenge? basic, bool bodyError)
        {
            if (ctx.Credential is null || ctx.Attempts >= 4) return false;

            if (digest != null && !ctx.TriedFreshDigest
                && (ctx.Current != CamAuthScheme.Digest || digest.Stale || !string.Equals(digest.Nonce, ctx.UsedNonce, StringComparison.Ordinal)))
            {
                _digest = digest;
                _nc = 0;
                ctx.TriedFreshDigest = true;
                ctx.Current = CamAuthScheme.Digest;
                return true;
            }
            if (_authSucceeded) return false; // the credential works: this is a privilege problem
            if (basic != null && !ctx.TriedBasic && digest is null)
            {
                ctx.Current = CamAuthScheme.Basic;
                return true;
            }
            if (!ctx.TriedQuery && digest is null && (ctx.Current == CamAuthScheme.Basic || ctx.Current == CamAuthScheme.None || bodyError))
            {
                ctx.Current = CamAuthScheme.Query;
                return true;
            }
            return false;
        }

        private CamException AuthFailure(Ctx ctx, string? realm)
        {
            string cgi = ctx.Request.Cgi;
            if (ctx.Credential is null)
                return new CamAuthenticationException($"{CamException.Prefix(_camera)} requires a credential for {cgi}; pass one with -Credential.", ctx.ChallengeScheme, realm, _camera);
            if (_authSucceeded && !_okCgis.Contains(cgi))
                return new CamAccessDeniedException($"{CamException.Prefix(_camera)} refused {cgi} to user '{SafeUser(ctx.Credential)}', whose credential works for other requests: the account lacks the privilege.", cgi, CamPrivilege.Unknown, _camera);
            var scheme = ctx.ChallengeScheme != CamAuthScheme.None ? ctx.ChallengeScheme : ctx.Current;
            return new CamAuthenticationException($"{CamException.Prefix(_camera)} rejected the credential of user '{SafeUser(ctx.Credential)}' for {cgi} ({scheme}).", scheme, realm, _camera);
        }

        private static string SafeUser(NetworkCredential c)
        {
            string u = CamOutcome.Sanitize(c.UserName ?? string.Empty, 64);
            // A user name equal to the password would leak it: never show it then.
            return !string.IsNullOrEmpty(c.Password) && u.IndexOf(c.Password, StringComparison.Ordinal) >= 0 ? Redactor.Mask : u;
        }

        private void MarkSuccess(Ctx ctx)
        {
            if (ctx.Credential is null || Volatile.Read(ref _credentialVersion) != _stateVersion) return; // credential replaced meanwhile
            if (ctx.Current != CamAuthScheme.None) _scheme = ctx.Current;
            _authSucceeded = true;
            _okCgis.Add(ctx.Request.Cgi);
        }

        // ------------------------------------------------------------------ helpers

        internal static string BuildTarget(CamRequest request, bool queryAuth, NetworkCredential? credential)
        {
            var sb = new StringBuilder(64);
            sb.Append('/').Append(request.Cgi);
            bool first = true;
            foreach (var kv in request.Query)
            {
                sb.Append(first ? '?' : '&').Append(Escape(kv.Key)).Append('=').Append(request.IsByteValued(kv.Key) ? EscapeBytes(kv.Value) : Escape(kv.Value));
                first = false;
            }
            if (queryAuth && credential != null)
            {
                sb.Append(first ? '?' : '&').Append(request.LoginAsCamUser ? "cam_user=" : "user=").Append(Escape(credential.UserName))
                  .Append(request.LoginAsCamUser ? "&cam_pwd=" : "&pwd=").Append(Escape(credential.Password));
            }
            return sb.ToString();
        }

        private static string Escape(string? s) => string.IsNullOrEmpty(s) ? string.Empty : Uri.EscapeDataString(s);

        /// <summary>Percent-encodes a byte-per-char string (see <see cref="CamRequest.AddBytes"/>).</summary>
        private static string EscapeBytes(string s)
        {
            var sb = new StringBuilder(s.Length * 3);
            foreach (char c in s)
            {
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') sb.Append(c);
                else sb.Append('%').Append(((int)c & 0xFF).ToString("X2", CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }

        private async Task<ArraySegment<byte>> ReadBodyAsync(HttpResponseMessage response, Ctx ctx, int cap, bool capIsError)
        {
            long? declared = response.Content.Headers.ContentLength;
            if (capIsError && declared > cap)
                throw new CamResponseTooLargeException($"{CamException.Prefix(_camera)} announced a {declared}-byte reply to {ctx.Request.Cgi}; the limit is {cap} bytes.", cap, _camera);
            using (ctx.Token.Register(() => response.Dispose()))
            using (var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            {
                var buf = new byte[declared is long d && d >= 0 && d <= cap ? (int)d + 1 : Math.Min(cap + 1, 8192)];
                int total = 0;
                bool stoppedEarly = false;
                while (true)
                {
                    if (total == buf.Length)
                    {
                        if (total > cap)
                        {
                            if (capIsError)
                                throw new CamResponseTooLargeException($"{CamException.Prefix(_camera)} sent more than {cap} bytes for {ctx.Request.Cgi}.", cap, _camera);
                            stoppedEarly = true; // error bodies are only needed for classification
                            break;
                        }
                        Array.Resize(ref buf, (int)Math.Min((long)cap + 1, (long)buf.Length * 2));
                    }
                    int n;
                    try
                    {
                        n = await stream.ReadAsync(buf, total, buf.Length - total, ctx.Token).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!(ex is CamException))
                    {
                        throw Map(ex, ctx, duringBody: true, received: total, declared: declared);
                    }
                    if (n <= 0) break;
                    total += n;
                }
                if (total > cap && capIsError)
                    throw new CamResponseTooLargeException($"{CamException.Prefix(_camera)} sent more than {cap} bytes for {ctx.Request.Cgi}.", cap, _camera);
                if (!stoppedEarly && declared is long dl && total < dl)
                    throw new CamProtocolException($"{CamException.Prefix(_camera)} closed the connection after {total} of {dl} bytes of the reply to {ctx.Request.Cgi}.", ctx.Request.Safety, _camera);
                if (total > cap) total = cap;
                // The buffer as it is: decoding reads the part that was filled (no copy of the body per request).
                return new ArraySegment<byte>(buf, 0, total);
            }
        }

        /// <summary>UTF-8 when valid, otherwise Latin-1 (one char per byte). A leading BOM is dropped.</summary>
        internal static string Decode(byte[] bytes) => Decode(new ArraySegment<byte>(bytes));

        /// <summary>UTF-8 when valid, otherwise Latin-1 (one char per byte). A leading BOM is dropped.</summary>
        internal static string Decode(ArraySegment<byte> body)
        {
            var bytes = body.Array ?? Array.Empty<byte>();
            int offset = body.Offset, end = body.Offset + body.Count;
            int start = body.Count >= 3 && bytes[offset] == 0xEF && bytes[offset + 1] == 0xBB && bytes[offset + 2] == 0xBF ? offset + 3 : offset;
            for (int i = start; i < end; i++)
            {
                if (bytes[i] < 0x80) continue;
                try
                {
                    return StrictUtf8.GetString(bytes, start, end - start);
                }
                catch (DecoderFallbackException)
                {
                    return CamHttpHandler.Latin1(bytes, start, end - start);
                }
            }
            return Encoding.ASCII.GetString(bytes, start, end - start);
        }

        private static string? RawHeader(HttpResponseMessage response, string name, bool content)
        {
            IEnumerable<string>? values;
            bool found = content ? response.Content.Headers.TryGetValues(name, out values) : response.Headers.TryGetValues(name, out values);
            return found && values != null ? string.Join(", ", values) : null;
        }

        internal static string? FileNameOf(HttpResponseMessage response)
        {
            string? cd = RawHeader(response, "Content-Disposition", content: true);
            if (cd is null) return null;
            int i = cd.IndexOf("filename", StringComparison.OrdinalIgnoreCase);
            if (i < 0) return null;
            i += 8;
            if (i < cd.Length && cd[i] == '*') return null; // RFC 5987 form not used by cameras
            while (i < cd.Length && cd[i] == ' ') i++;
            if (i >= cd.Length || cd[i] != '=') return null;
            i++;
            while (i < cd.Length && cd[i] == ' ') i++;
            string name;
            if (i < cd.Length && cd[i] == '"')
            {
                int end = cd.IndexOf('"', i + 1);
                name = end < 0 ? cd.Substring(i + 1) : cd.Substring(i + 1, end - i - 1);
            }
            else
            {
                int end = cd.IndexOf(';', i);
                name = (end < 0 ? cd.Substring(i) : cd.Substring(i, end - i)).Trim();
            }
            int slash = Math.Max(name.LastIndexOf('/'), name.LastIndexOf('\\'));
            if (slash >= 0) name = name.Substring(slash + 1);
            var sb = new StringBuilder(name.Length);
            foreach (char c in name)
            {
                if (c < ' ' || c == 0x7f || Array.IndexOf(Path.GetInvalidFileNameChars(), c) >= 0 || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|') continue;
                sb.Append(c);
            }
            string result = sb.ToString().Trim().TrimStart('.');
            return result.Length == 0 ? null : result;
        }

        private Exception Map(Exception ex, Ctx ctx, bool duringBody, long received = -1, long? declared = null)
        {
            if (ex is CamException) return ex;
            if (ctx.Caller.IsCancellationRequested) return new OperationCanceledException("The operation was canceled.", ex, ctx.Caller);
            if (ctx.Cts.IsCancellationRequested)
                return new CamTimeoutException($"{CamException.Prefix(_camera)} did not answer {ctx.Request.Cgi} within {Seconds(ctx.Timeout)} s.", ctx.Timeout, ctx.Request.Safety, _camera, SafeInner(ex, ctx.Credential));
            if (ex is ObjectDisposedException && Volatile.Read(ref _disposed) != 0) return ex;
            return MapNetwork(ex, _camera, ctx.Request.Cgi, ctx.Credential, duringBody, received, declared, ctx.Request.Safety);
        }

        internal static Exception MapNetwork(Exception ex, string camera, string cgi, NetworkCredential? credential, bool duringBody, long received = -1, long? declared = null, CgiSafety safety = CgiSafety.ReadOnly)
        {
            var inner = SafeInner(ex, credential);
            if (Find<CamNoReplyException>(ex) != null)
            {
                // The camera read the request and closed without a byte of reply (never re-sent: CamHttpHandler). The
                // request may have been applied: the same outcome as a lost reply (CamVerifiedWrite.IsLostReply).
                return new CamProtocolException($"{CamException.Prefix(camera)} closed the connection without answering {cgi} (the request reached the camera once and may have been applied).", safety, camera, inner);
            }
            var sock = Find<SocketException>(ex);
            if (sock != null)
            {
                string reason = sock.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "refused the connection",
                    SocketError.ConnectionReset => duringBody ? "reset the connection during the reply" : "reset the connection",
                    SocketError.ConnectionAborted => "aborted the connection",
                    SocketError.HostNotFound => "could not be resolved (DNS)",
                    SocketError.NoData => "could not be resolved (DNS)",
                    SocketError.TryAgain => "could not be resolved (DNS)",
                    SocketError.HostUnreachable => "is unreachable (no route to host)",
                    SocketError.NetworkUnreachable => "is unreachable (network unreachable)",
                    SocketError.NetworkDown => "is unreachable (network down)",
                    SocketError.TimedOut => "did not accept the connection (connect timed out)",
                    _ => "could not be reached (" + sock.SocketErrorCode + ")",
                };
                bool notSent = sock.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain
                        or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.NetworkDown => true,
                    _ => false,
                };
                return new CamUnreachableException($"{CamException.Prefix(camera)} {reason} ({cgi}).", camera, inner) { RequestNotSent = notSent };
            }
            var web = Find<WebException>(ex);
            if (web != null)
            {
                switch (web.Status)
                {
                    case WebExceptionStatus.ConnectFailure:
                    case WebExceptionStatus.NameResolutionFailure:
                        return new CamUnreachableException($"{CamException.Prefix(camera)} could not be reached ({web.Status}, {cgi}).", camera, inner) { RequestNotSent = true };
                    case WebExceptionStatus.ConnectionClosed:
                    case WebExceptionStatus.KeepAliveFailure:
                    case WebExceptionStatus.SendFailure:
                        return new CamUnreachableException($"{CamException.Prefix(camera)} could not be reached ({web.Status}, {cgi}).", camera, inner);
                }
            }
            if (duringBody && (ex is IOException || ex is ObjectDisposedException || Find<IOException>(ex) != null))
            {
                string got = received >= 0 ? (declared.HasValue ? $" after {received} of {declared} bytes" : $" after {received} bytes") : string.Empty;
                return new CamProtocolException($"{CamException.Prefix(camera)} cut the reply to {cgi} short{got}.", safety, camera, inner);
            }
            if (ex is HttpRequestException || Find<HttpRequestException>(ex) != null || ex is IOException)
                return new CamProtocolException($"{CamException.Prefix(camera)} did not answer {cgi} with valid HTTP ({CamOutcome.Sanitize(Redactor.RedactText(ex.Message, credential), 160)}).", safety, camera, inner);
            return new CamProtocolException($"{CamException.Prefix(camera)} failed on {cgi}: {ex.GetType().Name}.", safety, camera, inner);
        }

        /// <summary>The inner exception, unless its text would reveal a secret (then null).</summary>
        private static Exception? SafeInner(Exception ex, NetworkCredential? credential)
        {
            string full = ex.ToString();
            return Redactor.RedactText(full, credential) == full ? ex : null;
        }

        private static T? Find<T>(Exception? ex) where T : Exception
        {
            for (int depth = 0; ex != null && depth < 8; depth++, ex = ex.InnerException)
            {
                if (ex is T t) return t;
            }
            return null;
        }

        internal static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

        private void Trace(Ctx ctx, int status, TimeSpan elapsed, long bytes, string? note = null)
        {
            if (_trace is null) return;
            try
            {
                string url = Redactor.RedactUrl(Address.BaseUri.GetLeftPart(UriPartial.Authority) + (ctx.LastTarget ?? BuildTarget(ctx.Request, false, null)));
                _trace($"{ctx.Method.Method} {url} [{ctx.Current}] -> {status}{(bytes >= 0 ? ", " + bytes + " bytes" : string.Empty)}{(note != null ? ", " + note : string.Empty)} ({(int)elapsed.TotalMilliseconds} ms)");
            }
            catch
            {
                // tracing must never break a request
            }
        }

        private void ThrowIfDisposed()
        {
            if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(CamTransport));
        }
    }
}
