using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using FoscamPS.Emulator;
using Xunit;

namespace FoscamPS.Tests.Emulator;

/// <summary>Every set_* CGI: round trip through the get_* CGIs, and firmware validation.</summary>
public class SetterTests
{
    private static readonly string Long65 = new('x', 65);
    private static readonly string Users8 = string.Join("&", Enumerable.Range(1, 8).Select(i => i == 1 ? $"user1=admin&pwd1={Kit.AdminPwd}&pri1=2" : $"user{i}=u{i}&pwd{i}=fake-pw{i}&pri{i}={i % 3}"));
    private static readonly string Schedule = string.Join("&", new[] { "sun", "mon", "tue", "wed", "thu", "fri", "sat" }.SelectMany(d => Enumerable.Range(0, 3).Select(w => $"schedule_{d}_{w}={(d == "mon" ? "-1" : w == 2 ? "4294967264" : "0")}")));
    private const string Wifi = "enable=1&ssid=Lab%20%26%20Co&encrypt=4&defkey=0&key1=&key2=&key3=&key4=&authtype=0&keyformat=0&key1_bits=0&key2_bits=0&key3_bits=0&key4_bits=0&channel=6&mode=0&wpa_psk=fake-psk-12345678&country=1";
    private const string Mail = "svr=smtp.example.invalid&port=587&tls=2&user=mailer&pwd=fake-mail&sender=cam%40example.invalid&receiver1=ops%40example.invalid&receiver2=&receiver3=&receiver4=x%40example.invalid&mail_inet_ip=1";
    private const string Ddns = "service=2&user=dyn&pwd=fake-dyn&host=cam.example.invalid&proxy_svr=http%3A%2F%2Fupd.example.invalid%2Fnic%3Fa%3D1%26b%3D2&proxy_port=8245";

