using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Emulator;
using FoscamPS.Protocol;
using FoscamPS.Tests.Emulator;
using Xunit;

namespace FoscamPS.Tests.EmulatorFidelity;

/// <summary>HugeHeaderLine, EndlessBody and RedirectElsewhere (security.md's hostile replies).</summary>
public class FaultModeTests
{
    private static string Request(string target) =>
        $"GET {target} HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {Kit.Basic("admin", Kit.AdminPwd)}\r\n\r\n";

    [Fact]
    public async Task HugeHeaderLineCarriesOne64KiBLineThenTheNormalReply()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        cam.Fault = FaultMode.HugeHeaderLine;
        var raw = await Kit.RawAsync(cam, Request("/set_alias.cgi?alias=Big"));
        var lines = raw.Head.Split("\r\n");
        var huge = Assert.Single(lines, l => l.Length > 1000);
        Assert.Equal(EmulatedCamera.HugeHeaderLineLength, huge.Length);
        Assert.Equal(65536, huge.Length);
        Assert.StartsWith("X-Netwave-Debug: AAAA", huge, StringComparison.Ordinal);
        Assert.Equal("ok.\n"u8.ToArray(), raw.Body);
        Assert.Equal("Big", cam.Snapshot()["alias"]);
    }

    [Fact]
    public async Task TheModuleReportsTheHugeHeaderLineAsAProtocolError()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        cam.Fault = FaultMode.HugeHeaderLine;
        using var t = new CamTransport(CamAddress.Parse(cam.BaseUri.ToString()), new NetworkCredential("admin", Kit.AdminPwd), new CamTransportOptions { Timeout = TimeSpan.FromSeconds(10) });
        var ex = await Assert.ThrowsAnyAsync<CamException>(() => t.SendAsync(new CamRequest("get_params.cgi", CgiSafety.ReadOnly), default));
        Assert.DoesNotContain(Kit.AdminPwd, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndlessBodyNeverEnds()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        cam.Fault = FaultMode.EndlessBody;
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, cam.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Request("/get_params.cgi")));
        var buffer = new byte[64 * 1024];
        long total = 0;
        var head = new StringBuilder();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (total < 2 * 1024 * 1024)
        {
            var n = await stream.ReadAsync(buffer, cts.Token);
            Assert.NotEqual(0, n); // the server never closes
            if (head.Length < 4096)
            {
                head.Append(Encoding.Latin1.GetString(buffer, 0, n));
            }

            total += n;
        }

        var text = head.ToString();
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", text, StringComparison.Ordinal);
        var headers = text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.DoesNotContain("Content-Length", headers, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("var endless_0=", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndlessBodyIsCappedByTheModule()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        cam.Fault = FaultMode.EndlessBody;
        using var t = new CamTransport(CamAddress.Parse(cam.BaseUri.ToString()), new NetworkCredential("admin", Kit.AdminPwd), new CamTransportOptions { Timeout = TimeSpan.FromSeconds(20) });
        var ex = await Assert.ThrowsAnyAsync<CamException>(() => t.SendAsync(new CamRequest("get_params.cgi", CgiSafety.ReadOnly), default));
        Assert.IsType<CamResponseTooLargeException>(ex);
    }

    [Fact]
    public async Task RedirectElsewherePointsAtAnotherHostAndPort()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        cam.Fault = FaultMode.RedirectElsewhere;
        var r = await Kit.GetAsync(cam, "get_params.cgi?x=1");
        Assert.Equal(302, r.Status);
        Assert.Equal($"http://127.0.0.2:{cam.Port + 1}/get_params.cgi?x=1", r.Header("Location"));
    }

    [Fact]
    public async Task TheModuleDoesNotFollowTheRedirect()
    {
        var trap = new TcpListener(IPAddress.Parse("127.0.0.2"), 0);
        trap.Start();
        try
        {
            await using var host = await Kit.StartAsync();
            var cam = host.Cameras[0];
            cam.RedirectTarget = new Uri($"http://127.0.0.2:{((IPEndPoint)trap.LocalEndpoint).Port}/");
            cam.Fault = FaultMode.RedirectElsewhere;
            using var t = new CamTransport(CamAddress.Parse(cam.BaseUri.ToString()), new NetworkCredential("admin", Kit.AdminPwd), new CamTransportOptions { Timeout = TimeSpan.FromSeconds(10) });
            await Assert.ThrowsAsync<CamProtocolException>(() => t.SendAsync(new CamRequest("get_params.cgi", CgiSafety.ReadOnly), default));
            Assert.False(trap.Pending()); // no connection (and so no credential) reached the other host
        }
        finally
        {
            trap.Stop();
        }
    }
}
