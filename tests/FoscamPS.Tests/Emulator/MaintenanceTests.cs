using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using FoscamPS.Emulator;
using FoscamPS.Emulator.Maintenance;
using Xunit;

namespace FoscamPS.Tests.Emulator;

/// <summary>Reboot, factory reset, backup/restore, upgrades, wifi scan, mail/ftp tests.</summary>
public class MaintenanceTests
{
    [Fact]
    public async Task RebootRefusesConnectionsForRebootTimeThenRecovers()
    {
        await using var host = await Kit.StartAsync(configure: o => o.RebootTime = TimeSpan.FromMilliseconds(700));
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "reboot.cgi");
        Assert.True(cam.IsRebooting);
        await Kit.AssertConnectionFailsAsync(() => Kit.GetAsync(cam, "get_status.cgi", null));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await Kit.WaitUpAsync(cam);
        Assert.Equal(200, (await Kit.GetAsync(cam, "get_status.cgi", null)).Status);
        Assert.InRange(sw.ElapsedMilliseconds, 300, 5000);
    }

    [Fact]
    public async Task RebootWithoutNtpRestartsTheClockIn1970()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "set_datetime.cgi?ntp_enable=0");
        await Kit.OkAsync(cam, "reboot.cgi");
        await Kit.WaitUpAsync(cam);
        var r = await Kit.GetAsync(cam, "get_status.cgi", null);
        Assert.Equal(1970, DateTimeOffset.Parse(r.Header("Date")!, CultureInfo.InvariantCulture).Year);
        Assert.InRange(long.Parse(Kit.ParseVars(r.Text)["now"], CultureInfo.InvariantCulture), 0, 60);
    }

    [Fact]
    public async Task RebootClearsTheLog()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.GetAsync(cam, "get_misc.cgi");
        await Kit.OkAsync(cam, "reboot.cgi");
        await Kit.WaitUpAsync(cam);
        var log = (await Kit.VarsAsync(cam, "get_log.cgi"))["log_text"];
        Assert.Single(log.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task RestoreFactoryGoesBackToAdminWithEmptyPassword()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        var id = cam.Id;
        await Kit.OkAsync(cam, "set_upnp.cgi?enable=1");
        await Kit.OkAsync(cam, "restore_factory.cgi");
        await Kit.WaitUpAsync(cam);
        Assert.Equal(401, (await Kit.GetAsync(cam, "get_params.cgi")).Status);
        var p = await Kit.VarsAsync(cam, "get_params.cgi", "admin", "");
        Assert.Equal("admin", p["user1_name"]);
        Assert.Equal("", p["user1_pwd"]);
        Assert.Equal("", p["user2_name"]);
        Assert.Equal("0", p["upnp_enable"]);
        Assert.Equal(id, p["id"]);
        Assert.Equal("11.37.2.49", p["sys_ver"]);
    }

    [Fact]
    public async Task BackupChangeRestoreRoundTrip()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "set_alias.cgi?alias=Before");
        await Kit.OkAsync(cam, "set_misc.cgi?led_mode=1");
        var before = Stable(cam);

        var backup = await Kit.GetAsync(cam, "backup_params.cgi");
        Assert.Equal(200, backup.Status);
        Assert.Equal("application/octet-stream", backup.Header("Content-Type"));
        Assert.Contains("params.bin", backup.Header("Content-Disposition"), StringComparison.Ordinal);
        Assert.True(ParamsBin.TryRead(backup.Body, out var state, out _));
        Assert.Equal("Before", state!["alias"]);
        Assert.Equal(Kit.AdminPwd, state["user1_pwd"]); // the file carries every secret

        await Kit.OkAsync(cam, "set_alias.cgi?alias=After");
        await Kit.OkAsync(cam, "set_misc.cgi?led_mode=2");
        await Kit.OkAsync(cam, "camera_control.cgi?param=1&value=10");

        var restored = await Kit.UploadAsync(cam, "restore_params.cgi", backup.Body);
        Assert.Equal("ok.\n", restored.Text);
        Assert.True(cam.IsRebooting);
        await Kit.WaitUpAsync(cam);
        Assert.Equal(before, Stable(cam));
    }

    [Fact]
    public async Task RestoreParamsRejectsBadUploads()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        Assert.Equal("error: illegal http frame.", (await Kit.UploadAsync(cam, "restore_params.cgi", null)).Text);
        Assert.Equal("error: illegal http frame.", (await Kit.GetAsync(cam, "restore_params.cgi")).Text);
        Assert.Equal("error: illegal params.", (await Kit.UploadAsync(cam, "restore_params.cgi", "not a params file"u8.ToArray())).Text);

        var good = (await Kit.GetAsync(cam, "backup_params.cgi")).Body;
        var damaged = good.ToArray();
        damaged[^5] ^= 0x55;
        Assert.Equal("error: illegal params.", (await Kit.UploadAsync(cam, "restore_params.cgi", damaged)).Text);
        Assert.False(cam.IsRebooting);

        var wrongValue = new Dictionary<string, string>(cam.Snapshot()) { ["upnp_enable"] = "9" };
        Assert.Equal("error: illegal params.", (await Kit.UploadAsync(cam, "restore_params.cgi", ParamsBin.Write(wrongValue))).Text);
    }

    [Fact]
    public async Task SetFactoryParamsChangesWhatRestoreFactoryReturnsTo()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "set_alias.cgi?alias=Shipped");
        var file = (await Kit.GetAsync(cam, "backup_params.cgi")).Body;
        Assert.Equal("ok.\n", (await Kit.UploadAsync(cam, "set_factory_params.cgi", file)).Text);
        Assert.False(cam.IsRebooting);
        await Kit.OkAsync(cam, "set_alias.cgi?alias=Later");
        Assert.Equal("Later", cam.Snapshot()["alias"]);
        await Kit.OkAsync(cam, "restore_factory.cgi");
        await Kit.WaitUpAsync(cam);
        Assert.Equal("Shipped", cam.Snapshot()["alias"]);
        Assert.Equal(Kit.AdminPwd, cam.Snapshot()["user1_pwd"]);
    }

    [Fact]
    public async Task UpgradeFirmwareChangesVersionAndSwitchesToDigest()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        Assert.Equal("error: illegal http frame.", (await Kit.UploadAsync(cam, "upgrade_firmware.cgi", null)).Text);
        Assert.Equal("error: illegal params.", (await Kit.UploadAsync(cam, "upgrade_firmware.cgi", new byte[100])).Text);
        Assert.Equal(FirmwareProfile.Legacy, cam.Profile);

        var package = FirmwarePackage.Build(new Version(11, 37, 2, 58), new byte[4096]);
        Assert.Equal("ok.\n", (await Kit.UploadAsync(cam, "upgrade_firmware.cgi", package)).Text);
        Assert.True(cam.IsRebooting);
        await Kit.AssertConnectionFailsAsync(() => Kit.GetAsync(cam, "get_status.cgi", null));
        await Kit.WaitUpAsync(cam);

        Assert.Equal(FirmwareProfile.Digest, cam.Profile);
        var anonymous = await Kit.GetAsync(cam, "get_status.cgi", null);
        Assert.Equal(401, anonymous.Status);
        Assert.StartsWith("Digest realm=\"ipcamera_" + cam.Id + "\"", anonymous.Header("WWW-Authenticate"), StringComparison.Ordinal);
        var status = await Kit.VarsAsync(cam, "get_status.cgi?user=admin&pwd=" + Kit.AdminPwd, null);
        Assert.Equal("11.37.2.58", status["sys_ver"]);
    }

    [Fact]
    public async Task UpgradeHtmlsChangesAppVer()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        Assert.Equal("error: illegal http frame.", (await Kit.UploadAsync(cam, "upgrade_htmls.cgi", null)).Text);
        var package = WebUiPackage.Build(new Version(2, 0, 10, 9), [new("index.htm", "<html></html>"u8.ToArray()), new("images", null)]);
        var broken = package.ToArray();
        broken[20] ^= 1;
        Assert.Equal("error: illegal params.", (await Kit.UploadAsync(cam, "upgrade_htmls.cgi", broken)).Text);
        Assert.Equal("ok.\n", (await Kit.UploadAsync(cam, "upgrade_htmls.cgi", package)).Text);
        await Kit.WaitUpAsync(cam);
        Assert.Equal("2.0.10.9", (await Kit.VarsAsync(cam, "get_status.cgi", null))["app_ver"]);
        Assert.Equal(FirmwareProfile.Legacy, cam.Profile);
    }

    [Fact]
    public async Task UploadNextUrlServesPage()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        var package = WebUiPackage.Build(new Version(2, 0, 10, 12), [new("index.htm", "x"u8.ToArray())]);
        var r = await Kit.UploadAsync(cam, "upgrade_htmls.cgi?next_url=reboot.htm", package);
        Assert.Equal("text/html", r.Header("Content-Type"));
    }

    [Fact]
    public async Task WifiScanResultsAppearOnlyAfterTheDelay()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        const string empty = "var ap_bssid=new Array();\nvar ap_ssid=new Array();\nvar ap_mode=new Array();\nvar ap_security=new Array();\nvar ap_number=0;\n";
        Assert.Equal(empty, (await Kit.GetAsync(cam, "get_wifi_scan_result.cgi")).Text);
        await Kit.OkAsync(cam, "wifi_scan.cgi");
        Assert.Equal(empty, (await Kit.GetAsync(cam, "get_wifi_scan_result.cgi")).Text);
        await Task.Delay(400);
        var text = (await Kit.GetAsync(cam, "get_wifi_scan_result.cgi")).Text;
        Assert.StartsWith("var ap_bssid=new Array();\nvar ap_ssid=new Array();\nvar ap_mode=new Array();\nvar ap_security=new Array();\nap_bssid[0]='", text, StringComparison.Ordinal);
        Assert.Contains("\nap_ssid[1]='Calvin&Cici';\nap_mode[1]=0;\nap_security[1]=1;\nap_bssid[2]=", text, StringComparison.Ordinal);
        Assert.Contains("ap_ssid[2]='O\\'Brien lab';", text, StringComparison.Ordinal);
        Assert.EndsWith("\nvar ap_number=5;\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "-1")]
    [InlineData("svr=smtp.example.invalid&port=0&sender=a%40x&receiver1=b%40x", "-2")]
    [InlineData("svr=smtp.example.invalid&port=25&sender=&receiver1=b%40x", "-12")]
    [InlineData("svr=smtp.example.invalid&port=25&sender=a%40x&receiver1=", "-12")]
    [InlineData("svr=smtp.example.invalid&port=25&sender=a%40x&receiver3=b%40x&user=u&pwd=", "-5")]
    [InlineData("svr=error-9.example.invalid&port=25&sender=a%40x&receiver1=b%40x", "-9")]
    [InlineData("svr=smtp.example.invalid&port=25&sender=a%40x&receiver1=b%40x&user=u&pwd=fake-p", "0")]
    public async Task TestMailDerivesNegativeCodesFromSavedSettings(string settings, string expected)
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        var values = new Dictionary<string, string>
        {
            ["svr"] = "", ["port"] = "25", ["tls"] = "0", ["user"] = "", ["pwd"] = "", ["sender"] = "",
            ["receiver1"] = "", ["receiver2"] = "", ["receiver3"] = "", ["receiver4"] = "", ["mail_inet_ip"] = "0",
        };
        foreach (var pair in settings.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            values[pair[..eq]] = Uri.UnescapeDataString(pair[(eq + 1)..]);
        }

        await Kit.OkAsync(cam, "set_mail.cgi?" + Kit.Q(values.Select(kv => (kv.Key, kv.Value)).ToArray()));
        Assert.Equal($"var result={expected};\n", (await Kit.GetAsync(cam, "test_mail.cgi")).Text);
    }

    [Theory]
    [InlineData("svr=", "-1")]
    [InlineData("svr=ftp.example.invalid&port=0", "-2")]
    [InlineData("svr=ftp.example.invalid&user=", "-4")]
    [InlineData("svr=ftp.example.invalid&user=f&pwd=", "-5")]
    [InlineData("svr=ftp.example.invalid&user=f&pwd=fake-f&dir=", "-6")]
    [InlineData("svr=error-7.example.invalid", "-7")]
    [InlineData("svr=ftp.example.invalid&user=f&pwd=fake-f&dir=%2F", "0")]
    public async Task TestFtpDerivesNegativeCodesFromSavedSettings(string settings, string expected)
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "set_ftp.cgi?" + settings);
        Assert.Equal($"var result={expected};\n", (await Kit.GetAsync(cam, "test_ftp.cgi")).Text);
    }

    private static string Stable(EmulatedCamera cam) =>
        string.Join("\n", cam.Snapshot().Where(kv => kv.Key != "now").OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
}
