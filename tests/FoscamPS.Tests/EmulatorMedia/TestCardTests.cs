using System;
using System.Linq;
using System.Threading.Tasks;
using FoscamPS.Emulator.Media;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace FoscamPS.Tests.EmulatorMedia;

public class TestCardTests
{
    private static readonly DateTimeOffset Noon = new(2024, 5, 1, 12, 34, 56, TimeSpan.FromHours(2));

    [Theory]
    [InlineData(160, 120)]
    [InlineData(320, 240)]
    [InlineData(640, 480)]
    public void RenderJpeg_IsBaselineJfifWithRequestedDimensions(int width, int height)
    {
        byte[] jpeg = TestCard.RenderJpeg("00A1B2C3D4E5", "Front door", width, height, Noon, 0);

        Assert.Equal(0xFF, jpeg[0]);
        Assert.Equal(0xD8, jpeg[1]);
        Assert.Equal(0xFF, jpeg[^2]);
        Assert.Equal(0xD9, jpeg[^1]);
        var info = JpegInspector.Inspect(jpeg);
        Assert.True(info.HasJfifApp0, "JFIF APP0 missing");
        Assert.True(info.App0First, "APP0 is not the first segment");
        Assert.Contains((byte)0xC0, info.Markers);                   // SOF0 baseline
        Assert.DoesNotContain((byte)0xC2, info.Markers);             // not progressive
        Assert.Equal(width, info.Sof0Width);
        Assert.Equal(height, info.Sof0Height);
        Assert.Equal(3, info.Components);
    }

    [Theory]
    [InlineData(160, 120, 3_000, 6_000)]
    [InlineData(320, 240, 6_500, 12_000)]   // real QVGA ≈ 9 KB
    [InlineData(640, 480, 28_000, 46_000)]  // real VGA ≈ 35 KB
    public void RenderJpeg_SizeIsPlausible(int width, int height, int min, int max)
    {
        // Cameras differ in pattern and hue, so check a spread of ids (each one a different frame phase).
        for (int camera = 0; camera < 12; camera++)
        {
            string id = (0xC0FFEE000000L + (camera * 7919)).ToString("X12", System.Globalization.CultureInfo.InvariantCulture);
            int size = TestCard.RenderJpeg(id, "Garage " + camera, width, height, Noon, camera).Length;
            Assert.InRange(size, min, max);
        }
    }

    [Fact]
    public void RenderJpeg_DecodesToColourBarsAndCameraStrip()
    {
        byte[] jpeg = TestCard.RenderJpeg("00A1B2C3D4E5", "x", 640, 480, Noon, 0);
        using var image = Image.Load<Rgb24>(jpeg);
        Assert.Equal(640, image.Width);
        Assert.Equal(480, image.Height);

        // The middle of each 75 % bar, on a row below the moving box and above the phase ruler.
        var expected = new (int R, int G, int B)[] { (191, 191, 191), (191, 191, 0), (0, 191, 191), (0, 191, 0), (191, 0, 191), (191, 0, 0), (0, 0, 191) };
        for (int i = 0; i < expected.Length; i++)
        {
            int x = ((2 * i) + 1) * 640 / 14;
            Rgb24 px = image[x, 250];
            Assert.InRange(px.R, expected[i].R - 30, expected[i].R + 30);
            Assert.InRange(px.G, expected[i].G - 30, expected[i].G + 30);
            Assert.InRange(px.B, expected[i].B - 30, expected[i].B + 30);
        }
    }

    [Fact]
    public void RenderJpeg_DiffersPerCamera()
    {
        byte[] a = TestCard.RenderJpeg("00A1B2C3D4E5", "same", 320, 240, Noon, 7);
        byte[] b = TestCard.RenderJpeg("00A1B2C3D4E6", "same", 320, 240, Noon, 7);
        Assert.False(a.AsSpan().SequenceEqual(b));

        // The camera strip (rows 140..180 of 240) carries the per-camera hue/pattern: it must differ visibly.
        using var ia = Image.Load<Rgb24>(a);
        using var ib = Image.Load<Rgb24>(b);
        Assert.True(MeanAbsDiff(ia, ib, 145, 175) > 10, "camera strips look alike");
    }

