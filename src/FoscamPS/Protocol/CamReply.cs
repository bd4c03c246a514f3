using System;
using System.IO;
using System.Threading;

namespace FoscamPS.Protocol
{
    /// <summary>A successful text reply (errors are thrown as <see cref="CamException"/>s).</summary>
    public sealed class CamReply
    {
        private CamVars? _vars;

        public CamReply(int statusCode, string text, TimeSpan elapsed)
        {
            StatusCode = statusCode;
            Text = text ?? string.Empty;
            Elapsed = elapsed;
        }

        public int StatusCode { get; }
        public string Text { get; }
        public TimeSpan Elapsed { get; }

        /// <summary>True when the body is exactly <c>ok.</c>, with or without a trailing newline.</summary>
        public bool IsOk => CamOutcome.IsOkBody(Text);

        /// <summary>The camera (redacted address) that sent this reply, when the transport made it.</summary>
        public string? Camera { get; internal set; }

        /// <summary>The CGI this reply answers, when the transport made it.</summary>
        public string? Cgi { get; internal set; }

        /// <summary>The safety class of the request this reply answers (from the CGI catalogue); ReadOnly when not known.</summary>
        public CgiSafety Safety { get; internal set; }

        /// <summary>
        /// Throws <see cref="CamProtocolException"/> unless the body is exactly <c>ok.</c> (newline optional). The
        /// transport already applies this to requests whose <see cref="CamRequest.Expect"/> is
        /// <see cref="CamReplyExpectation.Ok"/> (every setter/action of the catalogue); use it for hand-made requests.
        /// </summary>
        public CamReply EnsureOk() => Ensure(CamReplyExpectation.Ok);

        /// <summary>Throws <see cref="CamProtocolException"/> unless the reply matches <paramref name="expect"/>.</summary>
        public CamReply Ensure(CamReplyExpectation expect)
        {
            var error = CamOutcome.CheckExpectation(expect, Text, () => Vars, Cgi ?? "the request", Camera, null, Safety);
            if (error != null) throw error;
            return this;
        }

        /// <summary>The body parsed with <see cref="ReplyParser"/> (lazily, once).</summary>
        public CamVars Vars
        {
            get
            {
                var v = Volatile.Read(ref _vars);
                if (v is null)
                {
                    v = ReplyParser.Parse(Text);
                    Interlocked.CompareExchange(ref _vars, v, null);
                    v = _vars!;
                }
                return v;
            }
        }

        public override string ToString() => "HTTP " + StatusCode + ", " + Text.Length + " chars";
    }

    /// <summary>
    /// A binary reply (snapshot, video stream, params.bin). The transport's per-camera slot is held until this
    /// object is disposed: dispose it promptly.
    /// </summary>
    public sealed class CamMediaResponse : IDisposable
    {
        private IDisposable? _owner;
        private Action? _release;

        public CamMediaResponse(Stream body, string? contentType, string? fileName, long? contentLength, IDisposable? owner = null)
            : this(body, contentType, fileName, contentLength, owner, null) { }

        internal CamMediaResponse(Stream body, string? contentType, string? fileName, long? contentLength, IDisposable? owner, Action? release)
        {
            Body = body ?? throw new ArgumentNullException(nameof(body));
            ContentType = contentType;
            FileName = fileName;
            ContentLength = contentLength;
            _owner = owner;
            _release = release;
        }

        /// <summary>Content-Type header, e.g. <c>multipart/x-mixed-replace;boundary=ipcamera</c>.</summary>
        public string? ContentType { get; }

        /// <summary>File name from Content-Disposition (path parts removed), if any.</summary>
        public string? FileName { get; }

        public long? ContentLength { get; }

        /// <summary>The body. Reads are bounded by the transport's timeout (idle time per read).</summary>
        public Stream Body { get; }

        public void Dispose()
        {
            try
            {
                Body.Dispose();
                Interlocked.Exchange(ref _owner, null)?.Dispose();
            }
            finally
            {
                Interlocked.Exchange(ref _release, null)?.Invoke();
            }
        }
    }
}
