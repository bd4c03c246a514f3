using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Model;
using FoscamPS.Protocol;
using FoscamPS.Tests.Protocol.TestServers;
using Xunit;

namespace FoscamPS.Tests.Hardening;

/// <summary>Issue 14 against a raw-socket server: a reply cut short is never data; an oversized media reply is refused on its header.</summary>
public class IntegrityTests
{
    private static CamTransport Transport(LoopbackHttpServer s, double timeoutSec = 20) =>
        new(s.Address, null, new CamTransportOptions { Timeout = TimeSpan.FromSeconds(timeoutSec) });

    /// <summary>HTTP/1.0 without Content-Length: the body ends where the camera closes the connection.</summary>
    private static async Task Http10(TestConnection c, string body, string contentType = "text/plain")
    {
        await c.WriteAsync($"HTTP/1.0 200 OK\r\nServer: Netwave IP Camera\r\nContent-Type: {contentType}\r\nConnection: close\r\n\r\n");
        await c.WriteAsync(Encoding.UTF8.GetBytes(body));
    }

    [Theory]
    [InlineData("var id='00626E4F1A2B';\nvar sys_ver='11.37.2.49';\nvar alias='lob")] // cut inside a value
    [InlineData("var id='00626E4F1A2B';\nvar sys_ver='11.37.2.49';\nvar alias='lobby'")] // cut before the ;
    [InlineData("var id='00626E4F1A2B';\nvar sys_ver")] // cut inside a name
    [InlineData("")] // closed before the first byte
    [InlineData("<html><body>Login</body></html>")] // a web page, not variables
    public async Task GetterReplyCutShortIsProtocolViolation(string body)
    {
        await using var s = LoopbackHttpServer.Start((r, c) => Http10(c, body));
        using var t = Transport(s);
        var e = await Assert.ThrowsAsync<CamProtocolException>(() => t.SendAsync(CgiCatalogue.GetStatus.CreateRequest(), default));
        Assert.Equal("ProtocolViolation", e.ErrorId);
    }

    [Fact]
    public async Task CompleteHttp10GetterReplyIsData()
    {
        await using var s = LoopbackHttpServer.Start((r, c) => Http10(c, "var id='00626E4F1A2B';\r\nvar alias='lobby';\r\n"));
        using var t = Transport(s);
        var reply = await t.SendAsync(CgiCatalogue.GetParams.CreateRequest(), default);
        Assert.Equal("lobby", reply.Vars.GetString("alias"));
    }

    [Theory]
    [InlineData("ok")]
    [InlineData("ok\n")]
    [InlineData("")]
    [InlineData("<html><head><meta http-equiv=\"refresh\" content=\"0; url=/index.htm\"></head></html>")]
    [InlineData("Success")]
    [InlineData("ok.\nvar x=1;")]
    [InlineData("o")]
    public async Task SetterReplyThatIsNotOkDotIsProtocolViolation(string body)
    {
        await using var s = LoopbackHttpServer.Start((r, c) => c.SendAsync(200, body));
        using var t = Transport(s);
        foreach (var cgi in new[] { "set_alias.cgi", "reboot.cgi", "decoder_control.cgi" })
        {
            var e = await Assert.ThrowsAsync<CamProtocolException>(() => t.SendAsync(CgiCatalogue.Get(cgi).CreateRequest(), default));
            Assert.Equal("ProtocolViolation", e.ErrorId);
            Assert.Contains(cgi, e.Message);
        }
        // also when an HTTP/1.0 camera closes after "ok" (the '.' never came)
        await using var s10 = LoopbackHttpServer.Start((r, c) => Http10(c, body));
        using var t10 = Transport(s10);
        await Assert.ThrowsAsync<CamProtocolException>(() => t10.SendAsync(CgiCatalogue.Get("set_alias.cgi").CreateRequest(), default));
    }

    [Theory]
    [InlineData("ok.")]
    [InlineData("ok.\n")]
    [InlineData("ok.\r\n")]
    public async Task SetterOkDotSucceeds(string body)
    {
        await using var s = LoopbackHttpServer.Start((r, c) => c.SendAsync(200, body));
        using var t = Transport(s);
        var reply = await t.SendAsync(CgiCatalogue.Get("set_alias.cgi").CreateRequest(), default);
        Assert.True(reply.IsOk);
        reply.EnsureOk();
    }

