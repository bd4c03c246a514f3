using System;
using System.Collections.Generic;
using System.Linq;

namespace FoscamPS.Emulator.State;

/// <summary>
/// Every stored variable of an emulated FI8918W, in the order the firmware prints them, with the
/// validation rules of the CGI spec v1.21 (lengths, ranges, code tables) and factory defaults.
/// Variable names are exactly the names of the get_* replies, so one flat namespace covers
/// get_params, get_misc, get_forbidden, get_camera_params and get_factory_ddns.
/// </summary>
internal static class FieldCatalog
{
    public const int UserSlots = 8;
    public const int FirstDevice = 2;
    public const int LastDevice = 9;

    public static readonly string[] Days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// <summary>Serial baud codes (set_decoder, comm_write, decoder_baud).</summary>
    public static readonly long[] BaudCodes = [9, 11, 12, 13, 14, 15, 4097, 4098];

    /// <summary>Fields printed by get_params.cgi (plus id/sys_ver/app_ver/alias which get_status also prints).</summary>
    public static readonly IReadOnlyList<FieldDef> Params;

    public static readonly IReadOnlyList<FieldDef> Misc;

    public static readonly IReadOnlyList<FieldDef> Forbidden;

    /// <summary>get_camera_params.cgi, including the undocumented fps and the flip/mirror bits.</summary>
    public static readonly IReadOnlyList<FieldDef> CameraParams;

    public static readonly IReadOnlyList<FieldDef> FactoryDdns;

    /// <summary>Stored run-time status that get_status prints and tests may set (alarm_status).</summary>
    public static readonly IReadOnlyList<FieldDef> Runtime;

    /// <summary>All fields; <see cref="FieldDef.Ordinal"/> indexes this list.</summary>
    public static readonly IReadOnlyList<FieldDef> All;

    private static readonly Dictionary<string, FieldDef> ByName;

    static FieldCatalog()
    {
        Params = BuildParams();
        Misc =
        [
            FieldDef.Number("led_mode", 0, 2, 0),
            FieldDef.Number("ptz_center_onstart", 0, 1, 1),
            FieldDef.Number("ptz_auto_patrol_interval", 0, 65535, 0),
            FieldDef.Number("ptz_auto_patrol_type", 0, 3, 0),
            FieldDef.Number("ptz_patrol_h_rounds", 0, 255, 0),
            FieldDef.Number("ptz_patrol_v_rounds", 0, 255, 0),
            FieldDef.Number("ptz_patrol_rate", 0, 100, 10),
            FieldDef.Number("ptz_patrol_up_rate", 0, 100, 10),
            FieldDef.Number("ptz_patrol_down_rate", 0, 100, 10),
            FieldDef.Number("ptz_patrol_left_rate", 0, 100, 10),
            FieldDef.Number("ptz_patrol_right_rate", 0, 100, 10),
            FieldDef.Number("ptz_disable_preset", 0, 1, 0),
            FieldDef.Number("ptz_preset_onstart", 0, 16, 0),
        ];
        Forbidden = Schedule("schedule_").ToList();
        CameraParams =
        [
            FieldDef.Codes("resolution", 32, 2, 8, 32),
            FieldDef.Number("brightness", 0, 255, 96),
            FieldDef.Number("contrast", 0, 6, 4),
            FieldDef.Number("mode", 0, 2, 0),
            FieldDef.Number("flip", 0, 3, 0),
            FieldDef.Number("fps", 0, 30, 0),
        ];
        // The spec lists services 0–14 for set_factory_ddns / get_factory_ddns (15, EasyNet, only for set_ddns).
        FactoryDdns = DdnsGroup("factory_ddns_", 14).ToList();
        Runtime = [FieldDef.Number("alarm_status", 0, 3, 0)];

        All = Params.Concat(Misc).Concat(Forbidden).Concat(CameraParams).Concat(FactoryDdns).Concat(Runtime).ToList();
        ByName = new Dictionary<string, FieldDef>(StringComparer.Ordinal);
        for (var i = 0; i < All.Count; i++)
        {
            All[i].Ordinal = i;
            ByName.Add(All[i].Name, All[i]);
        }
    }

