using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using FoscamPS.Protocol;
using Xunit;

namespace FoscamPS.Tests.Protocol;

public class ProtocolUnitTests
{
    [Theory]
    [InlineData("ok.", true)]
    [InlineData("ok.\n", true)]
    [InlineData("ok.\r\n", true)]
    [InlineData(" ok\n", false)]
    [InlineData("ok", false)]
    [InlineData("ok\n", false)]
    [InlineData("ok.\n\n<html>", false)]
    [InlineData("ok..", false)]
    [InlineData("OK.", false)]
    [InlineData("var ok=1;", false)]
    [InlineData("", false)]
    public void OkBody(string body, bool ok) => Assert.Equal(ok, new CamReply(200, body, TimeSpan.Zero).IsOk);

    [Theory]
    [InlineData(200, "var a=1;\n", null)]
    [InlineData(200, "ok.\n", null)]
    [InlineData(204, "", null)]
    [InlineData(200, "error: illegal params.", typeof(CamIllegalParamsException))]
    [InlineData(200, "Error: something else", typeof(CamIllegalParamsException))]
    [InlineData(200, "error: illegal http frame.", typeof(CamProtocolException))]
    [InlineData(200, "user or passwd is error", typeof(CamAuthenticationException))]
    [InlineData(200, "<html>user or passwd is error</html>", typeof(CamAuthenticationException))]
    [InlineData(401, "", typeof(CamAuthenticationException))]
    [InlineData(403, "", typeof(CamAccessDeniedException))]
    [InlineData(404, "File not found.", typeof(CamNotSupportedException))]
    [InlineData(500, "", typeof(CamProtocolException))]
    [InlineData(503, "", typeof(CamProtocolException))]
    [InlineData(301, "", typeof(CamProtocolException))]
    [InlineData(400, "", typeof(CamProtocolException))]
    public void Classification(int status, string body, Type? expected)
    {
        var ex = CamOutcome.Classify(status, body, "x.cgi", "cam:80", null);
        if (expected is null) Assert.Null(ex);
        else
        {
            Assert.IsType(expected, ex);
            Assert.Equal("cam:80", ex!.Camera);
        }
    }

    [Fact]
    public void IllegalParamsRawTextIsSanitisedAndRedacted()
    {
        var c = new NetworkCredential("admin", "fake-Pa55!");
        var ex = (CamIllegalParamsException)CamOutcome.Classify(200, "error: illegal params.\u001b[31m fake-Pa55!", "x.cgi", "cam:80", c)!;
        Assert.DoesNotContain("\u001b", ex.RawText, StringComparison.Ordinal);
        Assert.DoesNotContain("fake-Pa55!", ex.RawText);
        Assert.StartsWith("error: illegal params.", ex.RawText);
    }

    [Fact]
    public void DecodeIsUtf8WithLatin1Fallback()
    {
        Assert.Equal("abc", CamTransport.Decode(Encoding.ASCII.GetBytes("abc")));
        Assert.Equal("Über ☃", CamTransport.Decode(Encoding.UTF8.GetBytes("Über ☃")));
        Assert.Equal("Über", CamTransport.Decode(new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("Über")).ToArray()));
        Assert.Equal("\u00dcber \u00ff", CamTransport.Decode(Encoding.Latin1.GetBytes("\u00dcber \u00ff")));
        Assert.Equal("", CamTransport.Decode(Array.Empty<byte>()));
    }

    [Fact]
    public void RequestValidatesCgiName()
    {
        Assert.Equal("get_params.cgi", new CamRequest("/get_params.cgi", CgiSafety.ReadOnly).Cgi);
        Assert.Throws<ArgumentException>(() => new CamRequest("", CgiSafety.ReadOnly));
        Assert.Throws<ArgumentException>(() => new CamRequest("x.cgi?user=a", CgiSafety.ReadOnly));
        Assert.Throws<ArgumentException>(() => new CamRequest("../etc/passwd", CgiSafety.ReadOnly));
        Assert.Throws<ArgumentException>(() => new CamRequest("http://evil/x.cgi", CgiSafety.ReadOnly));
        var r = new CamRequest("set_users.cgi", CgiSafety.Write).Add("pwd1", "fake-x");
        Assert.Equal("set_users.cgi", r.ToString());
    }

    [Fact]
    public void TargetEncodesEveryValue()
    {
        var r = new CamRequest("set_wifi.cgi", CgiSafety.Write).Add("ssid", "Café & Bar = 100% ok?#/").Add("k y", "");
        Assert.Equal("/set_wifi.cgi?ssid=Caf%C3%A9%20%26%20Bar%20%3D%20100%25%20ok%3F%23%2F&k%20y=", CamTransport.BuildTarget(r, false, null));
        r.LoginAsCamUser = true;
        Assert.EndsWith("&cam_user=admin&cam_pwd=fake%26%3D%25%20P", CamTransport.BuildTarget(r, true, new NetworkCredential("admin", "fake&=% P")));
    }

    [Theory]
    [InlineData("C:\\firmware\\lr_cmos_11_37_2_55.bin", "lr_cmos_11_37_2_55.bin")]
    [InlineData("/tmp/web \"ui\".bin", "web _ui_.bin")]
    [InlineData("näme;x.bin", "n_me_x.bin")]
    [InlineData("", "file.bin")]
    [InlineData("dir/", "file.bin")]
    public void MultipartFileNames(string input, string expected) => Assert.Equal(expected, MultipartFormContent.SafeName(input));

    [Fact]
    public void MultipartBodyShapeAndLength()
    {
        var data = Encoding.ASCII.GetBytes("PAYLOAD");
        var src = new MemoryStream(Encoding.ASCII.GetBytes("xxPAYLOAD"));
        src.Position = 2;
        using var content = new MultipartFormContent("file", "params.bin", src, "BOUNDARY");
        var body = content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        string expected = "--BOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"params.bin\"\r\nContent-Type: application/octet-stream\r\n\r\nPAYLOAD\r\n--BOUNDARY--\r\n";
        Assert.Equal(expected, Encoding.ASCII.GetString(body));
        Assert.Equal(expected.Length, content.Headers.ContentLength);
        Assert.Equal("multipart/form-data; boundary=BOUNDARY", content.Headers.ContentType!.ToString());
        // serialisable twice (auth retry)
        src.Position = 2; // the transport rewinds like this before each attempt
        using var again = new MultipartFormContent("file", "params.bin", src, "BOUNDARY");
        Assert.Equal(expected, Encoding.ASCII.GetString(again.ReadAsByteArrayAsync().GetAwaiter().GetResult()));
        Assert.Equal(data.Length, body.Length - expected.Length + data.Length);
    }

    [Fact]
    public void MediaResponseReleasesOnce()
    {
        int released = 0;
        var m = new CamMediaResponse(new MemoryStream(new byte[3]), "image/jpeg", "a.jpg", 3, null, () => released++);
        m.Dispose();
        m.Dispose();
        Assert.Equal(1, released);
        Assert.False(m.Body.CanRead);
    }
}
