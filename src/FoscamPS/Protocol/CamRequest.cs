using System;
using System.Collections.Generic;

namespace FoscamPS.Protocol
{
    /// <summary>One CGI call. Query values are unencoded: the transport URL-encodes them.</summary>
    public sealed class CamRequest
    {
        public CamRequest(string cgi, CgiSafety safety, IEnumerable<KeyValuePair<string, string>>? query = null)
        {
            if (cgi is null) throw new ArgumentNullException(nameof(cgi));
            cgi = cgi.Trim().TrimStart('/');
            if (cgi.Length == 0) throw new ArgumentException("The CGI name is empty.", nameof(cgi));
            if (cgi.IndexOfAny(InvalidCgiChars) >= 0 || cgi.Contains(".."))
                throw new ArgumentException("The CGI name must be a plain file name such as 'get_params.cgi'.", nameof(cgi));
            Cgi = cgi;
            Safety = safety;
            Query = query is null ? new List<KeyValuePair<string, string>>() : new List<KeyValuePair<string, string>>(query);
        }

        private static readonly char[] InvalidCgiChars = { '?', '#', '&', '=', ' ', '\\', '\r', '\n', '\t', '%', ':' };

        /// <summary>CGI file name, e.g. <c>get_params.cgi</c>.</summary>
        public string Cgi { get; }

        /// <summary>Unencoded name/value pairs in order; the transport encodes them.</summary>
        public IList<KeyValuePair<string, string>> Query { get; }

        public CgiSafety Safety { get; }

        /// <summary>
        /// set_pppoe/ddns/ftp/mail/msn/factory_ddns carry their own <c>user</c>/<c>pwd</c> fields: when query
        /// authentication is in use the login goes in <c>cam_user</c>/<c>cam_pwd</c> instead.
        /// </summary>
        public bool LoginAsCamUser { get; set; }

        /// <summary>Overrides <see cref="CamTransportOptions.Timeout"/> for this request.</summary>
        public TimeSpan? Timeout { get; set; }

        /// <summary>
        /// Once the reply's headers have arrived, the rest of it must come within this (null = <see cref="Timeout"/> covers
        /// everything). Uploads use it: their long <see cref="Timeout"/> is for a camera that writes flash while it reads
        /// the file; a reply that stalls half-way is not that and costs only this.
        /// </summary>
        public TimeSpan? ReplyTimeout { get; set; }

        /// <summary>
        /// What a successful reply must look like (checked by the transport; a mismatch is a
        /// <see cref="CamProtocolException"/>). The CGI catalogue sets it from the CGI's kind.
        /// </summary>
        public CamReplyExpectation Expect { get; set; } = CamReplyExpectation.Any;

        /// <summary>
        /// Cap on a media body (snapshot, backup): a larger announced Content-Length is refused on the header, a
        /// body that grows past it is cut with <see cref="CamResponseTooLargeException"/>. Null = no cap (streams).
        /// </summary>
        public long? MaxBytes { get; set; }

        /// <summary>Adds a query pair (fluent helper).</summary>
        public CamRequest Add(string name, string value)
        {
            Query.Add(new KeyValuePair<string, string>(name, value ?? string.Empty));
            return this;
        }

        /// <summary>
        /// Adds a query pair whose value is raw bytes (comm_write's data): each byte is sent as one %XX escape (or
        /// itself when unreserved), not as UTF-8 of a string.
        /// </summary>
        public CamRequest AddBytes(string name, byte[] value)
        {
            if (value is null) throw new ArgumentNullException(nameof(value));
            var chars = new char[value.Length];
            for (int i = 0; i < value.Length; i++) chars[i] = (char)value[i];
            Query.Add(new KeyValuePair<string, string>(name, new string(chars)));
            (_byteValued ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
            return this;
        }

        private HashSet<string>? _byteValued;

        /// <summary>True when the value of <paramref name="name"/> holds raw bytes (one char per byte).</summary>
        internal bool IsByteValued(string name) => _byteValued is not null && _byteValued.Contains(name);

        /// <summary>The CGI name; never values (they may be secrets).</summary>
        public override string ToString() => Cgi;
    }

    /// <summary>Per-transport settings.</summary>
    public sealed class CamTransportOptions
    {
        /// <summary>Whole-request timeout (connect, auth round trips, body) and idle timeout for media reads.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>Cap on text replies; larger replies raise <see cref="CamResponseTooLargeException"/>.</summary>
        public int MaxTextBytes { get; set; } = 1 << 20;

        /// <summary>None = negotiate (preemptive Basic, then Digest or query as the camera asks).</summary>
        public CamAuthScheme PreferredScheme { get; set; } = CamAuthScheme.None;

        /// <summary>
        /// Optional sink for one line per HTTP exchange (redacted URL, scheme, status, size, time), called on the
        /// transport's thread; must not throw or block. Null = no tracing.
        /// </summary>
        public Action<string>? Trace { get; set; }
    }
}
