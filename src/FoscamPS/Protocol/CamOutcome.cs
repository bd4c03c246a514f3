using System;
using System.Net;
using System.Text;

namespace FoscamPS.Protocol
{
    /// <summary>
    /// The one place that turns an HTTP status + body into success or a typed exception
    /// (camera-facts: HTTP 200 is not success, read the body).
    /// </summary>
    internal static class CamOutcome
    {
        internal const string AuthErrorBody = "user or passwd is error";

        /// <summary>
        /// Exactly <c>ok.</c>, optionally followed by one line end (<c>\n</c> or <c>\r\n</c>). Anything else — <c>ok</c>,
        /// an HTML page, an empty body, prose — is not success (camera-facts: read the body, HTTP 200 is not success).
        /// </summary>
        internal static bool IsOkBody(string text)
        {
            if (text is null) return false;
            return text == "ok." || text == "ok.\n" || text == "ok.\r\n";
        }

        /// <summary>
        /// True when a get_* body is complete: some non-blank text whose last statement ends with <c>;</c>. A reply
        /// cut short (an HTTP/1.0 body without Content-Length closed half-way) ends inside a statement.
        /// </summary>
        internal static bool IsTerminatedVars(string text)
        {
            if (text is null) return false;
            int e = text.Length;
            while (e > 0 && text[e - 1] <= ' ') e--;
            return e > 0 && text[e - 1] == ';';
        }

        /// <summary>
        /// The one check of a successful (HTTP 200, not an error body) reply against what the request expects.
        /// Returns null when it matches, otherwise the <see cref="CamProtocolException"/> to throw (its advice from the
        /// request's <paramref name="safety"/>).
        /// </summary>
        internal static CamException? CheckExpectation(CamReplyExpectation expect, string body, Func<CamVars> vars, string cgi, string? camera, NetworkCredential? credential, CgiSafety safety = CgiSafety.ReadOnly)
        {
            switch (expect)
            {
                case CamReplyExpectation.Ok:
                    if (IsOkBody(body)) return null;
                    return new CamProtocolException($"{CamException.Prefix(camera)} answered {cgi} with {Describe(body, credential)} instead of 'ok.': the change is not confirmed.", safety, camera);
                case CamReplyExpectation.Vars:
                    if (!IsTerminatedVars(body))
                        return new CamProtocolException(body.Trim().Length == 0
                            ? $"{CamException.Prefix(camera)} answered {cgi} with an empty body."
                            : $"{CamException.Prefix(camera)} cut the reply to {cgi} short (its last statement is unterminated after {body.Length} characters).", safety, camera);
                    if (vars().Count == 0)
                        return new CamProtocolException($"{CamException.Prefix(camera)} did not answer {cgi} with camera variables (garbage or a foreign device?): {Describe(body, credential)}.", safety, camera);
                    return null;
                default:
                    return null;
            }
        }

        /// <summary>A short, safe description of an unexpected body for messages.</summary>
        internal static string Describe(string body, NetworkCredential? credential)
        {
            if (body.Length == 0) return "an empty body";
            string t = body.Length > 256 ? body.Substring(0, 256) : body;
            return "'" + Sanitize(Redactor.RedactText(t, credential), 40) + "' (" + body.Length + " characters)";
        }

        /// <summary>A 200 body some clones send for bad credentials.</summary>
        internal static bool IsAuthErrorBody(string text) =>
            text != null && text.Length < 512 && text.IndexOf(AuthErrorBody, StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>
        /// Classifies a completed reply. Returns null for success, otherwise the exception to throw.
        /// 401 is handled by the auth negotiation before this is called; when it reaches here it means failure. A
        /// protocol violation's advice follows the request's <paramref name="safety"/> (a state-changing request may
        /// have been applied), except where the camera rejected the request outright.
        /// </summary>
        internal static CamException? Classify(int status, string body, string cgi, string camera, NetworkCredential? credential, CgiSafety safety = CgiSafety.ReadOnly)
        {
            if (status == 200)
            {
                // Bounds of the trimmed body, without copying it: a get_params reply is ~10 KB and nearly every reply
                // is neither short nor an error, so the copy Trim() makes would be pure cost (a profile's memmove).
                int start = 0, end = body.Length;
                while (start < end && char.IsWhiteSpace(body[start])) start++;
                while (end > start && char.IsWhiteSpace(body[end - 1])) end--;
                int length = end - start;
                bool startsWithError = length >= 5 && string.Compare(body, start, "error", 0, 5, StringComparison.OrdinalIgnoreCase) == 0;
                if (length >= 512 && !startsWithError) return null;
                string t = length == body.Length ? body : body.Substring(start, length);
                if (IsAuthErrorBody(t))
                    return new CamAuthenticationException($"{CamException.Prefix(camera)} rejected the credential for {cgi} ('{AuthErrorBody}').", CamAuthScheme.None, null, camera);
                if (startsWithError)
                {
                    string raw = Sanitize(Redactor.RedactText(t.Length > 4096 ? t.Substring(0, 4096) : t, credential), 200);
                    if (t.IndexOf("illegal http frame", StringComparison.OrdinalIgnoreCase) >= 0)
                        return new CamProtocolException($"{CamException.Prefix(camera)} rejected the request frame of {cgi} ('{raw}'): the upload was empty or malformed.", camera);
                    return new CamIllegalParamsException($"{CamException.Prefix(camera)} rejected the parameters of {cgi} ('{raw}').", raw, camera);
                }
                return null;
            }
            if (status >= 200 && status < 300) return null;
            switch (status)
            {
                case 401:
                    return new CamAuthenticationException($"{CamException.Prefix(camera)} rejected the credential for {cgi} (HTTP 401).", CamAuthScheme.None, null, camera);
                case 403:
                    return new CamAccessDeniedException($"{CamException.Prefix(camera)} denied access to {cgi} (HTTP 403): the account lacks the privilege.", cgi, CamPrivilege.Unknown, camera);
                case 404:
                    return new CamNotSupportedException($"{CamException.Prefix(camera)} does not know {cgi} (HTTP 404).", cgi, camera);
            }
            if (status >= 300 && status < 400)
                return new CamProtocolException($"{CamException.Prefix(camera)} answered {cgi} with a redirect (HTTP {status}); redirects are not followed.", safety, camera);
            if (status >= 500)
                return new CamProtocolException($"{CamException.Prefix(camera)} failed internally on {cgi} (HTTP {status}).", safety, camera) { HttpStatus = status };
            return new CamProtocolException($"{CamException.Prefix(camera)} answered {cgi} with HTTP {status}.", safety, camera);
        }

        /// <summary>Removes control characters (ANSI escapes, NUL...) and bounds the length, for messages.</summary>
        internal static string Sanitize(string text, int max)
        {
            var sb = new StringBuilder(Math.Min(text.Length, max) + 3);
            foreach (char c in text)
            {
                if (sb.Length >= max)
                {
                    sb.Append("...");
                    break;
                }
                sb.Append(c < ' ' || c == '\u007f' || (c >= '\u0080' && c < '\u00a0') ? ' ' : c);
            }
            return sb.ToString();
        }
    }
}
