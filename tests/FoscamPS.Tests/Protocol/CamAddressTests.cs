using System;
using FoscamPS.Protocol;
using Xunit;

namespace FoscamPS.Tests.Protocol;

public class CamAddressTests
{
    [Theory]
    [InlineData("192.168.1.50", "192.168.1.50", 80, "192.168.1.50:80", "http://192.168.1.50/")]
    [InlineData("192.168.1.50:8081", "192.168.1.50", 8081, "192.168.1.50:8081", "http://192.168.1.50:8081/")]
    [InlineData("  Cam-Front.LAN  ", "cam-front.lan", 80, "cam-front.lan:80", "http://cam-front.lan/")]
    [InlineData("cam1:65535", "cam1", 65535, "cam1:65535", "http://cam1:65535/")]
    [InlineData("http://cam1", "cam1", 80, "cam1:80", "http://cam1/")]
    [InlineData("http://cam1:8080/", "cam1", 8080, "cam1:8080", "http://cam1:8080/")]
    [InlineData("HTTP://CAM1:8080", "cam1", 8080, "cam1:8080", "http://cam1:8080/")]
    [InlineData("https://cam1", "cam1", 443, "https://cam1:443", "https://cam1/")]
    [InlineData("[fe80::1]:8081", "fe80::1", 8081, "[fe80::1]:8081", "http://[fe80::1]:8081/")]
    [InlineData("[::1]", "::1", 80, "[::1]:80", "http://[::1]/")]
    [InlineData("http://[2001:DB8::0:1]:81/", "2001:db8::1", 81, "[2001:db8::1]:81", "http://[2001:db8::1]:81/")]
    [InlineData("2001:db8::5", "2001:db8::5", 80, "[2001:db8::5]:80", "http://[2001:db8::5]/")]
    public void ParsesForms(string text, string host, int port, string display, string baseUri)
    {
        var a = CamAddress.Parse(text);
        Assert.Equal(host, a.Host);
        Assert.Equal(port, a.Port);
        Assert.Equal(display, a.ToString());
        Assert.Equal(baseUri, a.BaseUri.ToString());
        Assert.True(CamAddress.TryParse(text, out var b, out var err));
        Assert.Null(err);
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("cam1:0", "1 to 65535")]
    [InlineData("cam1:65536", "1 to 65535")]
    [InlineData("cam1:-5", "1 to 65535")]
    [InlineData("cam1:http", "1 to 65535")]
    [InlineData("cam1:", "1 to 65535")]
    [InlineData("ftp://cam1", "scheme")]
    [InlineData("http://cam1/videostream.cgi", "path")]
    [InlineData("cam1/x", "not valid")]
    [InlineData("[fe80::1", "bracket")]
    [InlineData("[not-v6]:80", "IPv6")]
    [InlineData("bad host", "not valid")]
    [InlineData("under_score!", "not a valid host")]
    public void RejectsWithReason(string text, string reasonPart)
    {
        Assert.False(CamAddress.TryParse(text, out var a, out var error));
        Assert.Null(a);
        Assert.Contains(reasonPart, error);
        var ex = Assert.Throws<ArgumentException>(() => CamAddress.Parse(text));
        Assert.Contains(reasonPart, ex.Message);
    }

    [Theory]
    [InlineData("http://admin:fake-Pa55!@cam1:81/")]
    [InlineData("http://admin@cam1")]
    [InlineData("admin:fake-Pa55!@cam1")]
    [InlineData("http://admin:fake-Pa55!@cam1/snapshot.cgi?user=admin&pwd=fake-Pa55!")]
    [InlineData("http://cam1/snapshot.cgi?user=admin&pwd=fake-Pa55!")]
    public void RejectsUserInfoWithoutEchoingIt(string text)
    {
        Assert.False(CamAddress.TryParse(text, out _, out var error));
        Assert.DoesNotContain("fake-Pa55", error);
        if (text.Contains('@')) Assert.Contains("-Credential", error);
        Assert.DoesNotContain("fake-Pa55", Assert.Throws<ArgumentException>(() => CamAddress.Parse(text)).ToString());
    }

    [Fact]
    public void EqualityIgnoresHostCaseAndForm()
    {
        Assert.Equal(CamAddress.Parse("CAM1"), CamAddress.Parse("http://cam1:80/"));
        Assert.Equal(CamAddress.Parse("cam1").GetHashCode(), CamAddress.Parse("Cam1:80").GetHashCode());
        Assert.NotEqual(CamAddress.Parse("cam1:80"), CamAddress.Parse("cam1:81"));
        Assert.NotEqual(CamAddress.Parse("http://cam1:443"), CamAddress.Parse("https://cam1:443"));
        Assert.True(CamAddress.Parse("[::1]:80") == CamAddress.Parse("[0:0::1]"));
        Assert.False(CamAddress.Parse("cam1") == null);
        Assert.True(CamAddress.Parse("cam1") != CamAddress.Parse("cam2"));
    }
}
