using System;
using System.Collections.Generic;
using System.Text;

namespace FoscamPS.Tests.Protocol;

/// <summary>Test-side renderer of the reply grammar in every variant camera-facts lists.</summary>
public static class ReplyRenderer
{
    public sealed record Field(string Name, string Value, bool Quoted);

    public sealed record Style(bool DoubleQuotes, bool Crlf, bool OmitVar, int SplitAt, bool SpaceAroundEquals, bool OmitSemicolon);

    public static string Escape(string value, char quote)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c == quote) sb.Append('\\').Append(c);
                    else sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    public static string Render(IReadOnlyList<Field> fields, IReadOnlyList<Style> styles)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            var st = styles[i % styles.Count];
            string nl = st.Crlf ? "\r\n" : "\n";
            string eq = st.SpaceAroundEquals ? " = " : "=";
            string semi = st.OmitSemicolon ? "" : ";";
            string prefix = st.OmitVar ? "" : "var ";
            if (!f.Quoted)
            {
                sb.Append(prefix).Append(f.Name).Append(eq).Append(f.Value).Append(semi).Append(nl);
                continue;
            }
            char q = st.DoubleQuotes ? '"' : '\'';
            int split = f.Value.Length == 0 ? 0 : Math.Abs(st.SplitAt) % (f.Value.Length + 1);
            if (st.SplitAt > 0 && split > 0 && split < f.Value.Length && !char.IsSurrogate(f.Value[split]))
            {
                // continuation line: name='head'; name+='tail';
                sb.Append(prefix).Append(f.Name).Append(eq).Append(q).Append(Escape(f.Value[..split], q)).Append(q).Append(semi).Append(nl);
                sb.Append(f.Name).Append("+=").Append(q).Append(Escape(f.Value[split..], q)).Append(q).Append(semi).Append(nl);
            }
            else
            {
                sb.Append(prefix).Append(f.Name).Append(eq).Append(q).Append(Escape(f.Value, q)).Append(q).Append(semi).Append(nl);
            }
        }
        return sb.ToString();
    }
}
