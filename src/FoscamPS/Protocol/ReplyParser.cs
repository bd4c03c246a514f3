using System;
using System.Text;
using System.Threading;

namespace FoscamPS.Protocol
{
    /// <summary>
    /// Parser for the <c>var name=value;</c> replies of get_* CGIs, tolerant of every firmware/clone variant in
    /// camera-facts: LF or CRLF, optional <c>var</c>, single or double quotes, <c>''</c>, escapes (<c>\n \r \t \\ \' \" \/</c>),
    /// bare (also negative) numbers, arrays (<c>var a=new Array();</c>, <c>a[0]='x';</c>, exposed only through
    /// <see cref="CamVars.GetArray"/>), continuation lines (<c>name+="...";</c> appends), values containing
    /// <c>&amp; = ; '</c> and spaces (split at the first <c>=</c>, strip the final <c>;</c> and one pair of outer
    /// quotes). Blank lines, junk lines and lines whose name is not an identifier are skipped. Never throws.
    /// </summary>
    public static class ReplyParser
    {
        /// <summary>Largest array index accepted (hostile input cannot make the parser allocate more).</summary>
        public const int MaxArrayIndex = 4095;

        public static CamVars Parse(string text)
        {
            if (string.IsNullOrEmpty(text)) return new CamVars();
            var vars = new CamVars(Math.Min(text.Length / 20, 1024));
            char sep = '\n';
            if (text.IndexOf('\n') < 0 && text.IndexOf('\r') >= 0) sep = '\r';
            int pos = 0, n = text.Length;
            StringBuilder? sb = null;
            while (pos < n)
            {
                int nl = text.IndexOf(sep, pos);
                int end = nl < 0 ? n : nl;
                ParseLine(text, pos, end, vars, ref sb);
                pos = end + 1;
            }
            return vars;
        }

        private static void ParseLine(string s, int start, int end, CamVars vars, ref StringBuilder? sb)
        {
            while (start < end && s[start] <= ' ') start++;
            while (end > start && s[end - 1] <= ' ') end--;
            if (end - start < 2) return;

            if (end - start > 4 && s[start] == 'v' && s[start + 1] == 'a' && s[start + 2] == 'r' && (s[start + 3] == ' ' || s[start + 3] == '\t'))
            {
                start += 4;
                while (start < end && (s[start] == ' ' || s[start] == '\t')) start++;
            }

            int eq = s.IndexOf('=', start, end - start);
            if (eq <= start) return;

            int nameEnd = eq;
            bool append = false;
            if (s[nameEnd - 1] == '+')
            {
                append = true;
                nameEnd--;
            }
            while (nameEnd > start && (s[nameEnd - 1] == ' ' || s[nameEnd - 1] == '\t')) nameEnd--;
            if (nameEnd <= start) return;

            // name: identifier chars, optionally followed by [index]
            int bracket = -1;
            for (int i = start; i < nameEnd; i++)
            {
                char c = s[i];
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' || c == '.' || c == '-') continue;
                if (c == '[' && i > start)
                {
                    bracket = i;
                    break;
                }
                return; // junk line (HTML, prose...)
            }
            int index = -1;
            if (bracket >= 0)
            {
                if (s[nameEnd - 1] != ']' || nameEnd - 1 == bracket + 1) return;
                int idx = 0;
                for (int i = bracket + 1; i < nameEnd - 1; i++)
                {
                    char c = s[i];
                    if (c < '0' || c > '9') return;
                    idx = idx * 10 + (c - '0');
                    if (idx > MaxArrayIndex) return;
                }
                index = idx;
            }

            // value
            int vs = eq + 1, ve = end;
            while (vs < ve && s[vs] <= ' ') vs++;
            if (ve > vs && s[ve - 1] == ';')
            {
                ve--;
                while (ve > vs && s[ve - 1] <= ' ') ve--;
            }

            bool quoted = false;
            if (ve > vs)
            {
                char q = s[vs];
                if (q == '\'' || q == '"')
                {
                    quoted = true;
                    vs++;
                    if (ve > vs && s[ve - 1] == q) ve--;
                }
            }

            string name = Name(s, start, bracket >= 0 ? bracket - start : nameEnd - start);

            if (!quoted && index < 0 && ve - vs >= 9 && string.CompareOrdinal(s, vs, "new Array", 0, 9) == 0)
            {
                vars.DeclareArray(name);
                return;
            }

            CamValue value;
            int len = ve - vs;
            if (len == 0) value = quoted ? EmptyQuoted : CamValue.Empty;
            else if (len == 1 && !quoted && s[vs] >= '0' && s[vs] <= '9') value = Digits[s[vs] - '0'];
            else if (quoted && s.IndexOf('\\', vs, len) >= 0) value = new CamValue(Unescape(s, vs, ve, ref sb), true);
            else value = new CamValue(s.Substring(vs, len), quoted);

            if (index >= 0)
            {
                CamValue? prev = append ? vars.FindElement(name, index) : null;
                vars.SetElement(name, index, prev is null ? value : new CamValue(prev.Text + value.Text, prev.Quoted || quoted));
            }
            else
            {
                CamValue? prev = append ? vars.Find(name) : null;
                vars.Set(name, prev is null ? value : new CamValue(prev.Text + value.Text, prev.Quoted || quoted));
            }
        }

        // Immutable values shared between replies (most get_params fields are '' or a single digit).
        private static readonly CamValue EmptyQuoted = new CamValue(string.Empty, true);
        private static readonly CamValue[] Digits = CreateDigits();

        private static CamValue[] CreateDigits()
        {
            var d = new CamValue[10];
            for (int i = 0; i < 10; i++) d[i] = new CamValue(((char)('0' + i)).ToString(), false);
            return d;
        }

        // Field names repeat across replies and cameras: a small lock-free cache avoids allocating them each time.
        // Races only cost an extra allocation (references are written atomically; strings are immutable).
        private const int NameCacheSize = 2048;
        private const int MaxCachedNameLength = 48;
        private static readonly string?[] NameCache = new string?[NameCacheSize];

        private static string Name(string s, int start, int length)
        {
            if (length > MaxCachedNameLength) return s.Substring(start, length);
            uint h = 2166136261;
            for (int i = start; i < start + length; i++) h = (h ^ s[i]) * 16777619;
            int slot = (int)(h & (NameCacheSize - 1));
            string? cached = Volatile.Read(ref NameCache[slot]);
            if (cached != null && cached.Length == length && string.CompareOrdinal(cached, 0, s, start, length) == 0) return cached;
            string name = s.Substring(start, length);
            Volatile.Write(ref NameCache[slot], name);
            return name;
        }

        private static string Unescape(string s, int from, int to, ref StringBuilder? sb)
        {
            sb ??= new StringBuilder(to - from);
            sb.Clear();
            int run = from;
            for (int i = from; i < to; i++)
            {
                if (s[i] != '\\' || i + 1 >= to) continue;
                char next = s[i + 1];
                char r;
                switch (next)
                {
                    case 'n': r = '\n'; break;
                    case 'r': r = '\r'; break;
                    case 't': r = '\t'; break;
                    case '\\': r = '\\'; break;
                    case '\'': r = '\''; break;
                    case '"': r = '"'; break;
                    case '/': r = '/'; break;
                    default: continue; // unknown escape: keep both characters
                }
                sb.Append(s, run, i - run).Append(r);
                i++;
                run = i + 1;
            }
            sb.Append(s, run, to - run);
            return sb.ToString();
        }
    }
}