    [Fact]
    public void RenderJpeg_DiffersOverFrameNumberAndTime()
    {
        byte[] f0 = TestCard.RenderJpeg("AABBCCDDEEFF", "cam", 320, 240, Noon, 0);
        byte[] f1 = TestCard.RenderJpeg("AABBCCDDEEFF", "cam", 320, 240, Noon, 1);
        byte[] later = TestCard.RenderJpeg("AABBCCDDEEFF", "cam", 320, 240, Noon.AddSeconds(1), 0);
        Assert.False(f0.AsSpan().SequenceEqual(f1));
        Assert.False(f0.AsSpan().SequenceEqual(later));

        for (long n = 0; n < TestCard.PhaseCount; n++)
        {
            byte[] x = TestCard.RenderJpeg("AABBCCDDEEFF", "cam", 160, 120, Noon, n);
            byte[] y = TestCard.RenderJpeg("AABBCCDDEEFF", "cam", 160, 120, Noon, n + 1);
            Assert.False(x.AsSpan().SequenceEqual(y), $"frames {n} and {n + 1} are identical");
        }
    }

    [Fact]
    public void RenderJpeg_SameInputsGiveSameBytes_AndPhaseWraps()
    {
        byte[] a = TestCard.RenderJpeg("112233445566", "cam", 320, 240, Noon, 3);
        byte[] b = TestCard.RenderJpeg("112233445566", "cam", 320, 240, Noon.AddMilliseconds(400), 3);
        byte[] c = TestCard.RenderJpeg("112233445566", "cam", 320, 240, Noon, 3 + TestCard.PhaseCount);
        Assert.Equal(a, b);
        Assert.Equal(a, c);
    }

    [Fact]
    public void RenderJpeg_AliasIsDrawnInTheBannerOnly()
    {
        byte[] a = TestCard.RenderJpeg("665544332211", "KITCHEN", 640, 480, Noon, 9);
        byte[] b = TestCard.RenderJpeg("665544332211", "HALLWAY", 640, 480, Noon, 9);
        using var ia = Image.Load<Rgb24>(a);
        using var ib = Image.Load<Rgb24>(b);
        Assert.Equal(0.0, MeanAbsDiff(ia, ib, 0, 320));          // bars and strip untouched
        Assert.True(MeanAbsDiff(ia, ib, 368, 400) > 2, "alias line did not change");
    }

    [Fact]
    public void RenderJpeg_TimeIsDrawnInTheBanner()
    {
        byte[] a = TestCard.RenderJpeg("665544332211", "cam", 640, 480, Noon, 9);
        byte[] b = TestCard.RenderJpeg("665544332211", "cam", 640, 480, Noon.AddSeconds(1), 9);
        using var ia = Image.Load<Rgb24>(a);
        using var ib = Image.Load<Rgb24>(b);
        Assert.Equal(0.0, MeanAbsDiff(ia, ib, 0, 400));
        Assert.True(MeanAbsDiff(ia, ib, 440, 480) > 0.5, "time line did not change");
    }

    [Fact]
    public void RenderJpeg_IsThreadSafe()
    {
        var results = new byte[32][];
        Parallel.For(0, results.Length, i => results[i] = TestCard.RenderJpeg("0F0F0F0F0F0F", "par", 320, 240, Noon, i % 4));
        for (int i = 4; i < results.Length; i++)
        {
            Assert.Equal(results[i % 4], results[i]);
        }

        Assert.InRange(TestCard.CachedBytes, 1, TestCard.CacheByteBudget);
    }

    [Theory]
    [InlineData(0, 240)]
    [InlineData(320, 8)]
    [InlineData(5000, 240)]
    public void RenderJpeg_RejectsBadSizes(int width, int height)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TestCard.RenderJpeg("id", "alias", width, height, Noon, 0));
    }

    [Fact]
    public void RenderJpeg_HandlesUnicodeAndEmptyAlias()
    {
        byte[] a = TestCard.RenderJpeg("id1", "Caméra \"日本\" 🎥", 160, 120, Noon, 0);
        byte[] b = TestCard.RenderJpeg("id1", string.Empty, 160, 120, Noon, 0);
        Assert.True(JpegInspector.Inspect(a).EndsWithEoi);
        Assert.True(JpegInspector.Inspect(b).EndsWithEoi);
    }

    private static double MeanAbsDiff(Image<Rgb24> a, Image<Rgb24> b, int y0, int y1)
    {
        long sum = 0;
        long n = 0;
        for (int y = y0; y < y1; y++)
        {
            for (int x = 0; x < a.Width; x++)
            {
                Rgb24 p = a[x, y];
                Rgb24 q = b[x, y];
                sum += Math.Abs(p.R - q.R) + Math.Abs(p.G - q.G) + Math.Abs(p.B - q.B);
                n += 3;
            }
        }

        return (double)sum / n;
    }
}
