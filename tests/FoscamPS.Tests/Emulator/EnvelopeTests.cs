using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace FoscamPS.Tests.Emulator;

/// <summary>The HTTP envelope, byte for byte as firmware sends it.</summary>
public class EnvelopeTests
{
    [Fact]
    public async Task SetterReplyIsByteExactOkWithNewlineAndClosesConnection()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        var raw = await Kit.RawAsync(cam, $"GET /set_alias.cgi?alias=Door HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {Kit.Basic("admin", Kit.AdminPwd)}\r\n\r\n");

        Assert.True(raw.ClosedByServer); // one request per connection, then FIN even though HTTP/1.1 asked for keep-alive
        var lines = raw.Head.Split("\r\n");
        Assert.Equal("HTTP/1.1 200 OK", lines[0]);
        Assert.Equal(
            ["Server", "Date", "Content-Type", "Content-Length", "Cache-Control", "Connection"],
            lines.Skip(1).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]).ToArray());
        Assert.Equal("Netwave IP Camera", raw.Header("Server"));
        Assert.Equal("text/plain", raw.Header("Content-Type"));
        Assert.Equal("4", raw.Header("Content-Length"));
        Assert.Equal("no-cache", raw.Header("Cache-Control"));
        Assert.Equal("close", raw.Header("Connection"));
        Assert.Equal("ok.\n"u8.ToArray(), raw.Body);
    }

    [Fact]
    public async Task IllegalParamsHasNoNewlineAndStatus200()
    {
        await using var host = await Kit.StartAsync();
        var raw = await Kit.RawAsync(host.Cameras[0], $"GET /set_alias.cgi HTTP/1.0\r\nAuthorization: Basic {Kit.Basic("admin", Kit.AdminPwd)}\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", raw.Text);
        Assert.Equal("22", raw.Header("Content-Length"));
        Assert.Equal("error: illegal params."u8.ToArray(), raw.Body);
    }

    [Fact]
    public async Task UnknownPathIs404FileNotFound()
    {
        await using var host = await Kit.StartAsync();
        var r = await Kit.GetAsync(host.Cameras[0], "no_such.cgi");
        Assert.Equal(404, r.Status);
        Assert.Equal("File not found.", r.Text);
        Assert.Equal(404, (await Kit.GetAsync(host.Cameras[0], "GET_PARAMS.CGI")).Status); // case-sensitive
    }

    [Fact]
    public async Task DateHeaderComesFromCameraClock()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "set_datetime.cgi?now=1000000000");
        var r = await Kit.GetAsync(cam, "get_status.cgi", null);
        var date = DateTimeOffset.Parse(r.Header("Date")!, CultureInfo.InvariantCulture);
        Assert.InRange(date.ToUnixTimeSeconds(), 1000000000, 1000000005);
        var vars = Kit.ParseVars(r.Text);
        Assert.InRange(long.Parse(vars["now"], CultureInfo.InvariantCulture), 1000000000, 1000000005);
    }

    [Fact]
    public async Task NextUrlServesPageOrNotFound()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        var page = await Kit.GetAsync(cam, "set_alias.cgi?alias=A&next_url=index.htm");
        Assert.Equal(200, page.Status);
        Assert.Equal("text/html", page.Header("Content-Type"));
        Assert.Contains("<html>", page.Text, StringComparison.Ordinal);
        Assert.Equal("A", host.Cameras[0].Snapshot()["alias"]);

        var missing = await Kit.GetAsync(cam, "set_alias.cgi?alias=B&next_url=nothere.htm");
        Assert.Equal(404, missing.Status);
        Assert.Equal(404, (await Kit.GetAsync(cam, "set_alias.cgi?alias=C&next_url=..%2Fetc%2Fpasswd")).Status);
        Assert.Equal(404, (await Kit.GetAsync(cam, "set_alias.cgi?alias=C&next_url=http%3A%2F%2Fevil.example%2F")).Status);

        // a failing setter still says illegal params, whatever next_url says
        Assert.Equal("error: illegal params.", (await Kit.GetAsync(cam, "set_alias.cgi?next_url=index.htm")).Text);
    }

    [Fact]
    public async Task RootServesIndexPageWithoutCredentials()
    {
        await using var host = await Kit.StartAsync();
        var r = await Kit.GetAsync(host.Cameras[0], "", null);
        Assert.Equal(200, r.Status);
        Assert.Equal("text/html", r.Header("Content-Type"));
    }

    [Fact]
    public async Task OtherMethodsAreNotImplemented()
    {
        await using var host = await Kit.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(host.Cameras[0].BaseUri, "get_params.cgi"));
        Assert.Equal(501, (await Kit.SendAsync(request)).Status);
    }

    [Fact]
    public async Task PostFormBodyIsAcceptedLikeQuery()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(cam.BaseUri, "set_alias.cgi"))
        {
            Content = new StringContent("user=admin&pwd=" + Kit.AdminPwd + "&alias=Posted+Cam", Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        var r = await Kit.SendAsync(request);
        Assert.Equal("ok.\n", r.Text);
        Assert.Equal("Posted Cam", cam.Snapshot()["alias"]);
    }

    [Fact]
    public async Task MalformedRequestGets400AndClose()
    {
        await using var host = await Kit.StartAsync();
        var raw = await Kit.RawAsync(host.Cameras[0], "NONSENSE\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400 ", raw.Text);
        Assert.True(raw.ClosedByServer);
    }

    [Fact]
    public async Task ChunkedRequestBodyAndBareLfHeadersAreUnderstood()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        var body = "alias=Chunky";
        var raw = await Kit.RawAsync(
            cam,
            $"POST /set_alias.cgi?user=admin&pwd={Kit.AdminPwd} HTTP/1.1\nContent-Type: application/x-www-form-urlencoded\nTransfer-Encoding: chunked\n\n{body.Length:x}\r\n{body}\r\n0\r\n\r\n");
        Assert.Equal("ok.\n", Encoding.ASCII.GetString(raw.Body));
        Assert.Equal("Chunky", cam.Snapshot()["alias"]);
    }

    [Fact]
    public async Task StringsAreQuotedAndEscapedNumbersBare()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "set_alias.cgi?" + Kit.Q(("alias", @"it's a\b&c=d;")));
        var r = await Kit.GetAsync(cam, "get_status.cgi");
        Assert.Contains("var alias='it\\'s a\\\\b&c=d;';\n", r.Text, StringComparison.Ordinal);
        Assert.Contains("var tz=0;\n", r.Text, StringComparison.Ordinal);
        Assert.EndsWith(";\n", r.Text, StringComparison.Ordinal);
        Assert.Equal(@"it's a\b&c=d;", Kit.ParseVars(r.Text)["alias"]);
    }

    [Fact]
    public async Task ClientThatHalfClosesAfterItsRequestStillGetsTheAnswer()
    {
        await using var host = await Kit.StartAsync(configure: o => o.Latency = TimeSpan.FromMilliseconds(200));
        var raw = await Kit.RawAsync(host.Cameras[0], "GET /get_status.cgi HTTP/1.0\r\n\r\n", halfClose: true);
        Assert.True(raw.ClosedByServer);
        Assert.StartsWith("HTTP/1.1 200 OK", raw.Text, StringComparison.Ordinal);
        Assert.StartsWith("var id=", Encoding.ASCII.GetString(raw.Body), StringComparison.Ordinal);
    }
}
