using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using FoscamPS.Emulator;
using FoscamPS.Tests.Emulator;
using Xunit;

namespace FoscamPS.Tests.EmulatorFidelity;

/// <summary>
/// Replays exchanges as recorded from real FI8918W firmware (written out from the public facts in
/// camera-facts.md, with our own ids, names and passwords) and compares status line, header names in order,
/// the headers that matter, and the body.
/// </summary>
public class ReplayTests
{
    private const string Prefix = "00A1B2";
    private const string Id = "00A1B2000001";
    private static readonly string[] TextHeaders = ["Server", "Date", "Content-Type", "Content-Length", "Cache-Control", "Connection"];

    /// <summary>One recorded exchange. Body is a regular expression over the Latin-1 body; {id} is the camera id.</summary>
    public sealed record Exchange(string Name, string Request, string StatusLine, string[] HeaderNames, (string Name, string Value)[] Headers, string Body, bool Endless = false)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Exchange> Legacy => new(LegacyRecords());

    private static string Auth(string target, string method = "GET", string extra = "") =>
        $"{method} {target} HTTP/1.1\r\nHost: 192.168.1.20\r\nUser-Agent: Mozilla/4.0\r\nAuthorization: Basic {Kit.Basic("admin", Kit.AdminPwd)}\r\n{extra}\r\n";

    private static IEnumerable<Exchange> LegacyRecords()
    {
        (string, string)[] text = [("Server", "Netwave IP Camera"), ("Content-Type", "text/plain"), ("Cache-Control", "no-cache"), ("Connection", "close")];
        yield return new("setter ok", Auth("/set_alias.cgi?alias=Porch"), "HTTP/1.1 200 OK", TextHeaders, [.. text, ("Content-Length", "4")], "^ok\\.\n$");
        yield return new("setter missing value", Auth("/set_alias.cgi"), "HTTP/1.1 200 OK", TextHeaders, [.. text, ("Content-Length", "22")], "^error: illegal params\\.$");
        yield return new(
            "get_status anonymous on 11.37.2.49",
            "GET /get_status.cgi HTTP/1.0\r\n\r\n",
            "HTTP/1.1 200 OK",
            TextHeaders,
            text,
            "^var id='{id}';\nvar sys_ver='11\\.37\\.2\\.49';\nvar app_ver='2\\.0\\.10\\.4';\nvar alias='[^']*';\nvar now=[0-9]+;\nvar tz=0;\nvar alarm_status=0;\n" +
            "var ddns_status=0;\nvar ddns_host='';\nvar oray_type=0;\nvar upnp_status=0;\nvar p2p_status=0;\nvar p2p_local_port=[1-6][0-9]{4};\nvar msn_status=0;\nvar wifi_status=0;\n$");
        yield return new(
            "check_user echoes the password, pri on the 1-3 scale",
            Auth("/check_user.cgi"),
            "HTTP/1.1 200 OK",
            TextHeaders,
            text,
            "^var user='admin';\nvar pwd='" + Regex.Escape(Kit.AdminPwd) + "';\nvar pri=3;\n$");
        yield return new(
            "no credentials",
            "GET /get_params.cgi HTTP/1.1\r\nHost: 192.168.1.20\r\n\r\n",
            "HTTP/1.1 401 Unauthorized",
            ["Server", "Date", "WWW-Authenticate", "Content-Type", "Content-Length", "Cache-Control", "Connection"],
            [("WWW-Authenticate", "Basic realm=\"ipcamera\"")],
            "^401 Unauthorized$");
        yield return new("unknown CGI", Auth("/get_everything.cgi"), "HTTP/1.1 404 Not Found", TextHeaders, [("Content-Length", "15")], "^File not found\\.$");
        yield return new(
            "empty upgrade POST",
            Auth("/upgrade_firmware.cgi", "POST", "Content-Length: 0\r\n"),
            "HTTP/1.1 200 OK",
            TextHeaders,
            text,
            "^error: illegal http frame\\.$");
        yield return new("get_camera_params has fps", Auth("/get_camera_params.cgi"), "HTTP/1.1 200 OK", TextHeaders, text, "^var resolution=32;\nvar brightness=96;\nvar contrast=4;\nvar mode=0;\nvar flip=0;\nvar fps=[0-9]+;\n$");
        yield return new("PTZ left is 6", Auth("/decoder_control.cgi?command=6"), "HTTP/1.1 200 OK", TextHeaders, text, "^ok\\.\n$");
        yield return new("comm_write loose number", Auth("/comm_write.cgi?port=1x&baud=12&bytes=1&data=A"), "HTTP/1.1 200 OK", TextHeaders, text, "^ok\\.\n$");
        yield return new(
            "set_network gateway 0.0.0.0",
            Auth("/set_network.cgi?ip=192.168.1.20&mask=255.255.255.0&gateway=0.0.0.0&dns=192.168.1.1&port=80"),
            "HTTP/1.1 200 OK",
            TextHeaders,
            text,
            "^error: illegal params\\.$");
        yield return new("set_forbidden without schedule_enable", Auth("/set_forbidden.cgi?schedule_sun_0=1"), "HTTP/1.1 200 OK", TextHeaders, text, "^error: illegal params\\.$");
        yield return new("test_mail without a server", Auth("/test_mail.cgi"), "HTTP/1.1 200 OK", TextHeaders, text, "^var result=-1;\n$");
        yield return new(
            "snapshot",
            Auth("/snapshot.cgi"),
            "HTTP/1.1 200 OK",
            ["Server", "Date", "Content-Type", "Content-Length", "Content-Disposition", "Connection"],
            [("Server", "Netwave IP Camera"), ("Content-Type", "image/jpeg"), ("Connection", "close")],
            "^\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x02[\\s\\S]*\xFF\xC0\x00\x11\x08\x01\xE0\x02\x80\x03\x01\x21\x00[\\s\\S]*\xFF\xD9$");
        yield return new(
            "MJPEG stream",
            Auth("/videostream.cgi?resolution=8"),
            "HTTP/1.1 200 OK",
            ["Server", "Date", "Content-Type", "Cache-Control", "Connection"],
            [("Content-Type", "multipart/x-mixed-replace;boundary=ipcamera")],
            "^--ipcamera\r\nContent-Type: image/jpeg\r\nContent-Length: [0-9]+\r\n\r\n\xFF\xD8",
            Endless: true);
    }

