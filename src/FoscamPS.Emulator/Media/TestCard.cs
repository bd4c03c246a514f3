using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace FoscamPS.Emulator.Media;

/// <summary>
/// Renders the emulator's test card as a baseline JFIF 1.02 JPEG (YCbCr 4:2:2, SOF0 right after APP0, like the
/// cameras' frames; see <see cref="BaselineJpegEncoder"/>): 75 % colour bars, a strip with a per-camera hue and
/// pattern (derived from the camera id), a moving box and a phase ruler driven by the frame number, light sensor
/// noise, and a banner with the alias, the camera id and the camera time drawn with a built-in 5×7 font.
/// </summary>
/// <remarks>
/// Pixels are drawn into a raw RGB24 buffer and encoded by <see cref="BaselineJpegEncoder"/>. Encoded images are cached per
/// (camera, alias, size, second, UTC offset, frame phase) in a memory-bounded LRU cache, so a thousand cameras
/// answering snapshot.cgi in the same second cost one encode each. The returned array is shared with the cache:
/// callers must treat it as read-only.
/// </remarks>
public static class TestCard
{
    /// <summary>Number of distinct frame phases; frames whose numbers differ by a multiple of this look the same.</summary>
    public const int PhaseCount = 64;

    /// <summary>Upper bound on the bytes held by the encoded-frame cache.</summary>
    public const long CacheByteBudget = 64L * 1024 * 1024;

    private const int MaxDimension = 4096;
    private const uint NoiseSpan = 7; // sensor noise amplitude: ±3 levels

    // Qualities tuned so the sizes resemble a real camera's: QVGA ≈ 9 KB, VGA ≈ 35 KB.
    private const int SmallQuality = 45;
    private const int LargeQuality = 78;

    private static readonly byte[][] Bars =
    {
        new byte[] { 191, 191, 191 }, new byte[] { 191, 191, 0 }, new byte[] { 0, 191, 191 }, new byte[] { 0, 191, 0 },
        new byte[] { 191, 0, 191 }, new byte[] { 191, 0, 0 }, new byte[] { 0, 0, 191 },
    };

    private static readonly FrameCache Cache = new(CacheByteBudget);