    public static int Count => All.Count;

    public static FieldDef Get(string name) =>
        ByName.TryGetValue(name, out var def) ? def : throw new KeyNotFoundException($"Unknown camera field '{name}'.");

    public static bool TryGet(string name, out FieldDef def) => ByName.TryGetValue(name, out def!);

    /// <summary>Fields whose values are firmware or hardware facts rather than settings.</summary>
    public static bool IsIdentity(string name) => name is "id" or "sys_ver" or "app_ver";

    private static List<FieldDef> BuildParams()
    {
        var list = new List<FieldDef>
        {
            FieldDef.Text("id", 12),
            FieldDef.Text("sys_ver", 32),
            FieldDef.Text("app_ver", 32),
            FieldDef.Text("alias", 20),
            // "now" is not stored: it is the camera clock and printed in this position.
            FieldDef.Number("tz", -50400, 50400, 0),
            FieldDef.Number("daylight_saving_time", -7200, 7200, 0),
            FieldDef.Number("ntp_enable", 0, 1, 1),
            FieldDef.Text("ntp_svr", 64, "time.nist.gov"),
        };

        for (var i = 1; i <= UserSlots; i++)
        {
            list.Add(FieldDef.Text($"user{i}_name", 12, i == 1 ? "admin" : ""));
            list.Add(FieldDef.Text($"user{i}_pwd", 12));
            list.Add(FieldDef.Number($"user{i}_pri", 0, 2, i == 1 ? 2 : 0));
        }

        for (var d = FirstDevice; d <= LastDevice; d++)
        {
            list.Add(FieldDef.Text($"dev{d}_alias", 20));
            list.Add(FieldDef.Text($"dev{d}_host", 64));
            list.Add(FieldDef.Number($"dev{d}_port", 0, 65535, 0));
            list.Add(FieldDef.Text($"dev{d}_user", 12));
            list.Add(FieldDef.Text($"dev{d}_pwd", 12));
        }

        list.AddRange(
        [
            FieldDef.Text("ip", 15),
            FieldDef.Text("mask", 15),
            FieldDef.Text("gateway", 15),
            FieldDef.Text("dns", 15),
            FieldDef.Text("dhcp_vendor", 32),
            FieldDef.Number("port", 1, 65535, 80),
            FieldDef.Number("wifi_enable", 0, 1, 0),
            FieldDef.Text("wifi_ssid", 40),
            FieldDef.Number("wifi_encrypt", 0, 5, 0),
            FieldDef.Number("wifi_defkey", 0, 3, 0),
            FieldDef.Text("wifi_key1", 30),
            FieldDef.Text("wifi_key2", 30),
            FieldDef.Text("wifi_key3", 30),
            FieldDef.Text("wifi_key4", 30),
            FieldDef.Number("wifi_authtype", 0, 1, 0),
            FieldDef.Number("wifi_keyformat", 0, 1, 0),
            FieldDef.Number("wifi_key1_bits", 0, 1, 0),
            FieldDef.Number("wifi_key2_bits", 0, 1, 0),
            FieldDef.Number("wifi_key3_bits", 0, 1, 0),
            FieldDef.Number("wifi_key4_bits", 0, 1, 0),
            FieldDef.Number("wifi_channel", 1, 14, 5),
            FieldDef.Number("wifi_mode", 0, 1, 0),
            FieldDef.Text("wifi_wpa_psk", 64),
            FieldDef.Number("wifi_country", 0, 7, 0),
            FieldDef.Number("pppoe_enable", 0, 1, 0),
            FieldDef.Text("pppoe_user", 64),
            FieldDef.Text("pppoe_pwd", 64),
            FieldDef.Number("upnp_enable", 0, 1, 0),
        ]);
        list.AddRange(DdnsGroup("ddns_"));
        list.AddRange(
        [
            FieldDef.Text("mail_svr", 64),
            FieldDef.Text("mail_user", 64),
            FieldDef.Text("mail_pwd", 64),
            FieldDef.Text("mail_sender", 64),
            FieldDef.Text("mail_receiver1", 64),
            FieldDef.Text("mail_receiver2", 64),
            FieldDef.Text("mail_receiver3", 64),
            FieldDef.Text("mail_receiver4", 64),
            FieldDef.Number("mail_inet_ip", 0, 1, 0),
            FieldDef.Number("mail_port", 0, 65535, 25),
            FieldDef.Number("mail_tls", 0, 2, 0),
            FieldDef.Text("ftp_svr", 64),
            FieldDef.Number("ftp_port", 0, 65535, 21),
            FieldDef.Text("ftp_user", 64),
            FieldDef.Text("ftp_pwd", 64),
            FieldDef.Text("ftp_dir", 64, "/"),
            FieldDef.Number("ftp_mode", 0, 1, 0),
            FieldDef.Number("ftp_retain", 0, 1, 0),
            FieldDef.Number("ftp_upload_interval", 0, 65535, 0),
            FieldDef.Text("ftp_filename", 64),
            FieldDef.Number("ftp_numberoffiles", 0, 65535, 0),
        ]);
        list.AddRange(Schedule("ftp_schedule_"));
        list.AddRange(
        [
            FieldDef.Number("alarm_motion_armed", 0, 1, 0),
            FieldDef.Number("alarm_motion_sensitivity", 0, 9, 5),
            FieldDef.Number("alarm_motion_compensation", 0, 1, 0),
            FieldDef.Number("alarm_input_armed", 0, 1, 0),
            FieldDef.Number("alarm_ioin_level", 0, 1, 1),
            FieldDef.Number("alarm_sounddetect_armed", 0, 1, 0),
            FieldDef.Number("alarm_sounddetect_sensitivity", 0, 9, 5),
            FieldDef.Number("alarm_iolinkage", 0, 1, 0),
            FieldDef.Number("alarm_preset", 0, 16, 0),
            FieldDef.Number("alarm_ioout_level", 0, 1, 1),
            FieldDef.Number("alarm_mail", 0, 1, 0),
            FieldDef.Number("alarm_upload_interval", 0, 65535, 0),
            FieldDef.Number("alarm_http", 0, 1, 0),
            // alarm_msn is printed by real 11.37.2.x firmware although the spec does not list it.
            FieldDef.Number("alarm_msn", 0, 1, 0),
            FieldDef.Text("alarm_http_url", 128),
        ]);
        list.AddRange(Schedule("alarm_schedule_"));
        list.Add(FieldDef.Codes("decoder_baud", 12, BaudCodes));
        list.Add(FieldDef.Text("msn_user", 64));
        list.Add(FieldDef.Text("msn_pwd", 64));
        for (var i = 1; i <= 10; i++)
        {
            list.Add(FieldDef.Text($"msn_friend{i}", 64));
        }

        return list;
    }

