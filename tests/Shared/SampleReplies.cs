using System.Globalization;
using System.Text;

namespace FoscamPS.Tests.Protocol;

/// <summary>Realistic camera replies (fake secrets only).</summary>
public static class SampleReplies
{
    /// <summary>A get_params.cgi reply of about 4 KB in the firmware's shape.</summary>
    public static string GetParams4K()
    {
        var sb = new StringBuilder(4600);
        void S(string n, string v) => sb.Append("var ").Append(n).Append("='").Append(v).Append("';\n");
        void N(string n, long v) => sb.Append("var ").Append(n).Append('=').Append(v.ToString(CultureInfo.InvariantCulture)).Append(";\n");
        S("id", "00626E4F1A2B"); S("sys_ver", "11.37.2.49"); S("app_ver", "2.4.10.5"); S("alias", "Front door");
        N("now", 1700000000); N("tz", 18000); N("ntp_enable", 1); S("ntp_svr", "time.nist.gov"); N("daylight_saving_time", 0);
        for (int i = 1; i <= 8; i++)
        {
            S($"user{i}_name", i == 1 ? "admin" : i == 2 ? "viewer" : "");
            S($"user{i}_pwd", i == 1 ? "fake-Pa55!" : i == 2 ? "fake-V1ew" : "");
            N($"user{i}_pri", i == 1 ? 2 : i == 2 ? 0 : 0);
        }
        for (int i = 2; i <= 9; i++)
        {
            S($"dev{i}_alias", ""); S($"dev{i}_host", ""); N($"dev{i}_port", 0); S($"dev{i}_user", ""); S($"dev{i}_pwd", "");
        }
        S("ip", "192.168.1.50"); S("mask", "255.255.255.0"); S("gateway", "192.168.1.1"); S("dns", "192.168.1.1"); N("port", 80);
        N("wifi_enable", 1); S("wifi_ssid", "Cafe & Bar = Free; Wi-Fi"); N("wifi_encrypt", 1); N("wifi_defkey", 0);
        S("wifi_key1", ""); S("wifi_key2", ""); S("wifi_key3", ""); S("wifi_key4", ""); N("wifi_authtype", 0); N("wifi_keyformat", 0);
        N("wifi_key1_bits", 0); N("wifi_key2_bits", 0); N("wifi_key3_bits", 0); N("wifi_key4_bits", 0); N("wifi_channel", 6); N("wifi_mode", 0);
        S("wifi_wpa_psk", "fake-Wpa-Key-123");
        S("pppoe_user", ""); S("pppoe_pwd", ""); N("pppoe_enable", 0); N("upnp_enable", 1);
        S("ddns_service", "0"); S("ddns_user", ""); S("ddns_pwd", ""); S("ddns_host", ""); S("ddns_proxy_svr", ""); N("ddns_proxy_port", 0);
        S("mail_svr", "smtp.example.com"); N("mail_port", 25); N("mail_tls", 0); S("mail_user", "cam@example.com"); S("mail_pwd", "fake-Ma1l");
        S("mail_sender", "cam@example.com"); S("mail_receiver1", "me@example.com"); S("mail_receiver2", ""); S("mail_receiver3", ""); S("mail_receiver4", "");
        N("mail_inet_ip", 0); S("ftp_svr", "ftp.example.com"); N("ftp_port", 21); S("ftp_user", "cam"); S("ftp_pwd", "fake-Ftp1");
        S("ftp_dir", "/upload/cam1"); N("ftp_mode", 0); N("ftp_upload_interval", 0); N("ftp_filename", 0); N("ftp_numberoffiles", 0);
        N("ftp_schedule_enable", 0);
        foreach (var d in new[] { "sun", "mon", "tue", "wed", "thu", "fri", "sat" })
            for (int w = 0; w < 3; w++) N($"ftp_schedule_{d}_{w}", 0);
        N("alarm_motion_armed", 1); N("alarm_motion_sensitivity", 5); N("alarm_motion_compensation", 0); N("alarm_input_armed", 0);
        N("alarm_ioin_level", 1); N("alarm_iolinkage", 0); N("alarm_preset", 0); N("alarm_ioout_level", 0); N("alarm_mail", 1);
        N("alarm_upload_interval", 0); N("alarm_http", 0); N("alarm_msn", 0); S("alarm_http_url", "http://192.168.1.2/hook?cam=1&evt=motion");
        N("alarm_schedule_enable", 1);
        foreach (var d in new[] { "sun", "mon", "tue", "wed", "thu", "fri", "sat" })
            for (int w = 0; w < 3; w++) N($"alarm_schedule_{d}_{w}", 4294967295);
        S("decoder_baud", "12"); S("msn_user", ""); S("msn_pwd", "");
        for (int i = 1; i <= 10; i++) S($"msn_friend{i}", "");
        return sb.ToString();
    }
}
