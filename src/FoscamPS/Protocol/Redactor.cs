using System;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace FoscamPS.Protocol
{
    /// <summary>Removes secrets from URLs and free text before they reach any message, stream or log.</summary>
    public static class Redactor
    {
        /// <summary>Replacement for every secret.</summary>
        public const string Mask = "***";

        // Query/form keys whose values are secrets or logins: user, pwd, cam_user, cam_pwd, user1..8, pwd1..8,
        // ftp_user/ftp_pwd, mail_user/mail_pwd, msn_pwd, devN_user/devN_pwd, wpa_psk, key1..4, passwd, password, and
        // http_url (set_alarm: a URL that may carry credentials, URL-encoded so its userinfo is not seen as such).
        private static readonly Regex SecretQuery = new Regex(
            @"(?<key>(?:^|[?&;\s,])(?:[A-Za-z0-9]+_)*(?:user|pwd|passwd|password|pass|psk|key|secret|token|url)\d*=)(?<val>[^&#;\s'""]*)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

        private static readonly Regex UserInfo = new Regex(
            @"(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)[^/?#@\s]*@",
            RegexOptions.CultureInvariant | RegexOptions.Compiled);

        private static readonly Regex AuthHeader = new Regex(
            @"(?<h>(?:Authorization|Proxy-Authorization)\s*:\s*)[^\r\n]*",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

        /// <summary>
        /// Strips user info (<c>http://u:p@host</c> → <c>http://host</c>) and masks the values of credential-like
        /// query keys (<c>user</c>, <c>pwd</c>, <c>cam_user</c>, <c>cam_pwd</c>, <c>user1</c>, <c>ftp_pwd</c>, <c>wpa_psk</c>…).
        /// </summary>
        public static string RedactUrl(string url)
        {
            if (string.IsNullOrEmpty(url)) return url ?? string.Empty;
            string s = url;
            if (s.IndexOf('@') >= 0) s = UserInfo.Replace(s, "${scheme}");
            if (s.IndexOf('=') >= 0) s = SecretQuery.Replace(s, m => m.Groups["key"].Value + (m.Groups["val"].Length > 0 ? Mask : string.Empty));
            return s;
        }

        /// <summary>
        /// Redacts URLs/Authorization headers in <paramref name="text"/> and every occurrence of the credential's password
        /// (raw, URL-encoded, form-encoded) and of the Basic token of user:password.
        /// </summary>
        public static string RedactText(string text, NetworkCredential? c)
        {
            if (string.IsNullOrEmpty(text)) return text ?? string.Empty;
            string s = RedactUrl(text);
            if (s.IndexOf(':') >= 0) s = AuthHeader.Replace(s, "${h}" + Mask);
            if (c is null) return s;
            string pwd = c.Password ?? string.Empty;
            if (pwd.Length > 0)
            {
                string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes((c.UserName ?? string.Empty) + ":" + pwd));
                s = ReplaceOrdinal(s, basic, Mask);
                s = ReplaceOrdinal(s, pwd, Mask);
                string esc = Uri.EscapeDataString(pwd);
                if (esc != pwd)
                {
                    s = ReplaceOrdinalIgnoreCase(s, esc, Mask);
                    s = ReplaceOrdinalIgnoreCase(s, esc.Replace("%20", "+"), Mask);
                }
            }
            return s;
        }

        private static string ReplaceOrdinal(string s, string find, string with)
        {
            if (find.Length == 0 || s.IndexOf(find, StringComparison.Ordinal) < 0) return s;
            return s.Replace(find, with);
        }

        private static string ReplaceOrdinalIgnoreCase(string s, string find, string with)
        {
            if (find.Length == 0) return s;
            int i = s.IndexOf(find, StringComparison.OrdinalIgnoreCase);
            if (i < 0) return s;
            var sb = new StringBuilder(s.Length);
            int from = 0;
            while (i >= 0)
            {
                sb.Append(s, from, i - from).Append(with);
                from = i + find.Length;
                i = s.IndexOf(find, from, StringComparison.OrdinalIgnoreCase);
            }
            return sb.Append(s, from, s.Length - from).ToString();
        }
    }
}