    public static TheoryData<string, string> RoundTrips() => new()
    {
        { "set_alias.cgi?alias=Front%20Door%27s", "alias=Front Door's" },
        { "set_datetime.cgi?tz=18000&daylight_saving_time=3600&ntp_enable=0&ntp_svr=pool.example.invalid", "tz=18000;daylight_saving_time=3600;ntp_enable=0;ntp_svr=pool.example.invalid" },
        { "set_datetime.cgi?tz=-3600", "tz=-3600" },
        { "set_users.cgi?" + Users8, "user1_name=admin;user2_name=u2;user2_pwd=fake-pw2;user2_pri=2;user4_pri=1;user8_name=u8;user8_pwd=fake-pw8;user8_pri=2;user3_pri=0" },
        { "set_devices.cgi?dev2_alias=Garage&dev2_host=10.0.0.9&dev2_port=8080&dev2_user=v&dev2_pwd=fake-v&dev9_host=cam9.example.invalid", "dev2_alias=Garage;dev2_host=10.0.0.9;dev2_port=8080;dev2_user=v;dev2_pwd=fake-v;dev9_host=cam9.example.invalid" },
        { "set_network.cgi?ip=192.168.1.50&mask=255.255.255.0&gateway=192.168.1.1&dns=192.168.1.2&port=8080&dhcp_vendor=emu", "ip=192.168.1.50;mask=255.255.255.0;gateway=192.168.1.1;dns=192.168.1.2;port=8080;dhcp_vendor=emu" },
        { "set_network.cgi?ip=&mask=255.0.0.0&port=81", "ip=;mask=;gateway=;dns=;port=81" },
        { "set_wifi.cgi?" + Wifi, "wifi_enable=1;wifi_ssid=Lab & Co;wifi_encrypt=4;wifi_wpa_psk=fake-psk-12345678;wifi_channel=6;wifi_country=1" },
        { "set_pppoe.cgi?enable=1&user=dsl&pwd=fake-dsl", "pppoe_enable=1;pppoe_user=dsl;pppoe_pwd=fake-dsl" },
        { "set_pppoe.cgi?enable=1", "pppoe_enable=1;pppoe_user=" },
        { "set_upnp.cgi?enable=1", "upnp_enable=1" },
        { "set_ddns.cgi?" + Ddns, "ddns_service=2;ddns_user=dyn;ddns_pwd=fake-dyn;ddns_host=cam.example.invalid;ddns_proxy_svr=http://upd.example.invalid/nic?a=1&b=2;ddns_proxy_port=8245" },
        { "set_ftp.cgi?svr=ftp.example.invalid&port=2121&user=f&pwd=fake-f&dir=%2Fup&mode=1&retain=1&upload_interval=30&filename=cam&numberoffiles=9&schedule_enable=1&" + Schedule, "ftp_svr=ftp.example.invalid;ftp_port=2121;ftp_mode=1;ftp_retain=1;ftp_dir=/up;ftp_schedule_enable=1;ftp_schedule_mon_0=4294967295;ftp_schedule_sun_2=4294967264;ftp_schedule_sun_0=0" },
        { "set_ftp.cgi?dir=%2Fonly", "ftp_dir=/only;ftp_port=21" },
        { "set_mail.cgi?" + Mail, "mail_svr=smtp.example.invalid;mail_port=587;mail_tls=2;mail_sender=cam@example.invalid;mail_receiver4=x@example.invalid;mail_receiver2=;mail_inet_ip=1" },
        { "set_msn.cgi?user=m&pwd=fake-m&friend1=a&friend10=j", "msn_user=m;msn_pwd=fake-m;msn_friend1=a;msn_friend10=j" },
        { "set_alarm.cgi?motion_armed=1&motion_sensitivity=9&motion_compensation=1&input_armed=1&ioin_level=0&sounddetect_armed=1&sounddetect_sensitivity=2&iolinkage=1&preset=3&ioout_level=0&mail=1&upload_interval=60&http=1&http_url=http%3A%2F%2Fhook.example.invalid%2Fa%3Fb%3D1&schedule_enable=1&" + Schedule, "alarm_motion_armed=1;alarm_motion_sensitivity=9;alarm_preset=3;alarm_http_url=http://hook.example.invalid/a?b=1;alarm_schedule_mon_2=4294967295;alarm_schedule_sat_2=4294967264;alarm_sounddetect_armed=1" },
        { "set_alarm.cgi?sounddetect_enabled=1", "alarm_sounddetect_armed=1" },
        { "set_forbidden.cgi?schedule_enable=1&" + Schedule, "schedule_enable=1;schedule_mon_1=4294967295;schedule_tue_2=4294967264" },
        { "set_forbidden.cgi?schedule_enable=0", "schedule_enable=0" },
        { "set_misc.cgi?led_mode=2&ptz_center_onstart=0&ptz_auto_patrol_interval=30&ptz_auto_patrol_type=3&ptz_patrol_h_rounds=2&ptz_patrol_v_rounds=1&ptz_patrol_rate=0&ptz_patrol_up_rate=100&ptz_disable_preset=1&ptz_preset_onstart=4", "led_mode=2;ptz_center_onstart=0;ptz_auto_patrol_type=3;ptz_patrol_up_rate=100;ptz_disable_preset=1;ptz_preset_onstart=4" },
        { "set_decoder.cgi?baud=4098", "decoder_baud=4098" },
        { "set_factory_ddns.cgi?service=13&user=fd&pwd=fake-fd&host=fd.example.invalid&proxy_svr=http%3A%2F%2Fp.example.invalid&proxy_port=0", "factory_ddns_service=13;factory_ddns_user=fd;factory_ddns_host=fd.example.invalid;factory_ddns_proxy_svr=http://p.example.invalid" },
        { "set_mac.cgi?mac=0012a0746f01", "id=0012A0746F01" },
        { "camera_control.cgi?param=0&value=8", "resolution=8" },
        { "camera_control.cgi?param=0&value=2", "resolution=2" },
        { "camera_control.cgi?param=1&value=255", "brightness=255" },
        { "camera_control.cgi?param=2&value=6", "contrast=6" },
        { "camera_control.cgi?param=3&value=2", "mode=2" },
        { "camera_control.cgi?param=5&value=3", "flip=3" },
    };

