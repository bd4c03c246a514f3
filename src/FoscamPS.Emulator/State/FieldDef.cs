using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace FoscamPS.Emulator.State;

/// <summary>How a field is rendered (quoted string or bare number) and validated.</summary>
internal enum FieldKind
{
    /// <summary>Single-quoted string, limited to <see cref="FieldDef.MaxLength"/> UTF-8 bytes.</summary>
    Text,

    /// <summary>Bare signed integer within [Min, Max] (optionally one of <see cref="FieldDef.Allowed"/>).</summary>
    Number,

    /// <summary>Unsigned 32-bit schedule word; "-1" is accepted on input as all ones.</summary>
    Word,
}

/// <summary>One variable of the camera state, named exactly as the get_* CGI prints it.</summary>
internal sealed class FieldDef
{
    private FieldDef(string name, FieldKind kind, int maxLength, long min, long max, IReadOnlySet<long>? allowed, string @default)
    {
        Name = name;
        Kind = kind;
        MaxLength = maxLength;
        Min = min;
        Max = max;
        Allowed = allowed;
        Default = @default;
    }

    public string Name { get; }

    public FieldKind Kind { get; }

    public int MaxLength { get; }

    public long Min { get; }

    public long Max { get; }

    public IReadOnlySet<long>? Allowed { get; }

    public string Default { get; }

    /// <summary>Position in <see cref="FieldCatalog.All"/>; index into a camera's value array.</summary>
    public int Ordinal { get; internal set; } = -1;

    public bool IsQuoted => Kind == FieldKind.Text;

    public static FieldDef Text(string name, int maxLength, string @default = "") =>
        new(name, FieldKind.Text, maxLength, 0, 0, null, @default);

    public static FieldDef Number(string name, long min, long max, long @default) =>
        new(name, FieldKind.Number, 0, min, max, null, @default.ToString(CultureInfo.InvariantCulture));

    public static FieldDef Codes(string name, long @default, params long[] allowed) =>
        new(name, FieldKind.Number, 0, long.MinValue, long.MaxValue, new HashSet<long>(allowed), @default.ToString(CultureInfo.InvariantCulture));

    public static FieldDef Word(string name) => new(name, FieldKind.Word, 0, 0, uint.MaxValue, null, "0");

    /// <summary>Validates raw (already URL-decoded) input like firmware does and returns the stored form, or null.</summary>
    public string? Normalize(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        switch (Kind)
        {
            case FieldKind.Text:
                return Encoding.UTF8.GetByteCount(raw) <= MaxLength ? raw : null;
            case FieldKind.Word:
                if (raw == "-1")
                {
                    return uint.MaxValue.ToString(CultureInfo.InvariantCulture);
                }

                return TryParseInteger(raw, out var w) && w >= 0 && w <= uint.MaxValue
                    ? w.ToString(CultureInfo.InvariantCulture)
                    : null;
            default:
                if (!TryParseInteger(raw, out var n))
                {
                    return null;
                }

                if (Allowed is not null ? !Allowed.Contains(n) : n < Min || n > Max)
                {
                    return null;
                }

                return n.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Strict integer syntax: optional '-', 1–18 decimal digits, nothing else.</summary>
    public static bool TryParseInteger(string raw, out long value)
    {
        value = 0;
        var s = raw.AsSpan();
        var negative = s.Length > 0 && s[0] == '-';
        if (negative)
        {
            s = s[1..];
        }

        if (s.Length == 0 || s.Length > 18)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        if (negative)
        {
            value = -value;
        }

        return true;
    }
}
