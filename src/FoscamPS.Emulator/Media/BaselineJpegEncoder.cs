using System;
using System.Buffers.Binary;
using System.IO;

namespace FoscamPS.Emulator.Media;

/// <summary>
/// A small baseline JPEG encoder that writes the frames exactly as the cameras do: JFIF 1.02, YCbCr 4:2:2
/// (luma 2×1, both chroma components 1×1), segments in the firmware's order SOI, APP0 (JFIF), SOF0, DQT (both
/// tables), DHT (the four standard tables of ITU-T T.81 Annex K), SOS, entropy-coded data, EOI.
/// </summary>
/// <remarks>
/// General-purpose encoders (ImageSharp 2.1 among them) write DQT before SOF0 and cannot produce 4:2:2, so the
/// emulator has its own. Forward DCT: the AAN float algorithm (as libjpeg's jfdctflt); quantisation tables: the
/// Annex K tables scaled with the IJG quality formula.
/// </remarks>
public static class BaselineJpegEncoder
{
    private static readonly byte[] ZigZag =
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    ];

    // Annex K.1 (natural order).
    private static readonly byte[] LumaQuant =
    [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ];

    private static readonly byte[] ChromaQuant =
    [
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    ];

    // Annex K.3: code lengths (counts for lengths 1..16) and values.
    private static readonly byte[] DcLumaBits = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] DcLumaValues = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    private static readonly byte[] DcChromaBits = [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
    private static readonly byte[] DcChromaValues = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    private static readonly byte[] AcLumaBits = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];

    private static readonly byte[] AcLumaValues =
    [
        0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08,
        0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
        0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59,
        0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
        0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6,
        0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
        0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
    ];

    private static readonly byte[] AcChromaBits = [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77];

    private static readonly byte[] AcChromaValues =
    [
        0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71, 0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91,
        0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0, 0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26,
        0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58,
        0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
        0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4,
        0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda,
        0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
    ];

    private static readonly double[] AanScale = [1.0, 1.387039845, 1.306562965, 1.175875602, 1.0, 0.785694958, 0.541196100, 0.275899379];

    private static readonly HuffTable DcLuma = new(DcLumaBits, DcLumaValues);
    private static readonly HuffTable DcChroma = new(DcChromaBits, DcChromaValues);
    private static readonly HuffTable AcLuma = new(AcLumaBits, AcLumaValues);
    private static readonly HuffTable AcChroma = new(AcChromaBits, AcChromaValues);

    /// <summary>Encodes an RGB24 buffer (3 bytes per pixel, rows top to bottom) as a baseline JFIF 1.02 4:2:2 JPEG.</summary>
    /// <param name="quality">1–100, the IJG quality scale.</param>
    public static byte[] Encode(ReadOnlySpan<byte> rgb, int width, int height, int quality)
    {
        if (width < 1 || width > 65535 || height < 1 || height > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(width), "Width and height must be between 1 and 65535.");
        }

        if (rgb.Length < width * height * 3)
        {
            throw new ArgumentException("The pixel buffer is too small.", nameof(rgb));
        }

        quality = Math.Clamp(quality, 1, 100);
        var lumaQ = ScaleTable(LumaQuant, quality);
        var chromaQ = ScaleTable(ChromaQuant, quality);
        var lumaDiv = Divisors(lumaQ);
        var chromaDiv = Divisors(chromaQ);

        var output = new MemoryStream((width * height / 6) + 1024);
        WriteHeaders(output, width, height, lumaQ, chromaQ);

        var bits = new BitWriter(width * height / 4);
        Span<float> y0 = stackalloc float[64];
        Span<float> y1 = stackalloc float[64];
        Span<float> cb = stackalloc float[64];
        Span<float> cr = stackalloc float[64];
        Span<int> coef = stackalloc int[64];
        int predY = 0, predCb = 0, predCr = 0;
        for (int my = 0; my < height; my += 8)
        {
            for (int mx = 0; mx < width; mx += 16)
            {
                LoadMcu(rgb, width, height, mx, my, y0, y1, cb, cr);
                predY = EncodeBlock(ref bits, y0, lumaDiv, predY, DcLuma, AcLuma, coef);
                predY = EncodeBlock(ref bits, y1, lumaDiv, predY, DcLuma, AcLuma, coef);
                predCb = EncodeBlock(ref bits, cb, chromaDiv, predCb, DcChroma, AcChroma, coef);
                predCr = EncodeBlock(ref bits, cr, chromaDiv, predCr, DcChroma, AcChroma, coef);
            }
        }

        bits.FlushTo(output);
        output.WriteByte(0xFF);
        output.WriteByte(0xD9);
        return output.ToArray();
    }

    private static byte[] ScaleTable(byte[] table, int quality)
    {
        int scale = quality < 50 ? 5000 / quality : 200 - (2 * quality);
        var result = new byte[64];
        for (int i = 0; i < 64; i++)
        {
            result[i] = (byte)Math.Clamp(((table[i] * scale) + 50) / 100, 1, 255);
        }

        return result;
    }

    /// <summary>Reciprocals of quantiser × AAN scale × 8, in natural order.</summary>
    private static float[] Divisors(byte[] quant)
    {
        var d = new float[64];
        for (int row = 0; row < 8; row++)
        {
            for (int col = 0; col < 8; col++)
            {
                d[(row * 8) + col] = (float)(1.0 / (quant[(row * 8) + col] * AanScale[row] * AanScale[col] * 8.0));
            }
        }

        return d;
    }

    private static void WriteHeaders(MemoryStream o, int width, int height, byte[] lumaQ, byte[] chromaQ)
    {
        // SOI
        o.Write([0xFF, 0xD8]);

        // APP0 JFIF 1.02, no density unit, 1:1 aspect, no thumbnail
        o.Write([0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x02, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);

        // SOF0: 8-bit, 3 components; Y 2x1 table 0, Cb 1x1 table 1, Cr 1x1 table 1 (4:2:2)
        Span<byte> sof = [0xFF, 0xC0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 0x01, 0x21, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01];
        BinaryPrimitives.WriteUInt16BigEndian(sof.Slice(5), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(sof.Slice(7), (ushort)width);
        o.Write(sof);

        // DQT: both tables in one segment, zig-zag order
        o.Write([0xFF, 0xDB, 0x00, 0x84]);
        o.WriteByte(0x00);
        for (int i = 0; i < 64; i++)
        {
            o.WriteByte(lumaQ[ZigZag[i]]);
        }

        o.WriteByte(0x01);
        for (int i = 0; i < 64; i++)
        {
            o.WriteByte(chromaQ[ZigZag[i]]);
        }

        // DHT: the four tables in one segment
        int dhtLength = 2 + (4 * 17) + DcLumaValues.Length + AcLumaValues.Length + DcChromaValues.Length + AcChromaValues.Length;
        o.Write([0xFF, 0xC4, (byte)(dhtLength >> 8), (byte)dhtLength]);
        WriteHuff(o, 0x00, DcLumaBits, DcLumaValues);
        WriteHuff(o, 0x10, AcLumaBits, AcLumaValues);
        WriteHuff(o, 0x01, DcChromaBits, DcChromaValues);
        WriteHuff(o, 0x11, AcChromaBits, AcChromaValues);

        // SOS: 3 components, Y tables 0/0, chroma 1/1, full spectral range
        o.Write([0xFF, 0xDA, 0x00, 0x0C, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3F, 0x00]);
    }

    private static void WriteHuff(MemoryStream o, byte classAndId, byte[] bits, byte[] values)
    {
        o.WriteByte(classAndId);
        o.Write(bits);
        o.Write(values);
    }

    /// <summary>A 16×8 MCU: two luma blocks and one block each of horizontally averaged Cb and Cr (edges replicated).</summary>
    private static void LoadMcu(ReadOnlySpan<byte> rgb, int width, int height, int mx, int my, Span<float> y0, Span<float> y1, Span<float> cb, Span<float> cr)
    {
        for (int row = 0; row < 8; row++)
        {
            int py = Math.Min(my + row, height - 1);
            int rowOffset = py * width * 3;
            for (int col = 0; col < 8; col++)
            {
                int pxa = Math.Min(mx + (2 * col), width - 1);
                int pxb = Math.Min(mx + (2 * col) + 1, width - 1);
                int a = rowOffset + (pxa * 3);
                int b = rowOffset + (pxb * 3);
                float ra = rgb[a], ga = rgb[a + 1], ba = rgb[a + 2];
                float rb = rgb[b], gb = rgb[b + 1], bb = rgb[b + 2];
                float ya = (0.299f * ra) + (0.587f * ga) + (0.114f * ba) - 128f;
                float yb = (0.299f * rb) + (0.587f * gb) + (0.114f * bb) - 128f;
                int i = (row * 8) + col;
                int lumaCol = 2 * col;
                var target = lumaCol < 8 ? y0 : y1;
                target[(row * 8) + (lumaCol & 7)] = ya;
                target[(row * 8) + ((lumaCol + 1) & 7)] = yb;
                float r = (ra + rb) * 0.5f, g = (ga + gb) * 0.5f, bl = (ba + bb) * 0.5f;
                cb[i] = (-0.168736f * r) - (0.331264f * g) + (0.5f * bl);
                cr[i] = (0.5f * r) - (0.418688f * g) - (0.081312f * bl);
            }
        }
    }

    private static int EncodeBlock(ref BitWriter bits, Span<float> block, float[] divisors, int previousDc, HuffTable dc, HuffTable ac, Span<int> coef)
    {
        ForwardDct(block);
        for (int i = 0; i < 64; i++)
        {
            int k = ZigZag[i];
            float q = block[k] * divisors[k];
            coef[i] = (int)(q >= 0 ? q + 0.5f : q - 0.5f);
        }

        int diff = coef[0] - previousDc;
        int size = Magnitude(diff);
        bits.Write(dc.Codes[size], dc.Lengths[size]);
        if (size > 0)
        {
            bits.Write(diff < 0 ? diff - 1 : diff, size);
        }

        int run = 0;
        for (int i = 1; i < 64; i++)
        {
            int v = coef[i];
            if (v == 0)
            {
                run++;
                continue;
            }

            while (run > 15)
            {
                bits.Write(ac.Codes[0xF0], ac.Lengths[0xF0]);
                run -= 16;
            }

            int s = Magnitude(v);
            int symbol = (run << 4) | s;
            bits.Write(ac.Codes[symbol], ac.Lengths[symbol]);
            bits.Write(v < 0 ? v - 1 : v, s);
            run = 0;
        }

        if (run > 0)
        {
            bits.Write(ac.Codes[0x00], ac.Lengths[0x00]); // EOB
        }

        return coef[0];
    }

    private static int Magnitude(int v) => v == 0 ? 0 : System.Numerics.BitOperations.Log2((uint)Math.Abs(v)) + 1;

    /// <summary>AAN forward DCT in place (rows, then columns); outputs scaled by 8 × AAN factors (removed by the divisors).</summary>
    private static void ForwardDct(Span<float> d)
    {
        for (int pass = 0; pass < 2; pass++)
        {
            int step = pass == 0 ? 1 : 8;
            int stride = pass == 0 ? 8 : 1;
            for (int line = 0; line < 8; line++)
            {
                int o = line * stride;
                float d0 = d[o], d1 = d[o + step], d2 = d[o + (2 * step)], d3 = d[o + (3 * step)];
                float d4 = d[o + (4 * step)], d5 = d[o + (5 * step)], d6 = d[o + (6 * step)], d7 = d[o + (7 * step)];
                float tmp0 = d0 + d7, tmp7 = d0 - d7, tmp1 = d1 + d6, tmp6 = d1 - d6;
                float tmp2 = d2 + d5, tmp5 = d2 - d5, tmp3 = d3 + d4, tmp4 = d3 - d4;

                float tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
                d[o] = tmp10 + tmp11;
                d[o + (4 * step)] = tmp10 - tmp11;
                float z1 = (tmp12 + tmp13) * 0.707106781f;
                d[o + (2 * step)] = tmp13 + z1;
                d[o + (6 * step)] = tmp13 - z1;

                tmp10 = tmp4 + tmp5;
                tmp11 = tmp5 + tmp6;
                tmp12 = tmp6 + tmp7;
                float z5 = (tmp10 - tmp12) * 0.382683433f;
                float z2 = (0.541196100f * tmp10) + z5;
                float z4 = (1.306562965f * tmp12) + z5;
                float z3 = tmp11 * 0.707106781f;
                float z11 = tmp7 + z3, z13 = tmp7 - z3;
                d[o + (5 * step)] = z13 + z2;
                d[o + (3 * step)] = z13 - z2;
                d[o + step] = z11 + z4;
                d[o + (7 * step)] = z11 - z4;
            }
        }
    }

    /// <summary>Code and length per symbol, derived from the Annex C procedure.</summary>
    private sealed class HuffTable
    {
        public HuffTable(byte[] bits, byte[] values)
        {
            int code = 0, k = 0;
            for (int length = 1; length <= 16; length++)
            {
                for (int i = 0; i < bits[length - 1]; i++)
                {
                    Codes[values[k]] = code;
                    Lengths[values[k]] = length;
                    code++;
                    k++;
                }

                code <<= 1;
            }
        }

        public int[] Codes { get; } = new int[256];

        public int[] Lengths { get; } = new int[256];
    }

    /// <summary>MSB-first bit packer with 0xFF byte stuffing into a growing array; the last byte is padded with 1 bits.</summary>
    private struct BitWriter(int capacity)
    {
        private byte[] _bytes = new byte[Math.Max(1024, capacity)];
        private int _position;
        private ulong _buffer;
        private int _count;

        public void Write(int value, int length)
        {
            _buffer = (_buffer << length) | ((uint)value & ((1u << length) - 1));
            _count += length;
            if (_count < 32)
            {
                return;
            }

            if (_position + 10 > _bytes.Length)
            {
                Array.Resize(ref _bytes, _bytes.Length * 2);
            }

            while (_count >= 8)
            {
                byte b = (byte)(_buffer >> (_count - 8));
                _bytes[_position++] = b;
                if (b == 0xFF)
                {
                    _bytes[_position++] = 0x00;
                }

                _count -= 8;
            }
        }

        /// <summary>Pads the last byte and appends everything to <paramref name="output"/>.</summary>
        public void FlushTo(MemoryStream output)
        {
            int pad = (8 - (_count % 8)) % 8;
            if (pad > 0)
            {
                _buffer = (_buffer << pad) | ((1u << pad) - 1);
                _count += pad;
            }

            if (_position + 16 > _bytes.Length)
            {
                Array.Resize(ref _bytes, _bytes.Length + 16);
            }

            while (_count >= 8)
            {
                byte b = (byte)(_buffer >> (_count - 8));
                _bytes[_position++] = b;
                if (b == 0xFF)
                {
                    _bytes[_position++] = 0x00;
                }

                _count -= 8;
            }

            output.Write(_bytes, 0, _position);
        }
    }
}