    [Theory]
    [MemberData(nameof(Legacy))]
    public async Task LegacyFirmwareAnswersAsRecorded(Exchange exchange)
    {
        await using var host = await Kit.StartAsync(1, o => o.IdPrefix = Prefix);
        await CheckAsync(host.Cameras[0], exchange);
    }

    [Fact]
    public async Task DigestFirmwareChallengesAsRecorded()
    {
        await using var host = await Kit.StartAsync(1, o =>
        {
            o.IdPrefix = Prefix;
            o.Profile = FirmwareProfile.Digest;
        });
        await CheckAsync(host.Cameras[0], new(
            "get_status needs credentials on 11.37.2.56",
            "GET /get_status.cgi HTTP/1.1\r\nHost: 192.168.1.20\r\n\r\n",
            "HTTP/1.1 401 Unauthorized",
            ["Server", "Date", "WWW-Authenticate", "Content-Type", "Content-Length", "Cache-Control", "Connection"],
            [],
            "^401 Unauthorized$"));
        var raw = await Kit.RawAsync(host.Cameras[0], "GET /get_status.cgi HTTP/1.1\r\nHost: 192.168.1.20\r\n\r\n");
        Assert.Matches("^Digest realm=\"ipcamera_" + Id + "\", qop=\"auth\", nonce=\"[^\"]+\"$", raw.Header("WWW-Authenticate"));
    }

    private static async Task CheckAsync(EmulatedCamera camera, Exchange exchange)
    {
        var raw = await Kit.RawAsync(camera, exchange.Request, exchange.Endless ? TimeSpan.FromSeconds(2) : null);
        Assert.True(exchange.Endless || raw.ClosedByServer, "the camera closes every connection");
        var lines = raw.Head.Split("\r\n");
        Assert.Equal(exchange.StatusLine, lines[0]);
        Assert.Equal(exchange.HeaderNames, lines.Skip(1).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]).ToArray());
        foreach (var (name, value) in exchange.Headers)
        {
            Assert.Equal(value, raw.Header(name));
        }

        if (!exchange.Endless && raw.Header("Content-Length") is { } length)
        {
            Assert.Equal(length, raw.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var body = System.Text.Encoding.Latin1.GetString(raw.Body);
        Assert.Matches(new Regex(exchange.Body.Replace("{id}", Id, StringComparison.Ordinal)), body);
    }
}
