using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using FoscamPS.Emulator;
using Xunit;

namespace FoscamPS.Tests.Emulator;

/// <summary>Basic, query, cam_user, Digest; privileges; log.</summary>
public class AuthTests
{
    [Fact]
    public async Task BasicGoodAndBadPassword()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        Assert.Equal(200, (await Kit.GetAsync(cam, "get_params.cgi")).Status);

        var bad = await Kit.GetAsync(cam, "get_params.cgi", "admin", "wrong");
        Assert.Equal(401, bad.Status);
        Assert.Equal("Basic realm=\"ipcamera\"", bad.Header("WWW-Authenticate"));
        Assert.Equal("401 Unauthorized", bad.Text);
        Assert.Equal(401, (await Kit.GetAsync(cam, "get_params.cgi", null)).Status);
        Assert.Equal(401, (await Kit.GetAsync(cam, "get_params.cgi", "nobody", "")).Status);
    }

    [Fact]
    public async Task QueryCredentialsAndEncodedSpecialPasswords()
    {
        const string odd = "a&b=c% d+é"; // URL-encoding matters (10 chars, 11 bytes)
        await using var host = await Kit.StartAsync(configure: o => o.Users.Add(new EmulatedUser("odd", odd, EmulatedPrivilege.Administrator)));
        var cam = host.Cameras[0];
        Assert.Equal(200, (await Kit.GetAsync(cam, "get_params.cgi?" + Kit.Q(("user", "admin"), ("pwd", Kit.AdminPwd)), null)).Status);
        Assert.Equal(200, (await Kit.GetAsync(cam, "get_params.cgi?" + Kit.Q(("user", "odd"), ("pwd", odd)), null)).Status);
        Assert.Equal(200, (await Kit.GetAsync(cam, "get_params.cgi", "odd", odd)).Status);
        Assert.Equal(401, (await Kit.GetAsync(cam, "get_params.cgi?user=admin&pwd=nope", null)).Status);
    }

    [Fact]
    public async Task DefaultAccountIsAdminWithEmptyPassword()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        var cam = host.Cameras[0];
        Assert.Equal(200, (await Kit.GetAsync(cam, "get_params.cgi", "admin", "")).Status);
        Assert.Equal(200, (await Kit.GetAsync(cam, "get_params.cgi?user=admin&pwd=", null)).Status);
        Assert.Equal(200, (await Kit.GetAsync(cam, "get_params.cgi?user=admin", null)).Status);
    }

    [Theory]
    [InlineData("set_pppoe.cgi", "enable=1&user=dialer&pwd=fake-ppp", "pppoe_user", "dialer")]
    [InlineData("set_ftp.cgi", "user=ftpuser&pwd=fake-ftp", "ftp_user", "ftpuser")]
    [InlineData("set_msn.cgi", "user=msnuser&pwd=fake-msn", "msn_user", "msnuser")]
    [InlineData("set_factory_ddns.cgi", "user=ddnsuser&pwd=fake-ddns", "factory_ddns_user", "ddnsuser")]
    [InlineData("set_ddns.cgi", "service=2&user=ddnsuser&pwd=fake-ddns&host=h.example.invalid&proxy_svr=&proxy_port=0", "ddns_user", "ddnsuser")]
    [InlineData("set_mail.cgi", "svr=smtp.example.invalid&port=25&tls=0&user=mailer&pwd=fake-mail&sender=a%40example.invalid&receiver1=b%40example.invalid&receiver2=&receiver3=&receiver4=&mail_inet_ip=0", "mail_user", "mailer")]
    public async Task CamUserLoginOnSettersWhoseFieldsAreUserPwd(string cgi, string query, string field, string expected)
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        var login = "&cam_user=admin&cam_pwd=" + Kit.AdminPwd;
        Assert.Equal("ok.\n", (await Kit.GetAsync(cam, $"{cgi}?{query}{login}", null)).Text);
        Assert.Equal(expected, cam.Snapshot()[field]);

        // user/pwd there are the group's fields, not a login
        Assert.Equal(401, (await Kit.GetAsync(cam, $"{cgi}?{query}", null)).Status);
        Assert.Equal(401, (await Kit.GetAsync(cam, $"{cgi}?{query}&cam_user=admin&cam_pwd=wrong", null)).Status);
    }

    [Fact]
    public async Task GetStatusAnonymousOnLegacyOnly()
    {
        await using var host = await Kit.StartAsync(2);
        Assert.Equal(200, (await Kit.GetAsync(host.Cameras[0], "get_status.cgi", null)).Status);
        host.Cameras[1].Profile = FirmwareProfile.Digest;
        var r = await Kit.GetAsync(host.Cameras[1], "get_status.cgi", null);
        Assert.Equal(401, r.Status);
        Assert.StartsWith("Digest ", r.Header("WWW-Authenticate"));
    }

    [Theory]
    [InlineData("guest", "fake-guestpw", 1)]
    [InlineData("oper", "fake-0per-pw", 2)]
    [InlineData("admin", Kit.AdminPwd, 3)]
    public async Task CheckUserEchoesLoginAndPriScale(string user, string pwd, int pri)
    {
        await using var host = await Kit.StartAsync();
        var vars = await Kit.VarsAsync(host.Cameras[0], "check_user.cgi", user, pwd);
        Assert.Equal(user, vars["user"]);
        Assert.Equal(pwd, vars["pwd"]);
        Assert.Equal(pri.ToString(CultureInfo.InvariantCulture), vars["pri"]);
    }

    [Theory]
    [InlineData("guest", "fake-guestpw", "check_user.cgi", 200)]
    [InlineData("guest", "fake-guestpw", "get_camera_params.cgi", 200)]
    [InlineData("guest", "fake-guestpw", "snapshot.cgi", 200)]
    [InlineData("guest", "fake-guestpw", "decoder_control.cgi?command=1", 401)]
    [InlineData("guest", "fake-guestpw", "camera_control.cgi?param=1&value=9", 401)]
    [InlineData("guest", "fake-guestpw", "get_params.cgi", 401)]
    [InlineData("oper", "fake-0per-pw", "decoder_control.cgi?command=1", 200)]
    [InlineData("oper", "fake-0per-pw", "camera_control.cgi?param=1&value=9", 200)]
    [InlineData("oper", "fake-0per-pw", "set_extra_io.cgi?value=3", 200)]
    [InlineData("oper", "fake-0per-pw", "comm_write.cgi?port=0&baud=12&bytes=1&data=A", 200)]
    [InlineData("oper", "fake-0per-pw", "get_params.cgi", 401)]
    [InlineData("oper", "fake-0per-pw", "set_alias.cgi?alias=x", 401)]
    [InlineData("oper", "fake-0per-pw", "reboot.cgi", 401)]
    [InlineData("oper", "fake-0per-pw", "get_log.cgi", 401)]
    [InlineData("oper", "fake-0per-pw", "backup_params.cgi", 401)]
    [InlineData("admin", Kit.AdminPwd, "get_misc.cgi", 200)]
    public async Task PrivilegePerCgi(string user, string pwd, string cgi, int status)
    {
        await using var host = await Kit.StartAsync();
        var r = await Kit.GetAsync(host.Cameras[0], cgi, user, pwd);
        Assert.Equal(status, r.Status);
        if (status == 401)
        {
            Assert.Equal("Basic realm=\"ipcamera\"", r.Header("WWW-Authenticate"));
        }
    }

    [Fact]
    public async Task DigestHandComputedResponseAndNonceReuse()
    {
        await using var host = await Kit.StartAsync(configure: o => o.Profile = FirmwareProfile.Digest);
        var cam = host.Cameras[0];
        Assert.Equal("11.37.2.56", cam.Snapshot()["sys_ver"]);

        var challenge = await Kit.GetAsync(cam, "get_params.cgi", null);
        Assert.Equal(401, challenge.Status);
        var header = challenge.Header("WWW-Authenticate")!;
        Assert.Matches("^Digest realm=\"ipcamera_[0-9A-F]{12}\", qop=\"auth\", nonce=\"[0-9a-f]+\"$", header);
        var p = Kit.ChallengeParams(header);
        Assert.Equal("ipcamera_" + cam.Id, p["realm"]);

        async Task<int> Send(string uri, int nc, string pwd = Kit.AdminPwd, string method = "GET")
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(cam.BaseUri, uri));
            request.Headers.TryAddWithoutValidation("Authorization", Kit.DigestHeader("admin", pwd, p["realm"], p["nonce"], method, "/" + uri, nc, "0a4f113b"));
            return (await Kit.SendAsync(request)).Status;
        }

        Assert.Equal(200, await Send("get_params.cgi", 1));
        Assert.Equal(200, await Send("get_status.cgi", 2)); // same nonce, increasing nc: no extra round trip
        Assert.Equal(200, await Send("set_alias.cgi?alias=Digested", 3));
        Assert.Equal("Digested", cam.Snapshot()["alias"]);
        Assert.Equal(401, await Send("get_params.cgi", 3)); // replayed nc
        Assert.Equal(401, await Send("get_params.cgi", 9, "wrong"));

        // wrong uri in the digest (answer computed for another path)
        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cam.BaseUri, "get_params.cgi")))
        {
            request.Headers.TryAddWithoutValidation("Authorization", Kit.DigestHeader("admin", Kit.AdminPwd, p["realm"], p["nonce"], "GET", "/get_misc.cgi", 10, "c"));
            Assert.Equal(401, (await Kit.SendAsync(request)).Status);
        }

        // an unknown nonce gets a fresh challenge with stale=true
        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cam.BaseUri, "get_params.cgi")))
        {
            request.Headers.TryAddWithoutValidation("Authorization", Kit.DigestHeader("admin", Kit.AdminPwd, p["realm"], "00112233", "GET", "/get_params.cgi", 1, "c"));
            var r = await Kit.SendAsync(request);
            Assert.Equal(401, r.Status);
            Assert.EndsWith("stale=true", r.Header("WWW-Authenticate"), StringComparison.Ordinal);
        }

        // Basic is refused by Digest firmware; query credentials are accepted (documented choice)
        var basic = await Kit.GetAsync(cam, "get_params.cgi");
        Assert.Equal(401, basic.Status);
        Assert.StartsWith("Digest ", basic.Header("WWW-Authenticate"));
        Assert.Equal(200, (await Kit.GetAsync(cam, "get_params.cgi?user=admin&pwd=" + Kit.AdminPwd, null)).Status);
    }

    [Fact]
    public async Task DigestWorksWithDotNetCredentialHandler()
    {
        await using var host = await Kit.StartAsync(configure: o => o.Profile = FirmwareProfile.Digest);
        var cam = host.Cameras[0];
        using var handler = new HttpClientHandler { Credentials = new System.Net.NetworkCredential("admin", Kit.AdminPwd) };
        using var client = new HttpClient(handler);
        var text = await client.GetStringAsync(new Uri(cam.BaseUri, "get_params.cgi?x=1&y=a%20b"));
        Assert.Contains("var id='" + cam.Id + "';", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogAccumulatesOneEntryPerAuthenticatedAccess()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "set_datetime.cgi?now=1249329184&tz=0"); // Mon, 2009-08-03 19:53:04
        await Kit.GetAsync(cam, "check_user.cgi", "guest", "fake-guestpw");
        await Kit.GetAsync(cam, "get_params.cgi", "admin", "wrong"); // not logged
        await Kit.GetAsync(cam, "get_status.cgi", null);              // anonymous: not logged
        var r = await Kit.GetAsync(cam, "get_log.cgi");

        Assert.StartsWith("var log_text='", r.Text, StringComparison.Ordinal);
        Assert.EndsWith("';\n", r.Text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', r.Text.TrimEnd('\n'));            // one line: entries separated by a literal backslash-n
        var entries = Kit.ParseVars(r.Text)["log_text"].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, entries.Length); // set_datetime, check_user, get_log
        var fields = entries[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["Mon,", "2009-08-03"], fields.Take(2).ToArray());
        Assert.Matches("^19:5[3-9]:[0-9]{2}$", fields[2]);
        Assert.Equal(["guest", "127.0.0.1", "access"], fields.Skip(3).ToArray());
        Assert.Equal(3, cam.LogCount);
    }

    [Fact]
    public async Task UserRemovedBySetUsersCannotLogIn()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        var q = string.Join("&", Enumerable.Range(1, 8).Select(i => i == 1 ? $"user1=boss&pwd1=fake-b0ss&pri1=2" : $"user{i}=&pwd{i}=&pri{i}=0"));
        await Kit.OkAsync(cam, "set_users.cgi?" + q);
        Assert.Equal(401, (await Kit.GetAsync(cam, "get_params.cgi")).Status);
        Assert.Equal(200, (await Kit.GetAsync(cam, "get_params.cgi", "boss", "fake-b0ss")).Status);
        Assert.Equal(401, (await Kit.GetAsync(cam, "get_params.cgi", "", "")).Status); // empty slots never match
    }

    [Fact]
    public async Task HttpClientBasicHandlerChallengeFlow()
    {
        await using var host = await Kit.StartAsync();
        using var handler = new HttpClientHandler { Credentials = new System.Net.NetworkCredential("admin", Kit.AdminPwd) };
        using var client = new HttpClient(handler);
        using var r = await client.GetAsync(new Uri(host.Cameras[0].BaseUri, "get_misc.cgi"));
        Assert.Equal(200, (int)r.StatusCode);
        Assert.Equal("text/plain", r.Content.Headers.ContentType!.MediaType);
        Assert.Null(r.Content.Headers.ContentType.CharSet);
        _ = new AuthenticationHeaderValue("Basic");
    }
}
