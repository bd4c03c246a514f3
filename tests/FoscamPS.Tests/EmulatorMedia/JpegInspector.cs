using System;
using System.Collections.Generic;

namespace FoscamPS.Tests.EmulatorMedia;

/// <summary>Independent marker walker for the JPEGs under test (no decoder).</summary>
internal sealed class JpegInspector
{
    public List<byte> Markers { get; } = new();

    public bool HasJfifApp0 { get; private set; }

    public bool App0First { get; private set; }

    public int Sof0Width { get; private set; } = -1;

    public int Sof0Height { get; private set; } = -1;

    public int Components { get; private set; }

    public bool EndsWithEoi { get; private set; }

    public static JpegInspector Inspect(byte[] jpeg)
    {
        var r = new JpegInspector();
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            throw new FormatException("No SOI.");
        }

        r.EndsWithEoi = jpeg[^2] == 0xFF && jpeg[^1] == 0xD9;
        int pos = 2;
        while (pos + 4 <= jpeg.Length)
        {
            if (jpeg[pos] != 0xFF)
            {
                throw new FormatException($"Expected a marker at {pos}.");
            }

            byte marker = jpeg[pos + 1];
            r.Markers.Add(marker);
            int length = (jpeg[pos + 2] << 8) | jpeg[pos + 3];
            if (marker == 0xE0 && length >= 16 && jpeg[pos + 4] == (byte)'J' && jpeg[pos + 5] == (byte)'F'
                && jpeg[pos + 6] == (byte)'I' && jpeg[pos + 7] == (byte)'F' && jpeg[pos + 8] == 0)
            {
                r.HasJfifApp0 = true;
                r.App0First = r.Markers.Count == 1;
            }

            if (marker == 0xC0)
            {
                r.Sof0Height = (jpeg[pos + 5] << 8) | jpeg[pos + 6];
                r.Sof0Width = (jpeg[pos + 7] << 8) | jpeg[pos + 8];
                r.Components = jpeg[pos + 9];
            }

            if (marker == 0xDA)
            {
                break; // entropy-coded data follows
            }

            pos += 2 + length;
        }

        return r;
    }
}
