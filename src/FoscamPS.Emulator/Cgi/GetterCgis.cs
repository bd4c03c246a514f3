using System.Collections.Generic;
using System.Linq;
using FoscamPS.Emulator.Server;
using FoscamPS.Emulator.State;

namespace FoscamPS.Emulator.Cgi;

/// <summary>The read-only CGIs.</summary>
internal static class GetterCgis
{
    private static readonly FieldDef[] StatusHead = new[] { "id", "sys_ver", "app_ver", "alias" }.Select(FieldCatalog.Get).ToArray();
    private static readonly IReadOnlyList<FieldDef> ParamsHead = FieldCatalog.Params.Take(4).ToList();
    private static readonly IReadOnlyList<FieldDef> ParamsTail = FieldCatalog.Params.Skip(4).ToList();

    /// <summary>Fictitious neighbourhood for wifi scans; SSIDs exercise quoting (' &amp; = ;).</summary>
    private static readonly (string Bssid, string Ssid, int Mode, int Security)[] AccessPoints =
    [
        ("02a0b1c20001", "EmuNet-Home", 0, 4),
        ("02a0b1c20002", "Calvin&Cici", 0, 1),
        ("02a0b1c20003", "O'Brien lab", 0, 2),
        ("02a0b1c20004", "guest=free;", 0, 0),
        ("02a0b1c20005", "ipcamera", 1, 3),
    ];

    public static EmuResponse GetStatus(CgiContext ctx)
    {
        var s = ctx.State;
        var head = s.Read(StatusHead);
        var b = ctx.Reply();
        for (var i = 0; i < StatusHead.Length; i++)
        {
            b.Field(StatusHead[i], head[i]);
        }

        var ddnsService = s.Get("ddns_service");
        b.Num("now", ctx.Camera.Clock.UnixNow)
            .Field(FieldCatalog.Get("tz"), s.Get("tz"))
            .Field(FieldCatalog.Get("alarm_status"), s.Get("alarm_status"))
            .Num("ddns_status", ddnsService == "0" ? 0 : 2) // no network behind the emulator: "can not connect server"
            .Str("ddns_host", s.Get("ddns_host"))
            .Num("oray_type", 0)
            .Num("upnp_status", s.Get("upnp_enable") == "1" ? 1 : 0)
            .Num("p2p_status", 0) // printed by real firmware, not in the spec
            .Num("p2p_local_port", P2pLocalPort(ctx.Camera.Id)) // 11.x firmware prints it next to p2p_status
            .Num("msn_status", s.Get("msn_user").Length == 0 ? 0 : -2)
            .Num("wifi_status", s.Get("wifi_enable") == "1" && s.Get("wifi_ssid").Length > 0 ? 1 : 0);
        return EmuResponse.Text(b.ToBytes());
    }

    /// <summary>The UDP port of the firmware's P2P agent: five digits (10000–65535), fixed per camera id.</summary>
    internal static int P2pLocalPort(string id)
    {
        var h = 2166136261u;
        foreach (var c in id)
        {
            h = (h ^ c) * 16777619u;
        }

        return 10000 + (int)(h % 55536u);
    }

    public static EmuResponse GetParams(CgiContext ctx)
    {
        var b = ctx.Reply();
        b.Fields(ParamsHead, ctx.State.Read(ParamsHead));
        b.Num("now", ctx.Camera.Clock.UnixNow);
        b.Fields(ParamsTail, ctx.State.Read(ParamsTail));
        return EmuResponse.Text(b.ToBytes());
    }

    public static CgiHandler Group(IReadOnlyList<FieldDef> fields) =>
        ctx => EmuResponse.Text(ctx.Reply().Fields(fields, ctx.State.Read(fields)).ToBytes());

    /// <summary>check_user.cgi echoes the login, its password, and pri on the 1/2/3 scale.</summary>
    public static EmuResponse CheckUser(CgiContext ctx)
    {
        var user = ctx.User!;
        return EmuResponse.Text(ctx.Reply().Str("user", user.Name).Str("pwd", user.Password).Num("pri", (int)user.Privilege).ToBytes());
    }

    /// <summary>log_text: entries separated by a literal backslash-n (the escaper writes newlines as \n).</summary>
    public static EmuResponse GetLog(CgiContext ctx) =>
        EmuResponse.Text(ctx.Reply().Str("log_text", ctx.Camera.Log.Text()).ToBytes());

    /// <summary>Array grammar exactly as the spec sample; ap_number=0 until WifiScanDelay after wifi_scan.cgi.</summary>
    public static EmuResponse GetWifiScanResult(CgiContext ctx)
    {
        var b = ctx.Reply().ArrayDecl("ap_bssid").ArrayDecl("ap_ssid").ArrayDecl("ap_mode").ArrayDecl("ap_security");
        var count = 0;
        if (ctx.Camera.WifiScanReady)
        {
            foreach (var (bssid, ssid, mode, security) in AccessPoints)
            {
                b.ArrayStr("ap_bssid", count, bssid).ArrayStr("ap_ssid", count, ssid).ArrayNum("ap_mode", count, mode).ArrayNum("ap_security", count, security);
                count++;
            }
        }

        return EmuResponse.Text(b.Num("ap_number", count).ToBytes());
    }

}
