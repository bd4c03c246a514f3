using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace FoscamPS.Emulator.State;

/// <summary>
/// Builds get_* reply bodies in the firmware grammar: <c>var name=value;</c> LF-terminated, strings
/// single-quoted with <c>\'</c>, <c>\\</c>, <c>\n</c>, <c>\r</c> escapes, numbers bare; arrays as
/// <c>var a=new Array();</c> then <c>a[0]=...;</c>.
/// </summary>
internal sealed class ReplyBuilder
{
    private readonly StringBuilder _sb = new(256);

    public ReplyBuilder Str(string name, string value)
    {
        _sb.Append("var ").Append(name).Append('=');
        AppendQuoted(value);
        _sb.Append(";\n");
        return this;
    }

    public ReplyBuilder Num(string name, long value)
    {
        _sb.Append("var ").Append(name).Append('=').Append(value.ToString(CultureInfo.InvariantCulture)).Append(";\n");
        return this;
    }

    /// <summary>A stored field: quoted or bare depending on its kind.</summary>
    public ReplyBuilder Field(FieldDef def, string value)
    {
        if (def.IsQuoted)
        {
            return Str(def.Name, value);
        }

        _sb.Append("var ").Append(def.Name).Append('=').Append(value).Append(";\n");
        return this;
    }

    public ReplyBuilder Fields(IReadOnlyList<FieldDef> defs, string[] values)
    {
        for (var i = 0; i < defs.Count; i++)
        {
            Field(defs[i], values[i]);
        }

        return this;
    }

    public ReplyBuilder ArrayDecl(string name)
    {
        _sb.Append("var ").Append(name).Append("=new Array();\n");
        return this;
    }

    public ReplyBuilder ArrayStr(string name, int index, string value)
    {
        _sb.Append(name).Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append("]=");
        AppendQuoted(value);
        _sb.Append(";\n");
        return this;
    }

    public ReplyBuilder ArrayNum(string name, int index, long value)
    {
        _sb.Append(name).Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append("]=")
            .Append(value.ToString(CultureInfo.InvariantCulture)).Append(";\n");
        return this;
    }

    public override string ToString() => _sb.ToString();

    public byte[] ToBytes() => Encoding.UTF8.GetBytes(_sb.ToString());

    private void AppendQuoted(string value)
    {
        _sb.Append('\'');
        AppendEscaped(_sb, value);
        _sb.Append('\'');
    }

    private static void AppendEscaped(StringBuilder sb, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\'': sb.Append("\\'"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                default: sb.Append(c); break;
            }
        }
    }
}
