using System;
using System.Collections.Generic;
using System.Linq;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Tests.Commands;
using Xunit;

namespace FoscamPS.Tests.Hardening;

/// <summary>Hostile camera text is shown harmlessly (raw value kept for scripts); hostile input is rejected before any request.</summary>
public sealed class SanitiserTests : IClassFixture<LegacyCamerasFixture>, IDisposable
{
    private const string Hostile = "\u001b[2J\u0007Lobby\r\n\u009b\u202e"; // 17 UTF-8 bytes: within the 20 the firmware keeps
    private readonly LegacyCamerasFixture _cams;
    private readonly HostedPowerShell _ps = new();

    public SanitiserTests(LegacyCamerasFixture cams) => _cams = cams;

    public void Dispose() => _ps.Dispose();

    private Dictionary<string, object?> Vars(int i) => new()
    {
        ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword),
        ["addr"] = _cams.Address(i),
    };

    private static void AssertHarmless(string? shown)
    {
        Assert.NotNull(shown);
        Assert.True(CamText.IsSafe(shown), shown);
        Assert.DoesNotContain(shown!, c => char.IsControl(c));
    }

    [Theory]
    [InlineData("plain Lobby", "plain Lobby")]
    [InlineData("Café ☕ 𝄞", "Café ☕ 𝄞")]
    [InlineData("a\u001b[31mb", "a\u241b[31mb")]
    [InlineData("\0\t\r\n\u007f", "\u2400\u2409\u240d\u240a\u2421")]
    [InlineData("x\u009by", "x\\u009By")]
    [InlineData("\u202egnp.exe", "\\u202Egnp.exe")]
    [InlineData("zero\u200bwidth", "zero\\u200Bwidth")]
    public void SanitizeShowsControlsVisibly(string raw, string shown)
    {
        Assert.Equal("lone\\uD800", CamText.Sanitize("lone\ud800"));
        Assert.Equal(shown, CamText.Sanitize(raw));
        Assert.True(CamText.IsSafe(CamText.Sanitize(raw)));
        Assert.Null(CamText.Sanitize(null));
    }

    [Theory]
    [InlineData("Lobby", 20, true)]
    [InlineData("12345678901234567890", 20, true)]
    [InlineData("123456789012345678901", 20, false)]
    [InlineData("éééééééééé", 20, true)]   // 10 characters, 20 bytes
    [InlineData("ééééééééééé", 20, false)] // 11 characters, 22 bytes
    [InlineData("a\u001bb", 20, false)]
    [InlineData("a\nb", 20, false)]
    [InlineData("\u202e", 20, false)]
    public void CheckInputCountsUtf8BytesAndRejectsControls(string text, int max, bool ok)
        => Assert.Equal(ok, CamText.CheckInput(text, max) is null);

    [Fact]
    public void OutputsCarrySanitisedTextAndTheRawValue()
    {
        var cam = _cams.Host.Cameras[0];
        cam.Update(new Dictionary<string, string> { ["alias"] = Hostile, ["ddns_host"] = "\u001b[5mhost", ["wifi_ssid"] = "net\u0007work" });

        var status = (CamStatus)Assert.Single(_ps.Run("Get-CamStatus -Camera $addr -Credential $cred", Vars(0)).Output).BaseObject;
        AssertHarmless(status.Alias);
        Assert.Equal(Hostile, status.GetRawText("Alias"));
        Assert.Equal(Hostile, status.GetRawText("alias"));
        AssertHarmless(status.DdnsHost);
        Assert.Equal("\u001b[5mhost", status.GetRawText(nameof(CamStatus.DdnsHost)));
        Assert.Equal(status.CameraId, status.GetRawText(nameof(CamStatus.CameraId))); // untouched text: raw = shown
        Assert.Equal(new[] { "Alias", "DdnsHost" }, status.GetSanitizedPropertyNames().OrderBy(n => n));

        var param = _ps.Run("Get-CamParam -Camera $addr -Credential $cred", Vars(0)).Output.Select(o => (CamParam)o.BaseObject).ToList();
        var ssid = param.Single(p => p.Name == "wifi_ssid");
        AssertHarmless((string?)ssid.Value);
        Assert.Equal("net\u0007work", ssid.GetRawText("Value"));
        Assert.All(param.Select(p => p.Value).OfType<string>(), v => Assert.True(CamText.IsSafe(v)));

        var session = (CamSession)Assert.Single(_ps.Run("Connect-Cam -Camera $addr -Credential $cred", Vars(0)).Output).BaseObject;
        AssertHarmless(session.Alias);
        Assert.Equal(Hostile, session.GetRawText("Alias"));

        // what reaches the console: the formatted table/list text has no escape character
        var text = _ps.Run("Get-CamStatus -Camera $addr -Credential $cred | Format-List * | Out-String -Width 200", Vars(0));
        var rendered = string.Concat(text.Output.Select(o => o.BaseObject as string));
        Assert.Contains("Lobby", rendered);
        Assert.False(rendered.Contains('\u001b'), CamText.Sanitize(rendered));
        Assert.False(rendered.Contains('\u0007'), CamText.Sanitize(rendered));
        Assert.False(rendered.Contains('\u009b'), CamText.Sanitize(rendered));
        Assert.Contains("\u241b[2J\u2407Lobby", rendered, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'a' + [char]27 + '[31m'")]
    [InlineData("\"line1`nline2\"")]
    [InlineData("'é' * 11")]
    [InlineData("[string][char]0x202E + 'x'")]
    public void SetCamAliasRejectsHostileInputBeforeAnyRequest(string expression)
    {
        var cam = _cams.Host.Cameras[1];
        var before = cam.RequestCount;
        var e = _ps.RunExpectingTerminatingError($"Set-CamAlias -Camera $addr -Credential $cred -Alias ({expression}) -Confirm:$false", Vars(1));
        Assert.StartsWith("ParameterArgumentValidationError", e.FullyQualifiedErrorId);
        Assert.Contains("Alias", e.ToString());
        Assert.Equal(before, cam.RequestCount);
    }

    [Fact]
    public void SetCamAliasAcceptsTwentyBytesOfUtf8()
    {
        var cam = _cams.Host.Cameras[2];
        var r = _ps.Run("Set-CamAlias -Camera $addr -Credential $cred -Alias ('é' * 10) -Confirm:$false", new Dictionary<string, object?>
        {
            ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword),
            ["addr"] = _cams.Address(2),
        });
        Assert.Empty(r.Errors);
        Assert.Equal(new string('é', 10), cam.Snapshot()["alias"]);
    }
}
