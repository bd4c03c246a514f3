using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FoscamPS.Model;
using FoscamPS.Protocol;
using FoscamPS.Tests.Commands;
using FoscamPS.Emulator;
using FoscamPS.Emulator.Maintenance;
using FoscamPS.Fleet;
using FoscamPS.Tests.Protocol.TestServers;
using Xunit;

namespace FoscamPS.Tests.Hardening;

/// <summary>
/// Retry safety (security.md): a camera that reads a request and closes the connection (FIN) without a byte of reply
/// must get the request ONCE. .NET's SocketsHttpHandler silently re-sends such a request on a new connection (up to 3
/// more times); the module's own HTTP client (CamHttpHandler) writes a request once, on one connection, so the module's
/// own retry rules (by CGI safety) are the only retry.
/// </summary>
public sealed class HiddenRetryTests : RawCameraTest
{
    public HiddenRetryTests() : base("hidden-retry") { }

    /// <summary>Requests whose path <paramref name="dropped"/> accepts are read and closed without a reply; others get <paramref name="healthy"/>.</summary>
    private static LoopbackHttpServer Server(Func<TestRequest, bool> dropped, Func<TestRequest, string>? healthy = null) =>
        LoopbackHttpServer.Start((r, c) => dropped(r) ? Task.CompletedTask : c.SendAsync(200, healthy?.Invoke(r) ?? HealthyStatus));

    private static int Count(LoopbackHttpServer s, string path) => s.Requests.Count(r => r.Path == path);

    private static string Describe(LoopbackHttpServer s, HostedResult result) =>
        "requests: " + string.Join(", ", s.Requests.Select(r => r.Method + " " + r.Path)) + " | errors: "
        + string.Join(" | ", result.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message)) + " | terminating: " + result.Terminating?.Message;

    [Fact]
    public async Task ASetterIsSentOnceWhenTheCameraClosesWithoutAReply()
    {
        await using var s = Server(r => r.Path == "/set_alias.cgi");
        var result = Run(s, "Set-CamAlias -Camera $cam -Credential $cred -Alias abc -TimeoutSec 5 -RetryCount 3 -Confirm:$false");
        Assert.Equal(1, Count(s, "/set_alias.cgi"));
        Assert.Null(result.Terminating);
        Assert.Single(result.Errors); // the lost reply was judged by the setter core (read back: alias is still 'raw')
    }

    [Fact]
    public async Task AWholeGroupSetterWritesOnceThenReadsBack()
    {
        await using var s = Server(r => r.Path == "/set_upnp.cgi", r => r.Path == "/get_params.cgi" ? "var upnp_av=0;\n" : HealthyStatus);
        var result = Run(s, "Set-CamUpnp -Camera $cam -Credential $cred -Enable $true -TimeoutSec 5 -RetryCount 3 -Confirm:$false");
        Assert.Equal(1, Count(s, "/set_upnp.cgi"));
        Assert.Null(result.Terminating);
        // read, write once, read back after the lost reply
        Assert.True(Count(s, "/get_params.cgi") >= 2, string.Join(", ", s.Requests.Select(r => r.Path)) + " | " + string.Join(" | ", result.Errors.Select(e => e.ToString())));
    }

    [Fact]
    public async Task RebootIsSentOnce()
    {
        await using var s = Server(r => r.Path == "/reboot.cgi");
        var result = Run(s, "Restart-Cam -Camera $cam -Credential $cred -TimeoutSec 5 -RetryCount 3 -Confirm:$false");
        Assert.True(Count(s, "/reboot.cgi") == 1, Describe(s, result));
    }

    [Fact]
    public async Task AnUploadIsSentOnce()
    {
        Directory.CreateDirectory(Dir);
        string fw = Path.Combine(Dir, FirmwarePackage.FileNameFor(Version.Parse(EmulatedCamera.LegacySysVer)));
        var payload = new byte[96 * 1024];
        new Random(10).NextBytes(payload);
        File.WriteAllBytes(fw, FirmwarePackage.Build(Version.Parse(EmulatedCamera.LegacySysVer), payload));
        await using var s = Server(r => r.Method == "POST");
        var result = Run(s, "Update-CamFirmware -Camera $cam -Credential $cred -Path $fw -Force -WaitTimeoutSec 5 -TimeoutSec 5 -RetryCount 3 -Confirm:$false",
            new Dictionary<string, object?> { ["fw"] = fw });
        Assert.True(s.Requests.Count(r => r.Method == "POST") == 1, Describe(s, result));
    }

    [Fact]
    public async Task AReadFollowsTheModulesOwnRetryRule()
    {
        // A reply that never came is a protocol violation (not a fast network failure): the module does not retry it.
        await using var s = Server(r => r.Path == "/get_status.cgi");
        var result = Run(s, "Get-CamStatus -Camera $cam -Credential $cred -TimeoutSec 5 -RetryCount 3");
        Assert.Equal(1, Count(s, "/get_status.cgi"));
        var error = Assert.Single(result.Errors);
        Assert.Equal("ProtocolViolation", error.FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public async Task TheTransportSendsOnceAndReportsALostReply()
    {
        await using var s = Server(_ => true);
        using var t = new CamTransport(s.Address, new System.Net.NetworkCredential("admin", "fake-pw-1"), new CamTransportOptions { Timeout = TimeSpan.FromSeconds(5) });
        var ex = await Assert.ThrowsAsync<CamProtocolException>(() => t.SendAsync(new CamRequest("set_alias.cgi", CgiSafety.Write).Add("alias", "abc"), default));
        Assert.Null(ex.HttpStatus); // a lost reply for the settings core (IsLostReply)
        Assert.Equal(1, s.RequestCount);
    }
}