    private static IEnumerable<FieldDef> DdnsGroup(string prefix, long maxService = 15) =>
    [
        FieldDef.Number(prefix + "service", 0, maxService, 0),
        FieldDef.Text(prefix + "user", 64),
        FieldDef.Text(prefix + "pwd", 64),
        FieldDef.Text(prefix + "host", 64),
        FieldDef.Text(prefix + "proxy_svr", 64),
        FieldDef.Number(prefix + "proxy_port", 0, 65535, 0),
    ];

    /// <summary>schedule_enable plus 7 days × 3 unsigned words (bit 0 = first quarter hour of the word).</summary>
    public static IEnumerable<FieldDef> Schedule(string prefix)
    {
        yield return FieldDef.Number(prefix + "enable", 0, 1, 0);
        foreach (var day in Days)
        {
            for (var w = 0; w < 3; w++)
            {
                yield return FieldDef.Word($"{prefix}{day}_{w}");
            }
        }
    }

    /// <summary>The names of the 21 schedule words (without prefix): sun_0 … sat_2.</summary>
    public static IEnumerable<string> ScheduleWordSuffixes()
    {
        foreach (var day in Days)
        {
            for (var w = 0; w < 3; w++)
            {
                yield return $"{day}_{w}";
            }
        }
    }
}
