using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using FoscamPS.Emulator;
using FoscamPS.Protocol;
using FoscamPS.Tests.Emulator;
using Xunit;

namespace FoscamPS.Tests.EmulatorFidelity;

/// <summary>--profile clone (Netwave clones) and the module's handling of its replies.</summary>
public class CloneTests
{
    private const string LongServer = "ftp.example-storage-server.internal.lan"; // 39 characters: two lines

    private static Task<EmulatorHost> StartCloneAsync(int count = 1) => Kit.StartAsync(count, o => o.Profile = FirmwareProfile.Clone);

    [Fact]
    public async Task RepliesUseDoubleQuotesCrlfAndContinuationLines()
    {
        await using var host = await StartCloneAsync();
        var cam = host.Cameras[0];
        Assert.Equal(FirmwareProfile.Clone, cam.Profile);
        Assert.Equal(EmulatedCamera.CloneSysVer, cam.Snapshot()["sys_ver"]);
        Assert.Equal("ok.\r\n", (await Kit.GetAsync(cam, "set_alias.cgi?alias=Say%20%22hi%22")).Text);
        cam.Update(new Dictionary<string, string> { ["ftp_svr"] = LongServer });

        var text = (await Kit.GetAsync(cam, "get_params.cgi")).Text;
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal); // every LF is part of CRLF
        Assert.Contains("var alias=\"Say \\\"hi\\\"\";\r\n", text, StringComparison.Ordinal);
        Assert.Contains("var ftp_svr=\"" + LongServer[..32] + "\";\r\nftp_svr+=\"" + LongServer[32..] + "\";\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("'", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheModuleParserReadsCloneRepliesLikeFirmwareReplies()
    {
        await using var host = await Kit.StartAsync(2);
        var firmware = host.Cameras[0];
        var clone = host.Cameras[1];
        clone.Profile = FirmwareProfile.Clone;
        var values = new Dictionary<string, string>
        {
            ["alias"] = "It's \"odd\" \\ here",
            ["ftp_svr"] = LongServer,
            ["ftp_dir"] = "/pictures/with a long path/and ';=&' in it/",
            ["wifi_ssid"] = "Calvin&Cici's = net;",
        };
        firmware.Update(values);
        clone.Update(values);

        var a = ReplyParser.Parse((await Kit.GetAsync(firmware, "get_params.cgi")).Text);
        var b = ReplyParser.Parse((await Kit.GetAsync(clone, "get_params.cgi")).Text);
        var skip = new HashSet<string> { "id", "now", "sys_ver", "port" };
        Assert.Equal(a.Keys.Where(k => !skip.Contains(k)), b.Keys.Where(k => !skip.Contains(k)));
        foreach (var key in a.Keys.Where(k => !skip.Contains(k)))
        {
            Assert.Equal(a.GetString(key), b.GetString(key));
        }

        Assert.Equal(LongServer, b.GetString("ftp_svr"));
        Assert.Equal(values["alias"], b.GetString("alias"));
    }

    [Fact]
    public async Task BadCredentialsGetA200ErrorBodyAndNoCredentialsTheChallenge()
    {
        await using var host = await StartCloneAsync();
        var cam = host.Cameras[0];
        var basic = await Kit.GetAsync(cam, "get_params.cgi", "admin", "fake-wrong");
        Assert.Equal((200, "user or passwd is error"), (basic.Status, basic.Text));
        var query = await Kit.GetAsync(cam, "get_params.cgi?user=admin&pwd=fake-wrong", null);
        Assert.Equal((200, "user or passwd is error"), (query.Status, query.Text));
        var none = await Kit.GetAsync(cam, "get_params.cgi", null);
        Assert.Equal(401, none.Status);
        Assert.Equal("Basic realm=\"ipcamera\"", none.Header("WWW-Authenticate"));
        Assert.Equal(200, (await Kit.GetAsync(cam, "get_status.cgi", null)).Status); // anonymous like Legacy
    }

    [Fact]
    public async Task TheModuleTurnsTheErrorBodyIntoAuthenticationFailed()
    {
        await using var host = await StartCloneAsync();
        var cam = host.Cameras[0];
        var options = new CamTransportOptions { Timeout = TimeSpan.FromSeconds(10) };
        using (var bad = new CamTransport(CamAddress.Parse(cam.BaseUri.ToString()), new NetworkCredential("admin", "fake-wrong"), options))
        {
            var ex = await Assert.ThrowsAsync<CamAuthenticationException>(() => bad.SendAsync(new CamRequest("get_params.cgi", CgiSafety.ReadOnly), default));
            Assert.Equal("AuthenticationFailed", ex.ErrorId);
            Assert.DoesNotContain("fake-wrong", ex.ToString(), StringComparison.Ordinal);
        }

        using var good = new CamTransport(CamAddress.Parse(cam.BaseUri.ToString()), new NetworkCredential("admin", Kit.AdminPwd), options);
        var reply = await good.SendAsync(new CamRequest("get_params.cgi", CgiSafety.ReadOnly), default);
        Assert.Equal(cam.Id, reply.Vars.GetString("id"));
    }

    [Fact]
    public async Task MjpegPartHeadersHaveNoSpaceAfterTheColon()
    {
        await using var host = await StartCloneAsync();
        var cam = host.Cameras[0];
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, cam.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /videostream.cgi?user=admin&pwd=" + Kit.AdminPwd + "&resolution=8 HTTP/1.1\r\nHost: x\r\n\r\n"));
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (received.Count < 600)
        {
            var n = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.NotEqual(0, n);
            received.AddRange(buffer.Take(n));
        }

        var text = Encoding.Latin1.GetString(received.ToArray());
        var body = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.Matches("^--ipcamera\r\nContent-Type:image/jpeg\r\nContent-Length:[0-9]+\r\n\r\n\xFF\xD8", body);
    }
}
