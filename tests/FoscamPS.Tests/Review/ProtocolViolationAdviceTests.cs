using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using FoscamPS.Emulator;
using FoscamPS.Model;
using FoscamPS.Protocol;
using FoscamPS.Tests.Commands;
using Xunit;

namespace FoscamPS.Tests.Review;

/// <summary>
/// A ProtocolViolation's recommended action follows the CGI catalogue's safety of the request: a read may simply be
/// sent again, a state-changing request whose reply went wrong may have been applied and must be read back first.
/// </summary>
public class ProtocolViolationAdviceTests
{
    private static Task<EmulatorHost> StartAsync()
    {
        var options = new EmulatorOptions { Count = 1 };
        TestAccounts.AddTo(options);
        return EmulatorHost.StartAsync(options);
    }

    private static CamTransport Transport(EmulatedCamera cam) =>
        new(CamAddress.Parse(cam.BaseUri.ToString()), new NetworkCredential("admin", TestAccounts.AdminPassword), new CamTransportOptions { Timeout = TimeSpan.FromSeconds(5) });

    private static void AssertWriteAdvice(string action)
    {
        Assert.Contains("may have been applied", action);
        Assert.Contains("matching Get- cmdlet", action);
        Assert.DoesNotContain("retry", action, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>An act (PTZ, reboot, test mail, upload) may have happened: neither "retry" nor "read the settings back".</summary>
    private static void AssertSideEffectAdvice(string action)
    {
        Assert.Contains("may have happened", action);
        Assert.Contains("check for its effect", action);
        Assert.DoesNotContain("retry", action, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Get- cmdlet", action);
    }

    private static void AssertAdviceFor(CgiSafety safety, string action)
    {
        if (safety == CgiSafety.ReadOnly) AssertReadAdvice(action);
        else if (safety == CgiSafety.SideEffect) AssertSideEffectAdvice(action);
        else AssertWriteAdvice(action);
    }

    private static void AssertReadAdvice(string action)
    {
        Assert.Contains("retry", action);
        Assert.DoesNotContain("may have been applied", action);
    }

    [Theory]
    [InlineData(FaultMode.Http500)]
    [InlineData(FaultMode.TruncatedReply)]
    public async Task SetterViolation_AdvisesReadBack_NotRetry(FaultMode fault)
    {
        await using var host = await StartAsync();
        var cam = host.Cameras[0];
        cam.Fault = fault;
        using var t = Transport(cam);
        var setter = CgiCatalogue.Get("set_alias.cgi");
        Assert.Equal(CgiSafety.Write, setter.Safety);
        var ex = await Assert.ThrowsAsync<CamProtocolException>(() => t.SendAsync(setter.CreateRequest(new[] { new KeyValuePair<string, string>("alias", "Lobby") }), default));
        Assert.Equal(CgiSafety.Write, ex.Safety);
        AssertWriteAdvice(ex.RecommendedAction);
    }

    [Theory]
    [InlineData(FaultMode.Http500)]
    [InlineData(FaultMode.TruncatedReply)]
    public async Task ReadViolation_StillAdvisesRetry(FaultMode fault)
    {
        await using var host = await StartAsync();
        var cam = host.Cameras[0];
        cam.Fault = fault;
        using var t = Transport(cam);
        var ex = await Assert.ThrowsAsync<CamProtocolException>(() => t.SendAsync(CgiCatalogue.GetParams.CreateRequest(), default));
        Assert.Equal(CgiSafety.ReadOnly, ex.Safety);
        AssertReadAdvice(ex.RecommendedAction);
    }

    [Fact]
    public void AdviceComesFromTheSafetyClass()
    {
        AssertReadAdvice(CamProtocolException.AdviceFor(CgiSafety.ReadOnly));
        AssertWriteAdvice(CamProtocolException.AdviceFor(CgiSafety.Write));
        AssertSideEffectAdvice(CamProtocolException.AdviceFor(CgiSafety.SideEffect));
        AssertReadAdvice(CamTimeoutException.AdviceFor(CgiSafety.ReadOnly));
        AssertWriteAdvice(CamTimeoutException.AdviceFor(CgiSafety.Write));
        AssertSideEffectAdvice(CamTimeoutException.AdviceFor(CgiSafety.SideEffect));
        // Every catalogue CGI that stores settings gets the read-back advice, every act the check-its-effect advice,
        // every read the retry advice.
        foreach (var cgi in CgiCatalogue.All)
        {
            var ex = CamOutcome.Classify(500, string.Empty, cgi.Name, "cam:80", null, cgi.Safety);
            AssertAdviceFor(cgi.Safety, Assert.IsType<CamProtocolException>(ex).RecommendedAction);
            AssertAdviceFor(cgi.Safety, new CamTimeoutException("t", TimeSpan.FromSeconds(1), cgi.Safety).RecommendedAction);
        }
    }

    [Fact]
    public async Task SetCamAlias_ErrorRecordAdvisesReadBack_GetCamStatusAdvisesRetry()
    {
        await using var host = await StartAsync();
        var cam = host.Cameras[0];
        using var ps = new HostedPowerShell();
        var vars = new Dictionary<string, object?> { ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword), ["addr"] = $"127.0.0.1:{cam.Port}" };

        cam.Fault = FaultMode.Http500;
        cam.FaultCgi = "set_alias.cgi";
        var set = ps.Run("Set-CamAlias -Camera $addr -Credential $cred -Alias Lobby -Confirm:$false", vars);
        var error = Assert.Single(set.Errors);
        Assert.StartsWith("ProtocolViolation", error.FullyQualifiedErrorId);
        AssertWriteAdvice(error.ErrorDetails.RecommendedAction);

        cam.FaultCgi = null;
        var get = ps.Run("Get-CamStatus -Camera $addr -Credential $cred -RetryCount 0", vars);
        error = Assert.Single(get.Errors);
        Assert.StartsWith("ProtocolViolation", error.FullyQualifiedErrorId);
        AssertReadAdvice(error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public async Task TestCamMail_GarbledAnswer_AdvisesCheckingForTheMail_NotRetry()
    {
        // A test mail may have gone out before the answer went wrong: sending it again blindly mails twice.
        await using var host = await StartAsync();
        var cam = host.Cameras[0];
        using var ps = new HostedPowerShell();
        var vars = new Dictionary<string, object?> { ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword), ["addr"] = $"127.0.0.1:{cam.Port}" };
        cam.Fault = FaultMode.GarbageReply;
        cam.FaultCgi = "test_mail.cgi";
        var r = ps.Run("Test-CamMail -Camera $addr -Credential $cred -Confirm:$false", vars);
        Assert.Empty(r.Output);
        var error = Assert.Single(r.Errors);
        Assert.StartsWith("ProtocolViolation", error.FullyQualifiedErrorId);
        AssertSideEffectAdvice(error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public async Task SetterTimeout_AdvisesReadBack_ReadTimeoutAdvisesRetry()
    {
        await using var host = await StartAsync();
        var cam = host.Cameras[0];
        cam.Fault = FaultMode.AcceptThenSilence;
        using var t = new CamTransport(CamAddress.Parse(cam.BaseUri.ToString()), new NetworkCredential("admin", TestAccounts.AdminPassword), new CamTransportOptions { Timeout = TimeSpan.FromSeconds(1) });
        var setter = CgiCatalogue.Get("set_alias.cgi");
        var write = await Assert.ThrowsAsync<CamTimeoutException>(() => t.SendAsync(setter.CreateRequest(new[] { new KeyValuePair<string, string>("alias", "Lobby") }), default));
        AssertWriteAdvice(write.RecommendedAction);
        var read = await Assert.ThrowsAsync<CamTimeoutException>(() => t.SendAsync(CgiCatalogue.GetStatus.CreateRequest(), default));
        AssertReadAdvice(read.RecommendedAction);
    }
}
