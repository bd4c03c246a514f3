using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using FoscamPS.Emulator.Media;
using FoscamPS.Tests.Emulator;
using Xunit;

namespace FoscamPS.Tests.EmulatorFidelity;

/// <summary>Details real firmware shows that the emulator reproduces (camera-facts.md, issue 11).</summary>
public class FidelityTests
{
    private static readonly string[] Words =
        new[] { "sun", "mon", "tue", "wed", "thu", "fri", "sat" }.SelectMany(d => new[] { d + "_0", d + "_1", d + "_2" }).ToArray();

    [Fact]
    public async Task GetStatusPrintsP2pLocalPortNextToP2pStatus()
    {
        await using var host = await Kit.StartAsync(2);
        var vars = await Kit.VarsAsync(host.Cameras[0], "get_status.cgi", null);
        var keys = vars.Keys.ToList();
        Assert.Equal(keys.IndexOf("p2p_status") + 1, keys.IndexOf("p2p_local_port"));
        Assert.Matches("^[1-6][0-9]{4}$", vars["p2p_local_port"]);
        var again = await Kit.VarsAsync(host.Cameras[0], "get_status.cgi", null);
        Assert.Equal(vars["p2p_local_port"], again["p2p_local_port"]); // fixed per camera
    }

    [Fact]
    public async Task SnapshotSendsExactlyTheFirmwareHeaders()
    {
        await using var host = await Kit.StartAsync();
        var raw = await Kit.RawAsync(host.Cameras[0], $"GET /snapshot.cgi HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {Kit.Basic("admin", Kit.AdminPwd)}\r\n\r\n");
        var lines = raw.Head.Split("\r\n");
        Assert.Equal("HTTP/1.1 200 OK", lines[0]);
        Assert.Equal(
            ["Server", "Date", "Content-Type", "Content-Length", "Content-Disposition", "Connection"],
            lines.Skip(1).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]).ToArray());
        Assert.Null(raw.Header("Cache-Control"));
        Assert.Equal(raw.Body.Length.ToString(CultureInfo.InvariantCulture), raw.Header("Content-Length"));
    }

    [Theory]
    [InlineData("8", 320, 240)]
    [InlineData("32", 640, 480)]
    [InlineData("2", 160, 120)]
    public async Task SnapshotIsBaselineJfif102WithSof0AfterApp0And422Sampling(string resolution, int width, int height)
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "camera_control.cgi?param=0&value=" + resolution);
        var jpeg = (await Kit.GetAsync(cam, "snapshot.cgi")).Body;
        var segments = JpegSegments.Read(jpeg);

        Assert.Equal([0xE0, 0xC0, 0xDB, 0xC4, 0xDA], segments.Select(s => s.Marker).ToArray()); // APP0, SOF0, DQT, DHT, SOS
        var app0 = segments[0].Payload;
        Assert.Equal("JFIF\0"u8.ToArray(), app0[..5]);
        Assert.Equal((1, 2), (app0[5], app0[6]));                                   // JFIF 1.02
        var sof = segments[1].Payload;
        Assert.Equal(8, sof[0]);                                                    // 8-bit precision
        Assert.Equal(height, (sof[1] << 8) | sof[2]);
        Assert.Equal(width, (sof[3] << 8) | sof[4]);
        Assert.Equal(3, sof[5]);
        Assert.Equal([1, 0x21, 0, 2, 0x11, 1, 3, 0x11, 1], sof[6..15]);               // Y 2x1, Cb 1x1, Cr 1x1: 4:2:2
        Assert.Equal(2 * 65, segments[2].Payload.Length);                           // both quantisation tables
        Assert.Equal([0xFF, 0xD9], jpeg[^2..]);
        using var image = SixLabors.ImageSharp.Image.Load(jpeg);                    // and it decodes
        Assert.Equal((width, height), (image.Width, image.Height));
    }

    [Fact]
    public async Task CommWriteReadsNumbersLikeAtoi()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "comm_write.cgi?port=2x&baud=12abc&bytes=2%20apples&data=ABC");
        var write = cam.LastSerialWrite!;
        Assert.Equal((2, 12), (write.Port, write.Baud));
        Assert.Equal("AB"u8.ToArray(), write.Data);

        await Kit.OkAsync(cam, "comm_write.cgi?port=north&bytes=&data=Z");      // no digits: 0
        Assert.Equal(0, cam.LastSerialWrite!.Port);
        Assert.Empty(cam.LastSerialWrite!.Data);
        await Kit.IllegalAsync(cam, "comm_write.cgi?port=7tail&data=Z");        // a number, but out of range
    }

    [Theory]
    [InlineData("0.0.0.0", "192.168.1.1")]
    [InlineData("255.255.255.0", "0.0.0.0")]
    public async Task SetNetworkRefusesFixedAddressWithZeroMaskOrGateway(string mask, string gateway)
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.IllegalAsync(cam, "set_network.cgi?" + Kit.Q(("ip", "192.168.1.50"), ("mask", mask), ("gateway", gateway), ("dns", "192.168.1.1"), ("port", cam.Port.ToString(CultureInfo.InvariantCulture))));
        Assert.Equal("", cam.Snapshot()["ip"]);
        Assert.False(cam.IsRebooting);
    }

    [Fact]
    public async Task SetNetworkAcceptsACompleteFixedAddress()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "set_network.cgi?" + Kit.Q(("ip", "192.168.1.50"), ("mask", "255.255.255.0"), ("gateway", "192.168.1.1"), ("dns", "0.0.0.0"), ("port", cam.Port.ToString(CultureInfo.InvariantCulture))));
        Assert.Equal("192.168.1.50", cam.Snapshot()["ip"]);
    }

    [Fact]
    public async Task ForbiddenScheduleReplacesVideoWithThePrivacyFrame()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "camera_control.cgi?param=0&value=8");
        var all = string.Join("&", Words.Select(s => $"schedule_{s}=-1"));
        await Kit.OkAsync(cam, "set_forbidden.cgi?schedule_enable=1&" + all);

        var privacy = TestCard.RenderPrivacyJpeg(320, 240);
        var snap = await Kit.GetAsync(cam, "snapshot.cgi");
        Assert.Equal(200, snap.Status);
        Assert.Equal(privacy, snap.Body);

        // Only the current quarter hour matters: clear every word, then the live card returns.
        var none = string.Join("&", Words.Select(s => $"schedule_{s}=0"));
        await Kit.OkAsync(cam, "set_forbidden.cgi?schedule_enable=1&" + none);
        Assert.NotEqual(privacy, (await Kit.GetAsync(cam, "snapshot.cgi")).Body);

        await Kit.OkAsync(cam, "set_forbidden.cgi?schedule_enable=0&" + all);   // schedule off: video flows
        Assert.NotEqual(privacy, (await Kit.GetAsync(cam, "snapshot.cgi")).Body);
    }

    [Fact]
    public async Task ForbiddenScheduleBlanksTheMjpegStreamToo()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        var all = string.Join("&", Words.Select(s => $"schedule_{s}=-1"));
        await Kit.OkAsync(cam, "set_forbidden.cgi?schedule_enable=1&" + all);
        var raw = await Kit.RawAsync(cam, $"GET /videostream.cgi?resolution=8&rate=0 HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {Kit.Basic("admin", Kit.AdminPwd)}\r\n\r\n", TimeSpan.FromSeconds(3)); // 1 s missed the first frame under load (CI red at 31 s into a run)
        var body = raw.Body;
        var text = Encoding.Latin1.GetString(body);
        var match = System.Text.RegularExpressions.Regex.Match(text, "^--ipcamera\r\nContent-Type: image/jpeg\r\nContent-Length: ([0-9]+)\r\n\r\n");
        Assert.True(match.Success);
        var length = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(TestCard.RenderPrivacyJpeg(320, 240), body[match.Length..(match.Length + length)]);
    }

    [Fact]
    public async Task ForbiddenScheduleCoversOnlyItsQuarterHours()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "camera_control.cgi?param=0&value=8");
        // 2011-03-13 is a Sunday; 09:20 UTC with tz=0 is quarter 37 = word 1, bit 5.
        await Kit.OkAsync(cam, "set_datetime.cgi?tz=0&ntp_enable=0&now=" + new DateTimeOffset(2011, 3, 13, 9, 20, 0, TimeSpan.Zero).ToUnixTimeSeconds());
        await Kit.OkAsync(cam, "set_forbidden.cgi?schedule_enable=1&schedule_sun_1=32");
        var privacy = TestCard.RenderPrivacyJpeg(320, 240);
        Assert.Equal(privacy, (await Kit.GetAsync(cam, "snapshot.cgi")).Body);
        await Kit.OkAsync(cam, "set_forbidden.cgi?schedule_enable=1&schedule_sun_1=64");
        Assert.NotEqual(privacy, (await Kit.GetAsync(cam, "snapshot.cgi")).Body);
    }
}

/// <summary>Marker segments of a JPEG up to SOS (independent of the emulator's encoder).</summary>
internal static class JpegSegments
{
    public static (byte Marker, byte[] Payload)[] Read(byte[] jpeg)
    {
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
        var list = new System.Collections.Generic.List<(byte, byte[])>();
        var pos = 2;
        while (true)
        {
            Assert.Equal(0xFF, jpeg[pos]);
            var marker = jpeg[pos + 1];
            var length = (jpeg[pos + 2] << 8) | jpeg[pos + 3];
            list.Add((marker, jpeg[(pos + 4)..(pos + 2 + length)]));
            pos += 2 + length;
            if (marker == 0xDA)
            {
                return list.ToArray();
            }
        }
    }
}