    /// <summary>
    /// Renders (or fetches from the cache) the test card for a camera. Any size from 16×16 to 4096×4096 works;
    /// the cameras use 160×120, 320×240 and 640×480. Thread-safe.
    /// </summary>
    /// <returns>A baseline JFIF JPEG. The array is shared with the cache: do not modify it.</returns>
    public static byte[] RenderJpeg(string cameraId, string alias, int width, int height, DateTimeOffset time, long frameNo)
    {
        ArgumentNullException.ThrowIfNull(cameraId);
        ArgumentNullException.ThrowIfNull(alias);
        if (width < 16 || width > MaxDimension)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "Width must be between 16 and 4096.");
        }

        if (height < 16 || height > MaxDimension)
        {
            throw new ArgumentOutOfRangeException(nameof(height), height, "Height must be between 16 and 4096.");
        }

        int phase = (int)(((frameNo % PhaseCount) + PhaseCount) % PhaseCount);
        var key = new CacheKey(cameraId, alias, width, height, time.ToUnixTimeSeconds(), (int)time.Offset.TotalMinutes, phase);
        if (Cache.TryGet(key, out byte[]? cached))
        {
            return cached!;
        }

        byte[] jpeg = Render(cameraId, alias, width, height, time, phase);
        Cache.Add(key, jpeg);
        return jpeg;
    }

    /// <summary>
    /// The frame sent while the forbidden (privacy) schedule is active: near-black with "PRIVACY" in grey, the same
    /// JPEG format and size as the test card. The same bytes every time for a size (do not modify the array).
    /// </summary>
    public static byte[] RenderPrivacyJpeg(int width, int height)
    {
        if (width < 16 || width > MaxDimension || height < 16 || height > MaxDimension)
        {
            throw new ArgumentOutOfRangeException(nameof(width), "Width and height must be between 16 and 4096.");
        }

        var key = new CacheKey("", "\u0000privacy", width, height, 0, 0, 0);
        if (Cache.TryGet(key, out byte[]? cached))
        {
            return cached!;
        }

        int length = width * height * 3;
        byte[] pixels = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var canvas = new Canvas(pixels, width, height);
            canvas.FillRect(0, 0, width, height, 16, 16, 16);
            const string text = "PRIVACY";
            int scale = Math.Max(1, width / 160);
            int textWidth = text.Length * BitmapFont.Advance * scale;
            canvas.DrawText(text, Math.Max(0, (width - textWidth) / 2), Math.Max(0, (height - (BitmapFont.GlyphHeight * scale)) / 2), scale, 128, 128, 128);
            byte[] jpeg = BaselineJpegEncoder.Encode(pixels.AsSpan(0, length), width, height, width * height <= 320 * 240 ? SmallQuality : LargeQuality);
            Cache.Add(key, jpeg);
            return jpeg;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pixels);
        }
    }

    /// <summary>Bytes currently held by the cache (diagnostics and tests).</summary>
    public static long CachedBytes => Cache.Bytes;

    private static byte[] Render(string cameraId, string alias, int width, int height, DateTimeOffset time, int phase)
    {
        int length = width * height * 3;
        byte[] pixels = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var canvas = new Canvas(pixels, width, height);
            Draw(canvas, cameraId, alias, time, phase);
            return BaselineJpegEncoder.Encode(pixels.AsSpan(0, length), width, height, width * height <= 320 * 240 ? SmallQuality : LargeQuality);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pixels);
        }
    }

    private static void Draw(Canvas c, string cameraId, string alias, DateTimeOffset time, int phase)
    {
        int w = c.Width;
        int h = c.Height;
        uint hash = Fnv1a(cameraId);
        int hue = (int)(hash % 360);
        int pattern = (int)((hash >> 9) % 4);
        Hsv(hue, 0.85, 0.9, out byte hr, out byte hg, out byte hb);
        Hsv((hue + 180) % 360, 0.9, 1.0, out byte cr, out byte cg, out byte cb);

        int barsBottom = h * 7 / 12;
        int stripBottom = h * 9 / 12;

        // 1. Colour bars.
        for (int i = 0; i < Bars.Length; i++)
        {
            int x0 = i * w / Bars.Length;
            int x1 = (i + 1) * w / Bars.Length;
            c.FillRect(x0, 0, x1 - x0, barsBottom, Bars[i][0], Bars[i][1], Bars[i][2]);
        }

        // 2. Per-camera strip: the camera's hue modulated by one of four patterns and a horizontal ramp.
        int cell = Math.Max(4, w / 40);
        int cx = w / 2;
        int cy = (barsBottom + stripBottom) / 2;
        for (int y = barsBottom; y < stripBottom; y++)
        {
            int row = c.RowOffset(y);
            for (int x = 0; x < w; x++)
            {
                bool on = pattern switch
                {
                    0 => ((x / cell) + (y / cell)) % 2 == 0,
                    1 => ((x + y) / cell) % 2 == 0,
                    2 => ((int)Math.Sqrt(((x - cx) * (x - cx)) + ((y - cy) * (y - cy))) / cell) % 2 == 0,
                    _ => (x / cell) % 2 == 0 || (y / cell) % 3 == 0,
                };
                int ramp = 96 + (160 * x / w);
                int k = on ? ramp : ramp / 4;
                int o = row + (x * 3);
                c.Pixels[o] = (byte)(hr * k / 255);
                c.Pixels[o + 1] = (byte)(hg * k / 255);
                c.Pixels[o + 2] = (byte)(hb * k / 255);
            }
        }

        // 3. Moving box: bounces across the bars (triangle wave over PhaseCount frames) in the complementary hue.
        int box = Math.Max(8, h / 6);
        int half = PhaseCount / 2;
        int t = phase <= half ? phase : PhaseCount - phase;
        int bx = t * (w - box) / half;
        int by = (barsBottom - box) * (1 + ((phase / 4) % 3)) / 4;
        c.FillRect(bx, by, box, box, 255, 255, 255);
        int border = Math.Max(1, box / 12);
        c.FillRect(bx + border, by + border, box - (2 * border), box - (2 * border), cr, cg, cb);

        // 4. Phase ruler: PhaseCount cells along the bottom of the bars, the current one lit.
        int rulerH = Math.Max(2, h / 60);
        int rulerY = barsBottom - rulerH;
        c.FillRect(0, rulerY, w, rulerH, 0, 0, 0);
        int rx0 = phase * w / PhaseCount;
        int rx1 = (phase + 1) * w / PhaseCount;
        c.FillRect(rx0, rulerY, Math.Max(1, rx1 - rx0), rulerH, 255, 255, 255);

        // 5. Banner with alias, id and time.
        c.FillRect(0, stripBottom, w, h - stripBottom, 24, 24, 32);
        int scale = Math.Max(1, w / 160);
        int lineH = (BitmapFont.GlyphHeight + 2) * scale;
        int maxChars = Math.Max(1, (w - (2 * scale)) / (BitmapFont.Advance * scale));
        int bannerH = h - stripBottom;
        int textTop = stripBottom + Math.Max(1, (bannerH - (3 * lineH)) / 2);
        string[] lines =
        {
            alias.Length == 0 ? "(NO ALIAS)" : alias,
            "ID " + cameraId,
            time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        };
        for (int i = 0; i < lines.Length; i++)
        {
            string text = lines[i].Length > maxChars ? lines[i].Substring(0, maxChars) : lines[i];
            int y = textTop + (i * lineH);
            if (y + (BitmapFont.GlyphHeight * scale) > h)
            {
                break;
            }

            c.DrawText(text, scale + 1, y + 1, scale, 0, 0, 0);
            c.DrawText(text, scale, y, scale, 240, 240, 240);
        }

        // 6. Sensor noise (deterministic per camera and phase) so the JPEG sizes resemble a real camera's.
        uint seed = (hash ^ ((uint)phase * 0x9E3779B9u)) | 1u;
        byte[] p = c.Pixels;
        int n = w * h * 3;
        for (int i = 0; i < n; i += 3)
        {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            int d = (int)(seed % NoiseSpan) - (int)(NoiseSpan / 2);
            p[i] = Clamp(p[i] + d);
            p[i + 1] = Clamp(p[i + 1] + d);
            p[i + 2] = Clamp(p[i + 2] + d);
        }
    }

    private static byte Clamp(int v) => v < 0 ? (byte)0 : v > 255 ? (byte)255 : (byte)v;

    private static uint Fnv1a(string s)
    {
        uint h = 2166136261;
        foreach (char ch in s)
        {
            h ^= ch;
            h *= 16777619;
        }

        return h;
    }

    private static void Hsv(int hue, double s, double v, out byte r, out byte g, out byte b)
    {
        double c = v * s;
        double hp = hue / 60.0;
        double x = c * (1 - Math.Abs((hp % 2) - 1));
        double r1, g1, b1;
        switch ((int)hp)
        {
            case 0: r1 = c; g1 = x; b1 = 0; break;
            case 1: r1 = x; g1 = c; b1 = 0; break;
            case 2: r1 = 0; g1 = c; b1 = x; break;
            case 3: r1 = 0; g1 = x; b1 = c; break;
            case 4: r1 = x; g1 = 0; b1 = c; break;
            default: r1 = c; g1 = 0; b1 = x; break;
        }

        double m = v - c;
        r = (byte)Math.Round((r1 + m) * 255);
        g = (byte)Math.Round((g1 + m) * 255);
        b = (byte)Math.Round((b1 + m) * 255);
    }

    private readonly struct Canvas
    {
        public Canvas(byte[] pixels, int width, int height)
        {
            Pixels = pixels;
            Width = width;
            Height = height;
        }

        public byte[] Pixels { get; }

        public int Width { get; }

        public int Height { get; }

        public int RowOffset(int y) => y * Width * 3;

        public void FillRect(int x, int y, int w, int h, byte r, byte g, byte b)
        {
            int x0 = Math.Max(0, x);
            int y0 = Math.Max(0, y);
            int x1 = Math.Min(Width, x + w);
            int y1 = Math.Min(Height, y + h);
            for (int yy = y0; yy < y1; yy++)
            {
                int o = RowOffset(yy) + (x0 * 3);
                for (int xx = x0; xx < x1; xx++, o += 3)
                {
                    Pixels[o] = r;
                    Pixels[o + 1] = g;
                    Pixels[o + 2] = b;
                }
            }
        }

        public void DrawText(string text, int x, int y, int scale, byte r, byte g, byte b)
        {
            foreach (char ch in text)
            {
                byte[] rows = BitmapFont.GetGlyph(ch);
                for (int ry = 0; ry < BitmapFont.GlyphHeight; ry++)
                {
                    for (int rx = 0; rx < BitmapFont.GlyphWidth; rx++)
                    {
                        if ((rows[ry] & (1 << (BitmapFont.GlyphWidth - 1 - rx))) != 0)
                        {
                            FillRect(x + (rx * scale), y + (ry * scale), scale, scale, r, g, b);
                        }
                    }
                }

                x += BitmapFont.Advance * scale;
            }
        }
    }

    private readonly record struct CacheKey(string CameraId, string Alias, int Width, int Height, long Second, int OffsetMinutes, int Phase);

    /// <summary>LRU cache bounded by the total size of the cached arrays.</summary>
    private sealed class FrameCache
    {
        private readonly object _gate = new();
        private readonly Dictionary<CacheKey, LinkedListNode<KeyValuePair<CacheKey, byte[]>>> _map = new();
        private readonly LinkedList<KeyValuePair<CacheKey, byte[]>> _lru = new();
        private readonly long _budget;
        private long _bytes;

        public FrameCache(long budget) => _budget = budget;

        public long Bytes
        {
            get
            {
                lock (_gate)
                {
                    return _bytes;
                }
            }
        }

        public bool TryGet(CacheKey key, out byte[]? value)
        {
            lock (_gate)
            {
                if (_map.TryGetValue(key, out var node))
                {
                    _lru.Remove(node);
                    _lru.AddFirst(node);
                    value = node.Value.Value;
                    return true;
                }
            }

            value = null;
            return false;
        }

        public void Add(CacheKey key, byte[] value)
        {
            if (value.Length > _budget / 4)
            {
                return;
            }

            lock (_gate)
            {
                if (_map.ContainsKey(key))
                {
                    return;
                }

                var node = _lru.AddFirst(new KeyValuePair<CacheKey, byte[]>(key, value));
                _map.Add(key, node);
                _bytes += value.Length;
                while (_bytes > _budget && _lru.Last is { } last)
                {
                    _lru.RemoveLast();
                    _map.Remove(last.Value.Key);
                    _bytes -= last.Value.Value.Length;
                }
            }
        }
    }
}
