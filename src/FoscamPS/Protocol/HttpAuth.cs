using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace FoscamPS.Protocol
{
    /// <summary>One parsed <c>WWW-Authenticate</c> challenge.</summary>
    internal sealed class AuthChallenge
    {
        private AuthChallenge(string scheme, Dictionary<string, string> parameters)
        {
            Scheme = scheme;
            Parameters = parameters;
        }

        public string Scheme { get; }
        public Dictionary<string, string> Parameters { get; }

        public string? Get(string name) => Parameters.TryGetValue(name, out var v) ? v : null;
        public string? Realm => Get("realm");
        public string? Nonce => Get("nonce");
        public bool Stale => string.Equals(Get("stale"), "true", StringComparison.OrdinalIgnoreCase);
        public bool IsDigest => string.Equals(Scheme, "Digest", StringComparison.OrdinalIgnoreCase);
        public bool IsBasic => string.Equals(Scheme, "Basic", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Why a Digest challenge cannot be answered safely (no nonce, an algorithm other than MD5/MD5-sess, a qop
        /// without "auth"), or null when it can. Answering a malformed challenge would hand a hostile device a
        /// password hash over a nonce of its choosing for nothing.
        /// </summary>
        public string? DigestProblem
        {
            get
            {
                if (!IsDigest) return null;
                if (string.IsNullOrEmpty(Nonce)) return "a Digest challenge without a nonce";
                string? algorithm = Get("algorithm");
                if (algorithm != null && !algorithm.Equals("MD5", StringComparison.OrdinalIgnoreCase) && !algorithm.Equals("MD5-sess", StringComparison.OrdinalIgnoreCase))
                    return "a Digest challenge with the unsupported algorithm '" + Sanitize(algorithm) + "'";
                string? qop = Get("qop");
                if (qop != null && qop.Trim().Length > 0)
                {
                    bool auth = false;
                    foreach (var q in qop.Split(','))
                        if (q.Trim().Equals("auth", StringComparison.OrdinalIgnoreCase)) auth = true;
                    if (!auth) return "a Digest challenge with the unsupported qop '" + Sanitize(qop) + "'";
                }
                return null;
            }
        }

        private static string Sanitize(string s) => CamOutcome.Sanitize(s, 32);

        /// <summary>Parses <c>Scheme k=v, k="v"</c>; tolerant of spacing, missing quotes and junk.</summary>
        public static AuthChallenge? Parse(string? header)
        {
            if (string.IsNullOrWhiteSpace(header)) return null;
            string h = header!.Trim();
            int i = 0;
            while (i < h.Length && h[i] > ' ' && h[i] != ',') i++;
            string scheme = h.Substring(0, i);
            var p = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (i < h.Length)
            {
                while (i < h.Length && (h[i] == ' ' || h[i] == ',' || h[i] == '\t')) i++;
                int ks = i;
                while (i < h.Length && h[i] != '=' && h[i] != ',') i++;
                string key = h.Substring(ks, i - ks).Trim();
                if (i >= h.Length || h[i] != '=')
                {
                    continue;
                }
                i++; // '='
                while (i < h.Length && h[i] == ' ') i++;
                string value;
                if (i < h.Length && h[i] == '"')
                {
                    var sb = new StringBuilder();
                    i++;
                    while (i < h.Length && h[i] != '"')
                    {
                        if (h[i] == '\\' && i + 1 < h.Length) i++;
                        sb.Append(h[i]);
                        i++;
                    }
                    i++; // closing quote
                    value = sb.ToString();
                }
                else
                {
                    int vs = i;
                    while (i < h.Length && h[i] != ',') i++;
                    value = h.Substring(vs, i - vs).Trim();
                }
                if (key.Length > 0) p[key] = value;
            }
            return scheme.Length == 0 ? null : new AuthChallenge(scheme, p);
        }
    }

    /// <summary>RFC 7616/2617 Digest (MD5, MD5-sess, qop=auth or none) and Basic header values.</summary>
    internal static class HttpAuth
    {
        public static string Basic(NetworkCredential c) =>
            "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes((c.UserName ?? string.Empty) + ":" + (c.Password ?? string.Empty)));

        public static string NewCnonce()
        {
            var b = new byte[8];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(b);
            return Hex(b);
        }

        /// <summary>Builds the Authorization value. <paramref name="uri"/> is the request-target (path + query).</summary>
        public static string Digest(NetworkCredential c, AuthChallenge ch, string method, string uri, int nc, string cnonce)
        {
            string user = c.UserName ?? string.Empty;
            string realm = ch.Realm ?? string.Empty;
            string nonce = ch.Nonce ?? string.Empty;
            string? opaque = ch.Get("opaque");
            string? algorithm = ch.Get("algorithm");
            string? qopOffered = ch.Get("qop");
            bool qopAuth = false;
            if (qopOffered != null)
            {
                foreach (var q in qopOffered.Split(','))
                    if (string.Equals(q.Trim(), "auth", StringComparison.OrdinalIgnoreCase)) qopAuth = true;
            }
            string ncText = nc.ToString("x8", CultureInfo.InvariantCulture);
            string response = Response(user, c.Password ?? string.Empty, realm, nonce, method, uri, qopAuth ? "auth" : null, ncText, cnonce, algorithm);

            var sb = new StringBuilder(256);
            sb.Append("Digest username=\"").Append(Quote(user))
              .Append("\", realm=\"").Append(Quote(realm))
              .Append("\", nonce=\"").Append(Quote(nonce))
              .Append("\", uri=\"").Append(Quote(uri)).Append('"');
            if (algorithm != null) sb.Append(", algorithm=").Append(algorithm);
            sb.Append(", response=\"").Append(response).Append('"');
            if (qopAuth) sb.Append(", qop=auth, nc=").Append(ncText).Append(", cnonce=\"").Append(cnonce).Append('"');
            if (opaque != null) sb.Append(", opaque=\"").Append(Quote(opaque)).Append('"');
            return sb.ToString();
        }

        /// <summary>The request-digest (also used by tests to verify server side).</summary>
        public static string Response(string user, string password, string realm, string nonce, string method, string uri, string? qop, string nc, string cnonce, string? algorithm)
        {
            string ha1 = Md5Hex(user + ":" + realm + ":" + password);
            if (algorithm != null && algorithm.Equals("MD5-sess", StringComparison.OrdinalIgnoreCase))
                ha1 = Md5Hex(ha1 + ":" + nonce + ":" + cnonce);
            string ha2 = Md5Hex(method + ":" + uri);
            return qop != null
                ? Md5Hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2)
                : Md5Hex(ha1 + ":" + nonce + ":" + ha2);
        }

        public static string Md5Hex(string s)
        {
            using (var md5 = MD5.Create()) return Hex(md5.ComputeHash(Encoding.UTF8.GetBytes(s)));
        }

        private static string Hex(byte[] b)
        {
            var c = new char[b.Length * 2];
            for (int i = 0; i < b.Length; i++)
            {
                c[2 * i] = "0123456789abcdef"[b[i] >> 4];
                c[2 * i + 1] = "0123456789abcdef"[b[i] & 15];
            }
            return new string(c);
        }

        private static string Quote(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"");
    }
}
