using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Emulator.Media;
using SixLabors.ImageSharp;
using Xunit;

namespace FoscamPS.Tests.Emulator;

/// <summary>snapshot.cgi, videostream.cgi, videostream.asf.</summary>
public class MediaTests
{
    [Fact]
    public async Task SnapshotIsJpegWithFirmwareFileName()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "set_datetime.cgi?now=1300000000&tz=-3600");
        var r = await Kit.GetAsync(cam, "snapshot.cgi", "guest", "fake-guestpw");
        Assert.Equal(200, r.Status);
        Assert.Equal("image/jpeg", r.Header("Content-Type"));
        Assert.Equal(r.Body.Length.ToString(CultureInfo.InvariantCulture), r.Header("Content-Length"));
        Assert.Matches($"^filename=\"snapshot_{cam.Id}_20110313(0[0-9])[0-9]{{4}}\\.jpg\"$", r.Header("Content-Disposition")!);
        Assert.Equal(new byte[] { 0xFF, 0xD8 }, r.Body[..2]);
        Assert.Equal(new byte[] { 0xFF, 0xD9 }, r.Body[^2..]);
        var info = Image.Identify(r.Body);
        Assert.Equal((640, 480), (info.Width, info.Height));
    }

    [Fact]
    public async Task SnapshotFollowsResolutionAndNextUrl()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "camera_control.cgi?param=0&value=8");
        var r = await Kit.GetAsync(cam, "snapshot.cgi?next_url=front.jpg");
        Assert.Equal("filename=\"front.jpg\"", r.Header("Content-Disposition"));
        var info = Image.Identify(r.Body);
        Assert.Equal((320, 240), (info.Width, info.Height));
    }

    [Fact]
    public async Task VideoStreamIsRawMultipartWithoutChunking()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, cam.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /videostream.cgi?user=guest&pwd=fake-guestpw&resolution=8&rate=0 HTTP/1.1\r\nHost: x\r\n\r\n"));
        var reader = new BufferedReader(stream);
        var head = await reader.ReadHeadAsync();
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Type: multipart/x-mixed-replace;boundary=ipcamera\r\n", head, StringComparison.Ordinal);
        Assert.DoesNotContain("Transfer-Encoding", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Content-Length", head, StringComparison.OrdinalIgnoreCase);

        for (var part = 0; part < 3; part++)
        {
            Assert.Equal("--ipcamera", await reader.ReadLineAsync());
            Assert.Equal("Content-Type: image/jpeg", await reader.ReadLineAsync());
            var lengthLine = await reader.ReadLineAsync();
            Assert.StartsWith("Content-Length: ", lengthLine, StringComparison.Ordinal);
            Assert.Equal("", await reader.ReadLineAsync());
            var jpeg = await reader.ReadBytesAsync(int.Parse(lengthLine[16..], CultureInfo.InvariantCulture));
            Assert.Equal((320, 240), (Image.Identify(jpeg).Width, Image.Identify(jpeg).Height));
            Assert.Equal("", await reader.ReadLineAsync());
        }

        Assert.Equal(1, cam.InFlight); // a stream is in flight while it runs
        client.Close();
        await Kit.EventuallyAsync(() => cam.InFlight == 0);
    }

    [Fact]
    public async Task VideoStreamHonoursRate()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cam.BaseUri, "videostream.cgi?rate=15&resolution=8"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Kit.Basic("admin", Kit.AdminPwd));
        using var response = await Kit.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("multipart/x-mixed-replace", response.Content.Headers.ContentType!.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync();
        var ms = new MemoryStream();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(1400));
        try
        {
            await body.CopyToAsync(ms, cts.Token);
        }
        catch (OperationCanceledException)
        {
        }

        var parts = CountOccurrences(ms.ToArray(), "--ipcamera"u8.ToArray());
        Assert.InRange(parts, 1, 2); // 1 fps
    }

    [Fact]
    public async Task VideoStreamEndsWhenTheCameraReboots()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cam.BaseUri, "videostream.cgi?rate=6"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Kit.Basic("admin", Kit.AdminPwd));
        using var response = await Kit.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[65536];
        Assert.True(await body.ReadAsync(buffer) > 0);
        cam.Reboot(TimeSpan.FromMilliseconds(200));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            while (await body.ReadAsync(buffer, cts.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
        }

        Assert.False(cts.IsCancellationRequested);
    }

    [Fact]
    public async Task AsfStreamStartsWithAsfHeader()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cam.BaseUri, "videostream.asf?resolution=8&rate=11"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Kit.Basic("guest", "fake-guestpw"));
        using var response = await Kit.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(AsfStreamWriter.ContentType, response.Content.Headers.ContentType!.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync();
        var head = new byte[16];
        await body.ReadExactlyAsync(head);
        Assert.Equal(AsfGuids.Header, new Guid(head));
    }

    private static int CountOccurrences(byte[] haystack, byte[] needle)
    {
        var count = 0;
        var span = haystack.AsSpan();
        int i;
        while ((i = span.IndexOf(needle)) >= 0)
        {
            count++;
            span = span[(i + needle.Length)..];
        }

        return count;
    }

    /// <summary>Line/byte reader over a network stream for raw protocol checks.</summary>
    private sealed class BufferedReader(Stream stream)
    {
        private readonly MemoryStream _pending = new();

        public async Task<string> ReadHeadAsync()
        {
            var sb = new StringBuilder();
            while (true)
            {
                var line = await ReadLineAsync();
                if (line.Length == 0)
                {
                    return sb.ToString();
                }

                sb.Append(line).Append("\r\n");
            }
        }

        public async Task<string> ReadLineAsync()
        {
            var bytes = new MemoryStream();
            while (true)
            {
                var b = await ReadByteAsync();
                if (b == '\n')
                {
                    var text = Encoding.Latin1.GetString(bytes.ToArray());
                    return text.TrimEnd('\r');
                }

                bytes.WriteByte(b);
            }
        }

        public async Task<byte[]> ReadBytesAsync(int count)
        {
            var result = new byte[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = await ReadByteAsync();
            }

            return result;
        }

        private async Task<byte> ReadByteAsync()
        {
            if (_pending.Position >= _pending.Length)
            {
                var buffer = new byte[65536];
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                var n = await stream.ReadAsync(buffer, cts.Token);
                if (n == 0)
                {
                    throw new EndOfStreamException();
                }

                _pending.SetLength(0);
                _pending.Write(buffer, 0, n);
                _pending.Position = 0;
            }

            return (byte)_pending.ReadByte();
        }
    }
}