    public static TheoryData<string> Illegal() =>
    [
        "set_alias.cgi",
        "set_alias.cgi?alias=" + new string('a', 21),
        "set_datetime.cgi?tz=abc",
        "set_datetime.cgi?tz=1.5",
        "set_datetime.cgi?ntp_enable=2",
        "set_datetime.cgi?ntp_svr=" + Long65,
        "set_datetime.cgi?now=-5",
        "set_users.cgi?" + Users8.Replace("&user8=u8", "", StringComparison.Ordinal),
        "set_users.cgi?" + Users8.Replace("pri8=2", "pri8=3", StringComparison.Ordinal),
        "set_users.cgi?" + Users8.Replace("user2=u2", "user2=thirteen-char", StringComparison.Ordinal),
        "set_users.cgi?" + Users8.Replace("pwd2=fake-pw2", "pwd2=fake-pw2-longer", StringComparison.Ordinal),
        "set_devices.cgi?dev2_port=70000",
        "set_devices.cgi?dev3_alias=" + new string('a', 21),
        "set_devices.cgi?dev4_user=" + new string('a', 13),
        "set_network.cgi?ip=192.168.1.50&port=80",
        "set_network.cgi?ip=192.168.1.50&mask=255.255.255.0&gateway=192.168.1.1&port=80",
        "set_network.cgi?ip=300.1.1.1&mask=255.255.255.0&gateway=192.168.1.1&dns=1.1.1.1",
        "set_network.cgi?port=80",
        "set_network.cgi?ip=&port=0",
        "set_wifi.cgi?" + Wifi.Replace("&key1=", "", StringComparison.Ordinal),
        "set_wifi.cgi?enable=1&ssid=x&encrypt=0&wpa_psk=",
        "set_wifi.cgi?" + Wifi.Replace("ssid=Lab%20%26%20Co", "ssid=" + new string('s', 41), StringComparison.Ordinal),
        "set_wifi.cgi?" + Wifi.Replace("wpa_psk=fake-psk-12345678", "wpa_psk=" + Long65, StringComparison.Ordinal),
        "set_wifi.cgi?" + Wifi.Replace("encrypt=4", "encrypt=6", StringComparison.Ordinal),
        "set_wifi.cgi?" + Wifi.Replace("key1=&", "key1=" + new string('k', 31) + "&", StringComparison.Ordinal),
        "set_pppoe.cgi?enable=2",
        "set_pppoe.cgi?user=" + Long65,
        "set_upnp.cgi",
        "set_upnp.cgi?enable=2",
        "set_ddns.cgi?service=2&user=a&pwd=b&host=c",
        "set_ddns.cgi?" + Ddns.Replace("&proxy_port=8245", "", StringComparison.Ordinal),
        "set_ddns.cgi?" + Ddns.Replace("service=2", "service=16", StringComparison.Ordinal),
        "set_ftp.cgi?port=70000",
        "set_ftp.cgi?mode=2",
        "set_ftp.cgi?schedule_mon_0=4294967296",
        "set_ftp.cgi?schedule_mon_0=-2",
        "set_ftp.cgi?svr=" + Long65,
        "set_mail.cgi?" + Mail.Replace("tls=2&", "", StringComparison.Ordinal),
        "set_mail.cgi?" + Mail.Replace("&receiver4=x%40example.invalid", "", StringComparison.Ordinal),
        "set_mail.cgi?" + Mail.Replace("tls=2", "tls=3", StringComparison.Ordinal),
        "set_mail.cgi?svr=smtp.example.invalid",
        "set_msn.cgi?friend1=" + Long65,
        "set_alarm.cgi?motion_sensitivity=10",
        "set_alarm.cgi?preset=17",
        "set_alarm.cgi?upload_interval=65536",
        "set_forbidden.cgi?" + Schedule,
        "set_forbidden.cgi?schedule_enable=2",
        "set_misc.cgi?led_mode=3",
        "set_misc.cgi?ptz_patrol_rate=101",
        "set_decoder.cgi",
        "set_decoder.cgi?baud=10",
        "set_factory_ddns.cgi?service=99",
        "set_mac.cgi",
        "set_mac.cgi?mac=0012a0746f0",
        "set_mac.cgi?mac=0012a0746fzz",
        "camera_control.cgi?param=4&value=1",
        "camera_control.cgi?param=0&value=16",
        "camera_control.cgi?param=2&value=7",
        "camera_control.cgi?param=1&value=256",
        "camera_control.cgi?param=5&value=4",
        "camera_control.cgi?param=1",
        "set_extra_io.cgi?value=256",
        "set_extra_io.cgi",
        "comm_write.cgi?port=4&baud=12&bytes=1&data=A",
        "comm_write.cgi?port=0&baud=10&bytes=1&data=A",
        "comm_write.cgi?port=0&baud=12&bytes=256&data=A",
        "decoder_control.cgi",
        "decoder_control.cgi?command=256",
        "decoder_control.cgi?command=120",
        "decoder_control.cgi?command=0&onestep=2",
        "decoder_control.cgi?command=0&onestep=1&degree=0",
        "videostream.cgi?rate=24",
        "videostream.cgi?resolution=16",
    ];

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public async Task SetterChangesWhatGettersReturn(string request, string expected)
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, request);
        await Kit.WaitUpAsync(cam); // set_network / set_wifi reboot the camera

        var id = cam.Id;
        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var getter in new[] { "get_params.cgi", "get_misc.cgi", "get_forbidden.cgi", "get_camera_params.cgi", "get_factory_ddns.cgi" })
        {
            foreach (var (k, v) in await Kit.VarsAsync(cam, getter))
            {
                vars.TryAdd(k, v);
            }
        }

        foreach (var pair in expected.Split(';'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = pair[..eq];
            Assert.True(vars.ContainsKey(name), $"{name} missing from the get_* replies");
            Assert.Equal(pair[(eq + 1)..], vars[name]);
            Assert.Equal(pair[(eq + 1)..], cam.Snapshot()[name]);
        }

        Assert.Equal(id, vars["id"]);
    }

    [Theory]
    [MemberData(nameof(Illegal))]
    public async Task BadOrPartialInputIsIllegalParamsAndChangesNothing(string request)
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        var before = Stable(cam);
        await Kit.IllegalAsync(cam, request);
        Assert.Equal(before, Stable(cam));
        Assert.False(cam.IsRebooting);
    }

    [Fact]
    public async Task SetDatetimeNowMovesTheClock()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "set_datetime.cgi?now=1300000000&tz=-3600");
        var vars = await Kit.VarsAsync(cam, "get_params.cgi");
        Assert.InRange(long.Parse(vars["now"], System.Globalization.CultureInfo.InvariantCulture), 1300000000, 1300000005);
        Assert.Equal("-3600", vars["tz"]);
    }

    [Fact]
    public async Task SetNetworkAndSetWifiRebootAfterAnsweringOk()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "set_network.cgi?ip=&port=80");
        Assert.True(cam.IsRebooting);
        await Kit.WaitUpAsync(cam);
        await Kit.OkAsync(cam, "set_wifi.cgi?" + Wifi);
        Assert.True(cam.IsRebooting);
    }

    [Fact]
    public async Task GetParamsListsEveryDocumentedGroupInFirmwareShape()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        var text = (await Kit.GetAsync(cam, "get_params.cgi")).Text;
        var vars = Kit.ParseVars(text);
        foreach (var name in new[]
        {
            "id", "sys_ver", "app_ver", "alias", "now", "tz", "daylight_saving_time", "ntp_enable", "ntp_svr",
            "user8_pri", "dev2_alias", "dev9_pwd", "ip", "mask", "gateway", "dns", "port", "wifi_enable", "wifi_ssid", "wifi_key4_bits",
            "wifi_wpa_psk", "wifi_country", "pppoe_pwd", "upnp_enable", "ddns_service", "ddns_proxy_port", "mail_svr", "mail_tls",
            "mail_receiver4", "mail_inet_ip", "ftp_svr", "ftp_retain", "ftp_schedule_sat_2", "alarm_motion_armed", "alarm_http",
            "alarm_http_url", "alarm_schedule_enable", "alarm_ioin_level", "alarm_ioout_level", "decoder_baud", "msn_user", "msn_friend10",
        })
        {
            Assert.True(vars.ContainsKey(name), name);
        }

        Assert.StartsWith("var id='" + cam.Id + "';\nvar sys_ver='11.37.2.49';\nvar app_ver='2.0.10.", text, StringComparison.Ordinal);
        Assert.Contains("\nvar alias='EmuCam-0001';\nvar now=", text, StringComparison.Ordinal);
        Assert.Contains("\nvar port=" + cam.Port + ";\n", text, StringComparison.Ordinal);
        Assert.Contains("\nvar user1_name='admin';\nvar user1_pwd='" + Kit.AdminPwd + "';\nvar user1_pri=2;\n", text, StringComparison.Ordinal);
        Assert.Matches("^[0-9A-F]{12}$", cam.Id);
    }

    [Fact]
    public async Task GetCameraParamsHasUndocumentedFpsAndFlip()
    {
        await using var host = await Kit.StartAsync();
        var text = (await Kit.GetAsync(host.Cameras[0], "get_camera_params.cgi", "guest", "fake-guestpw")).Text;
        Assert.Equal("var resolution=32;\nvar brightness=96;\nvar contrast=4;\nvar mode=0;\nvar flip=0;\nvar fps=0;\n", text);
    }

    [Fact]
    public async Task GetStatusFieldsFollowSettings()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        var s = await Kit.VarsAsync(cam, "get_status.cgi", null);
        Assert.Equal(
            ["id", "sys_ver", "app_ver", "alias", "now", "tz", "alarm_status", "ddns_status", "ddns_host", "oray_type", "upnp_status", "p2p_status", "p2p_local_port", "msn_status", "wifi_status"],
            s.Keys.ToArray());
        Assert.Equal("0", s["upnp_status"]);
        await Kit.OkAsync(cam, "set_upnp.cgi?enable=1");
        await Kit.OkAsync(cam, "set_ddns.cgi?" + Ddns);
        cam.Update(new Dictionary<string, string> { ["alarm_status"] = "1" });
        s = await Kit.VarsAsync(cam, "get_status.cgi", null);
        Assert.Equal("1", s["upnp_status"]);
        Assert.Equal("cam.example.invalid", s["ddns_host"]);
        Assert.Equal("2", s["ddns_status"]);
        Assert.Equal("1", s["alarm_status"]);
    }

    [Fact]
    public async Task ExtraIoAndCommWriteAreRecorded()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "set_extra_io.cgi?value=170");
        Assert.Equal(170, cam.ExtraIo);
        await Kit.OkAsync(cam, "comm_write.cgi?port=1&baud=13&bytes=3&data=%01%02%FFtail");
        var w = cam.LastSerialWrite!;
        Assert.Equal(1, w.Port);
        Assert.Equal(13, w.Baud);
        Assert.Equal(new byte[] { 1, 2, 255 }, w.Data);
        await Kit.OkAsync(cam, "comm_write.cgi?data=AB");
        Assert.Equal("AB"u8.ToArray(), cam.LastSerialWrite!.Data);
        Assert.Equal(12, cam.LastSerialWrite.Baud); // decoder_baud default
    }

    [Fact]
    public async Task RestoreFactoryDdnsCopiesTheFactoryAccount()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        var factory = await Kit.VarsAsync(cam, "get_factory_ddns.cgi");
        Assert.Equal("13", factory["factory_ddns_service"]);
        await Kit.OkAsync(cam, "restore_factory_ddns.cgi");
        var p = cam.Snapshot();
        Assert.Equal(factory["factory_ddns_user"], p["ddns_user"]);
        Assert.Equal(factory["factory_ddns_host"], p["ddns_host"]);
        Assert.Equal("13", p["ddns_service"]);
    }

    [Fact]
    public async Task SetMacChangesIdAndDigestRealm()
    {
        await using var host = await Kit.StartAsync(configure: o => o.Profile = FirmwareProfile.Digest);
        var cam = host.Cameras[0];
        Assert.Equal("ok.\n", (await Kit.GetAsync(cam, "set_mac.cgi?user=admin&pwd=" + Kit.AdminPwd + "&mac=02ab00cd00ef", null)).Text);
        Assert.Equal("02AB00CD00EF", cam.Id);
        var r = await Kit.GetAsync(cam, "get_params.cgi", null);
        Assert.Contains("realm=\"ipcamera_02AB00CD00EF\"", r.Header("WWW-Authenticate"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateRejectsUnknownFieldsAndBadValues()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        Assert.Throws<ArgumentException>(() => cam.Update(new Dictionary<string, string> { ["nope"] = "1" }));
        Assert.Throws<ArgumentException>(() => cam.Update(new Dictionary<string, string> { ["upnp_enable"] = "7" }));
        cam.Update(new Dictionary<string, string> { ["sys_ver"] = "11.37.2.40", ["user2_name"] = "blank" });
        Assert.Equal("11.37.2.40", (await Kit.VarsAsync(cam, "get_status.cgi", null))["sys_ver"]);
    }

    private static string Stable(EmulatedCamera cam) =>
        string.Join("\n", cam.Snapshot().Where(kv => kv.Key != "now").OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value))
        + "\nextra_io=" + cam.ExtraIo + "\nserial=" + (cam.LastSerialWrite is null ? "none" : "set") + "\nptz=" + cam.Ptz.CommandCount;
}
