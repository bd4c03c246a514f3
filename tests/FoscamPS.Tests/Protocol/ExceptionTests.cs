using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Protocol;
using FoscamPS.Tests.Protocol.TestServers;
using Xunit;

namespace FoscamPS.Tests.Protocol;

public class ExceptionTests
{
    public static IEnumerable<object[]> All() => new[]
    {
        new object[] { new CamUnreachableException("m", "cam:80"), "CameraUnreachable", CamErrorKind.Unreachable },
        new object[] { new CamTimeoutException("m", TimeSpan.FromSeconds(3), "cam:80"), "CameraTimeout", CamErrorKind.Timeout },
        new object[] { new CamAuthenticationException("m", CamAuthScheme.Digest, "r", "cam:80"), "AuthenticationFailed", CamErrorKind.Authentication },
        new object[] { new CamAccessDeniedException("m", "set_users.cgi", CamPrivilege.Administrator, "cam:80"), "AccessDenied", CamErrorKind.AccessDenied },
        new object[] { new CamIllegalParamsException("m", "error: illegal params.", "cam:80"), "IllegalParams", CamErrorKind.IllegalParams },
        new object[] { new CamNotSupportedException("m", "x.cgi", "cam:80"), "NotSupported", CamErrorKind.NotSupported },
        new object[] { new CamProtocolException("m", "cam:80"), "ProtocolViolation", CamErrorKind.Protocol },
        new object[] { new CamResponseTooLargeException("m", 10, "cam:80"), "ResponseTooLarge", CamErrorKind.ResponseTooLarge },
        new object[] { new CamIdentityMismatchException("m", "A", "B", "cam:80"), "CameraIdentityMismatch", CamErrorKind.IdentityMismatch },
    };

    [Theory]
    [MemberData(nameof(All))]
    public void StableIdsKindsAndActions(CamException ex, string id, CamErrorKind kind)
    {
        Assert.Equal(id, ex.ErrorId);
        Assert.Equal(kind, ex.Kind);
        Assert.False(string.IsNullOrWhiteSpace(ex.RecommendedAction));
        Assert.Equal("cam:80", ex.Camera);
        Assert.Empty(ex.Data);
        Assert.True(ex.GetType().IsDefined(typeof(SerializableAttribute), false));
    }

    /// <summary>Runs every failure path with a canary password and scans everything an exception exposes.</summary>
    [Fact]
    public async Task NoCredentialInAnyExceptionText()
    {
        string canary = "fake-Canary&=% ä" + Guid.NewGuid().ToString("N")[..8];
        var cred = new NetworkCredential("admin", canary);
        string b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + canary));
        var forms = new[] { canary, Uri.EscapeDataString(canary), Uri.EscapeDataString(canary).ToLowerInvariant(), b64, Convert.ToBase64String(Encoding.Unicode.GetBytes(canary)) };

        await using var s = LoopbackHttpServer.Start(async (r, c) =>
        {
            switch (r.Path)
            {
                case "/silence.cgi": await c.SilenceAsync(); break;
                case "/trunc.cgi": await c.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nab"); break;
                case "/reset.cgi": c.Reset(); break;
                case "/garbage.cgi": await c.WriteAsync("\u0001junk " + r.Target + "\r\n\r\n"); break;
                case "/echo500.cgi": await c.SendAsync(500, "failed for " + r.Target); break;
                case "/illegal.cgi": await c.SendAsync(200, "error: illegal params. " + r.Target); break;
                case "/redirect.cgi": await c.SendAsync(302, "", ("Location", "http://other" + r.Target)); break;
                case "/big.cgi": await c.SendAsync(200, new string('x', 5000)); break;
                default: await c.SendAsync(401, "no", ("WWW-Authenticate", "Basic realm=\"" + r.Target + "\"")); break;
            }
        });
        var paths = new[] { "silence.cgi", "trunc.cgi", "reset.cgi", "garbage.cgi", "echo500.cgi", "illegal.cgi", "redirect.cgi", "big.cgi", "auth.cgi" };
        var errors = new List<Exception>();
        foreach (var scheme in new[] { CamAuthScheme.Basic, CamAuthScheme.Query })
        foreach (var p in paths)
        {
            using var t = new CamTransport(s.Address, cred, new CamTransportOptions { Timeout = TimeSpan.FromMilliseconds(500), MaxTextBytes = 1024, PreferredScheme = scheme });
            var req = new CamRequest(p, CgiSafety.Write).Add("pwd1", canary);
            req.LoginAsCamUser = p == "auth.cgi";
            errors.Add(await Assert.ThrowsAnyAsync<Exception>(() => t.SendAsync(req, default)));
            errors.Add(await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                using var m = await t.OpenMediaAsync(req, default);
                await m.Body.CopyToAsync(System.IO.Stream.Null);
            }));
        }
        foreach (var e in errors)
        {
            Assert.IsAssignableFrom<CamException>(e);
            var ce = (CamException)e;
            var texts = new List<string> { e.ToString(), e.Message, ce.RecommendedAction, ce.Camera ?? "" };
            texts.AddRange(e.Data.Values.Cast<object>().Select(v => v?.ToString() ?? ""));
            if (e is CamIllegalParamsException ip) texts.Add(ip.RawText);
            if (e is CamAuthenticationException ae) texts.Add(ae.Realm ?? "");
            for (var inner = e.InnerException; inner != null; inner = inner.InnerException) texts.Add(inner.ToString());
            foreach (var text in texts)
            foreach (var form in forms)
                Assert.False(text.Contains(form, StringComparison.OrdinalIgnoreCase), $"{e.GetType().Name} leaks a form of the password: {text}");
        }
    }
}
