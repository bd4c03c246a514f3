using System;
using System.Collections.Generic;
using System.Text;

namespace FoscamPS.Emulator.Server;

/// <summary>
/// Decoded name/value pairs of a query string or form body, order kept, names case-sensitive (the
/// firmware compares with strcmp). The first occurrence of a name wins. '+' decodes to a space.
/// </summary>
internal sealed class QueryParams
{
    private readonly List<(string Name, string Raw)> _pairs = new();

    public static QueryParams Parse(string? raw)
    {
        var result = new QueryParams();
        result.Add(raw);
        return result;
    }

    /// <summary>Appends pairs from another encoded string (a form body after the query).</summary>
    public void Add(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return;
        }

        foreach (var part in raw.TrimStart('?').Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? "" : part[(eq + 1)..];
            _pairs.Add((name, value));
        }
    }

    public bool Has(string name) => IndexOf(name) >= 0;

    /// <summary>UTF-8 decoded value, or null when the parameter is absent.</summary>
    public string? Get(string name)
    {
        var i = IndexOf(name);
        return i < 0 ? null : Decode(_pairs[i].Raw);
    }

    /// <summary>Percent-decoded bytes (for binary data such as comm_write data), or null when absent.</summary>
    public byte[]? GetBytes(string name)
    {
        var i = IndexOf(name);
        return i < 0 ? null : DecodeBytes(_pairs[i].Raw);
    }

    public static string Decode(string raw) =>
        raw.IndexOfAny(['%', '+']) < 0 ? raw : Encoding.UTF8.GetString(DecodeBytes(raw));

    public static byte[] DecodeBytes(string raw)
    {
        var src = Encoding.UTF8.GetBytes(raw);
        var dst = new byte[src.Length];
        var n = 0;
        for (var i = 0; i < src.Length; i++)
        {
            var b = src[i];
            if (b == (byte)'+')
            {
                dst[n++] = (byte)' ';
            }
            else if (b == (byte)'%' && i + 2 < src.Length && IsHex(src[i + 1]) && IsHex(src[i + 2]))
            {
                dst[n++] = (byte)((HexValue(src[i + 1]) << 4) | HexValue(src[i + 2]));
                i += 2;
            }
            else
            {
                dst[n++] = b;
            }
        }

        return dst.AsSpan(0, n).ToArray();
    }

    private static bool IsHex(byte b) => b < 0x80 && Uri.IsHexDigit((char)b);

    private static int HexValue(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private int IndexOf(string name)
    {
        for (var i = 0; i < _pairs.Count; i++)
        {
            if (string.Equals(_pairs[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
