using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace FoscamPS.Model
{
    /// <summary>
    /// The small JSON subset of configuration files (netstandard2.0 has no JSON library and the module takes no
    /// runtime dependency): objects (key order kept), strings, and for reading also numbers, true/false/null (kept as
    /// their text) and arrays. Writes two-space indented, one key per line, so files diff well.
    /// </summary>
    internal static class CamConfigJson
    {
        /// <summary>An ordered JSON object.</summary>
        internal sealed class Obj : List<KeyValuePair<string, object?>>
        {
            public Obj Add(string key, object? value)
            {
                base.Add(new KeyValuePair<string, object?>(key, value));
                return this;
            }

            public object? Get(string key)
            {
                foreach (var kv in this)
                {
                    if (string.Equals(kv.Key, key, StringComparison.Ordinal)) return kv.Value;
                }
                return null;
            }
        }

        public static string Write(Obj root)
        {
            var sb = new StringBuilder();
            WriteValue(sb, root, 0);
            sb.Append('\n');
            return sb.ToString();
        }

        private static void WriteValue(StringBuilder sb, object? value, int indent)
        {
            switch (value)
            {
                case null:
                    sb.Append("null");
                    return;
                case string s:
                    WriteString(sb, s);
                    return;
                case bool b:
                    sb.Append(b ? "true" : "false");
                    return;
                case int i:
                    sb.Append(i.ToString(CultureInfo.InvariantCulture));
                    return;
                case Obj o:
                    if (o.Count == 0)
                    {
                        sb.Append("{}");
                        return;
                    }
                    sb.Append("{\n");
                    for (var n = 0; n < o.Count; n++)
                    {
                        sb.Append(' ', (indent + 1) * 2);
                        WriteString(sb, o[n].Key);
                        sb.Append(": ");
                        WriteValue(sb, o[n].Value, indent + 1);
                        sb.Append(n + 1 < o.Count ? ",\n" : "\n");
                    }
                    sb.Append(' ', indent * 2).Append('}');
                    return;
                default:
                    throw new ArgumentException("Unsupported JSON value " + value.GetType().Name);
            }
        }

        private static void WriteString(StringBuilder sb, string s)
        {
            sb.Append('"');
            foreach (var c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029' || (c >= '\u200B' && c <= '\u200F') || (c >= '\u202A' && c <= '\u202E'))
                            sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            sb.Append('"');
        }

        /// <summary>Parses a document; throws FormatException naming the position.</summary>
        public static object? Parse(string text)
        {
            var p = new Reader(text);
            p.Ws();
            var v = p.Value(0);
            p.Ws();
            if (!p.End) throw p.Error("unexpected text after the end of the document");
            return v;
        }

        private sealed class Reader
        {
            private readonly string _s;
            private int _i;

            public Reader(string s)
            {
                _s = s;
                if (_s.Length > 0 && _s[0] == '\uFEFF') _i = 1;
            }

            public bool End => _i >= _s.Length;

            public FormatException Error(string what)
            {
                var line = 1;
                for (var k = 0; k < _i && k < _s.Length; k++) if (_s[k] == '\n') line++;
                return new FormatException($"{what} (line {line.ToString(CultureInfo.InvariantCulture)})");
            }

            public void Ws()
            {
                while (_i < _s.Length && (_s[_i] == ' ' || _s[_i] == '\t' || _s[_i] == '\r' || _s[_i] == '\n')) _i++;
            }

            public object? Value(int depth)
            {
                if (depth > 32) throw Error("nesting too deep");
                if (End) throw Error("unexpected end of the document");
                var c = _s[_i];
                if (c == '{') return Object(depth);
                if (c == '[') return Array(depth);
                if (c == '"') return String();
                var start = _i;
                while (_i < _s.Length && (char.IsLetterOrDigit(_s[_i]) || _s[_i] == '-' || _s[_i] == '+' || _s[_i] == '.')) _i++;
                var word = _s.Substring(start, _i - start);
                if (word == "null") return null;
                if (word == "true" || word == "false") return word == "true";
                if (word.Length > 0 && double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return word;
                throw Error("a value was expected");
            }

            private Obj Object(int depth)
            {
                var o = new Obj();
                _i++;
                Ws();
                if (!End && _s[_i] == '}')
                {
                    _i++;
                    return o;
                }
                while (true)
                {
                    Ws();
                    if (End || _s[_i] != '"') throw Error("a quoted key was expected");
                    var key = String();
                    Ws();
                    if (End || _s[_i] != ':') throw Error("':' was expected");
                    _i++;
                    Ws();
                    o.Add(key, Value(depth + 1));
                    Ws();
                    if (End) throw Error("unexpected end of the document");
                    if (_s[_i] == ',') { _i++; continue; }
                    if (_s[_i] == '}') { _i++; return o; }
                    throw Error("',' or '}' was expected");
                }
            }

            private List<object?> Array(int depth)
            {
                var list = new List<object?>();
                _i++;
                Ws();
                if (!End && _s[_i] == ']')
                {
                    _i++;
                    return list;
                }
                while (true)
                {
                    Ws();
                    list.Add(Value(depth + 1));
                    Ws();
                    if (End) throw Error("unexpected end of the document");
                    if (_s[_i] == ',') { _i++; continue; }
                    if (_s[_i] == ']') { _i++; return list; }
                    throw Error("',' or ']' was expected");
                }
            }

            private string String()
            {
                _i++;
                var sb = new StringBuilder();
                while (true)
                {
                    if (End) throw Error("unterminated string");
                    var c = _s[_i++];
                    if (c == '"') return sb.ToString();
                    if (c < 0x20) throw Error("control character in a string");
                    if (c != '\\')
                    {
                        sb.Append(c);
                        continue;
                    }
                    if (End) throw Error("unterminated string");
                    var e = _s[_i++];
                    switch (e)
                    {
                        case '"': sb.Append('"'); break;
                        case '\\': sb.Append('\\'); break;
                        case '/': sb.Append('/'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'r': sb.Append('\r'); break;
                        case 't': sb.Append('\t'); break;
                        case 'u':
                            if (_i + 4 > _s.Length || !int.TryParse(_s.Substring(_i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                                throw Error("bad \\u escape");
                            sb.Append((char)code);
                            _i += 4;
                            break;
                        default:
                            throw Error("bad escape");
                    }
                }
            }
        }
    }
}
