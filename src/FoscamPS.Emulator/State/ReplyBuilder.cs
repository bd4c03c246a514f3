using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace FoscamPS.Emulator.State;

/// <summary>
/// Builds get_* reply bodies in the firmware grammar: <c>var name=value;</c> LF-terminated, strings
/// single-quoted with <c>\'</c>, <c>\\</c>, <c>\n</c>, <c>\r</c> escapes, numbers bare; arrays as
/// <c>var a=new Array();</c> then <c>a[0]=...;</c>.
/// In clone style (Netwave clones) strings are double-quoted (<c>\"</c> escaped) and values longer than
/// <see cref="CloneChunk"/> characters continue on <c>name+="…";</c> lines (the CRLF line ends are applied to the
/// whole body by the dispatcher).
/// </summary>
internal sealed class ReplyBuilder(bool clone = false)
{
    /// <summary>Characters of a string value per line in clone style.</summary>
    public const int CloneChunk = 32;

    private readonly StringBuilder _sb = new(256);

    public ReplyBuilder Str(string name, string value)
    {
        _sb.Append("var ");
        AppendString(name, value);
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
        AppendString(name + "[" + index.ToString(CultureInfo.InvariantCulture) + "]", value);
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

    /// <summary>name=quoted value; then, in clone style, name+="rest"; lines for long values.</summary>
    private void AppendString(string target, string value)
    {
        _sb.Append(target).Append('=');
        if (!clone || value.Length <= CloneChunk)
        {
            AppendQuoted(value);
            _sb.Append(";\n");
            return;
        }

        var start = 0;
        while (start < value.Length)
        {
            var length = Math.Min(CloneChunk, value.Length - start);
            if (start + length < value.Length && char.IsHighSurrogate(value[start + length - 1]))
            {
                length--; // never split a surrogate pair
            }

            if (start > 0)
            {
                _sb.Append(target).Append("+=");
            }

            AppendQuoted(value.Substring(start, length));
            _sb.Append(";\n");
            start += length;
        }
    }

    private void AppendQuoted(string value)
    {
        var quote = clone ? '"' : '\'';
        _sb.Append(quote);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': _sb.Append("\\\\"); break;
                case '\n': _sb.Append("\\n"); break;
                case '\r': _sb.Append("\\r"); break;
                default:
                    if (c == quote)
                    {
                        _sb.Append('\\');
                    }

                    _sb.Append(c);
                    break;
            }
        }

        _sb.Append(quote);
    }
}