    [Fact]
    public async Task IllegalParamsStaysIllegalParams()
    {
        await using var s = LoopbackHttpServer.Start((r, c) => c.SendAsync(200, "error: illegal params."));
        using var t = Transport(s);
        var e = await Assert.ThrowsAsync<CamIllegalParamsException>(() => t.SendAsync(CgiCatalogue.Get("set_alias.cgi").CreateRequest(), default));
        Assert.Equal("IllegalParams", e.ErrorId);
    }

    [Fact]
    public void EnsureOkOnHandMadeReplies()
    {
        new CamReply(200, "ok.\n", TimeSpan.Zero).EnsureOk();
        Assert.Equal("ProtocolViolation", Assert.Throws<CamProtocolException>(() => new CamReply(200, "ok", TimeSpan.Zero).EnsureOk()).ErrorId);
        Assert.Throws<CamProtocolException>(() => new CamReply(200, "var a='x", TimeSpan.Zero).Ensure(CamReplyExpectation.Vars));
        new CamReply(200, "var a='x';", TimeSpan.Zero).Ensure(CamReplyExpectation.Vars);
    }

    [Fact]
    public void CatalogueDecidesTheExpectationByKind()
    {
        foreach (var cgi in CgiCatalogue.All)
        {
            var expected = cgi.Kind switch
            {
                CgiKind.Command or CgiKind.Upload => CamReplyExpectation.Ok,
                CgiKind.Query => CamReplyExpectation.Vars,
                _ => CamReplyExpectation.Any,
            };
            Assert.Equal(expected, cgi.CreateRequest().Expect);
        }
        Assert.Equal(CgiCatalogue.MaxSnapshotBytes, CgiCatalogue.Snapshot.CreateRequest().MaxBytes);
        Assert.Equal(CgiCatalogue.MaxBackupBytes, CgiCatalogue.Get("backup_params.cgi").CreateRequest().MaxBytes);
        Assert.Null(CgiCatalogue.Get("videostream.cgi").CreateRequest().MaxBytes);
    }

    [Fact]
    public async Task OversizedSnapshotIsRefusedOnTheHeader()
    {
        // Announces 2 GB, sends nothing more and keeps the connection open: only a decision on the header ends this
        // with ResponseTooLarge (reading would end in a timeout, and the test's timeout is long).
        await using var s = LoopbackHttpServer.Start(async (r, c) =>
        {
            await c.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 2147483648\r\nConnection: close\r\n\r\n");
            await c.SilenceAsync();
        });
        using var t = Transport(s, timeoutSec: 600);
        var e = await Assert.ThrowsAsync<CamResponseTooLargeException>(() => t.OpenMediaAsync(CgiCatalogue.Snapshot.CreateRequest(), default));
        Assert.Equal("ResponseTooLarge", e.ErrorId);
        Assert.Equal(CgiCatalogue.MaxSnapshotBytes, e.Limit);
        // the slot was released: the next request is served
        await Assert.ThrowsAsync<CamResponseTooLargeException>(() => t.OpenMediaAsync(CgiCatalogue.Snapshot.CreateRequest(), default));
    }

    [Fact]
    public async Task SnapshotWithoutLengthGrowingPastTheCapIsCut()
    {
        var chunk = new byte[64 * 1024];
        long sent = 0;
        await using var s = LoopbackHttpServer.Start(async (r, c) =>
        {
            await c.WriteAsync("HTTP/1.0 200 OK\r\nContent-Type: image/jpeg\r\n\r\n");
            while (!c.ServerToken.IsCancellationRequested)
            {
                await c.WriteAsync(chunk);
                Interlocked.Add(ref sent, chunk.Length);
            }
        });
        using var t = Transport(s);
        var request = CgiCatalogue.Snapshot.CreateRequest();
        request.MaxBytes = 1 << 20;
        using var media = await t.OpenMediaAsync(request, default);
        var buffer = new byte[81920];
        long total = 0;
        var e = await Assert.ThrowsAsync<CamResponseTooLargeException>(async () =>
        {
            int n;
            while ((n = await media.Body.ReadAsync(buffer, 0, buffer.Length)) > 0) total += n;
        });
        Assert.InRange(total, (1 << 20) - buffer.Length, 1 << 20);
    }
}
