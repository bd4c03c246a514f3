using System.Net;
using FoscamPS.Protocol;
using FoscamPS.Tests.Protocol.TestServers;
using Xunit;

namespace FoscamPS.Tests.Protocol;

public class HttpAuthTests
{
    [Fact]
    public void Rfc2617Example()
    {
        // RFC 2617 section 3.5
        Assert.Equal("6629fae49393a05397450978507c4ef1",
            HttpAuth.Response("Mufasa", "Circle Of Life", "testrealm@host.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "GET", "/dir/index.html", "auth", "00000001", "0a4f113b", null));
    }

    [Fact]
    public void DigestHeaderVerifiesIndependently()
    {
        var ch = AuthChallenge.Parse("Digest realm=\"ipcamera_00626E4F1A2B\", qop=\"auth,auth-int\", nonce=\"abc\\\"def\", opaque=\"xyz\", algorithm=MD5")!;
        Assert.True(ch.IsDigest);
        Assert.Equal("abc\"def", ch.Nonce);
        var c = new NetworkCredential("admin", "fake-Pa55!");
        string h = HttpAuth.Digest(c, ch, "GET", "/get_params.cgi?a=%26", 7, "0011223344556677");
        Assert.True(DigestVerifier.Verify(h, "GET", "/get_params.cgi?a=%26", "admin", "fake-Pa55!", "ipcamera_00626E4F1A2B", "abc\"def", "xyz", out var p));
        Assert.Equal("00000007", p["nc"]);
        Assert.Equal("MD5", p["algorithm"]);
    }

    [Fact]
    public void DigestWithoutQopUsesLegacyFormula()
    {
        var ch = AuthChallenge.Parse("Digest realm=\"r\", nonce=\"n\"")!;
        string h = HttpAuth.Digest(new NetworkCredential("u", "p"), ch, "GET", "/x", 1, "c");
        var p = DigestVerifier.ParseParams(h);
        Assert.False(p.ContainsKey("qop"));
        string ha1 = DigestVerifier.Md5("u:r:p"), ha2 = DigestVerifier.Md5("GET:/x");
        Assert.Equal(DigestVerifier.Md5($"{ha1}:n:{ha2}"), p["response"]);
    }

    [Theory]
    [InlineData("Basic realm=\"ipcamera\"", "Basic", "ipcamera")]
    [InlineData("basic realm=cam", "basic", "cam")]
    [InlineData("Digest realm=\"a,b\", nonce=\"n\", stale=TRUE", "Digest", "a,b")]
    [InlineData("Digest", "Digest", null)]
    public void ParsesChallenges(string header, string scheme, string? realm)
    {
        var ch = AuthChallenge.Parse(header)!;
        Assert.Equal(scheme, ch.Scheme);
        Assert.Equal(realm, ch.Realm);
        if (header.Contains("stale")) Assert.True(ch.Stale);
    }

    [Fact]
    public void JunkChallengeIsNull()
    {
        Assert.Null(AuthChallenge.Parse(""));
        Assert.Null(AuthChallenge.Parse(null));
        Assert.NotNull(AuthChallenge.Parse("Digest ,,,=,\"x"));
    }
}
