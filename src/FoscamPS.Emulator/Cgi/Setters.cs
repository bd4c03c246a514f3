using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using FoscamPS.Emulator.Server;
using FoscamPS.Emulator.State;

namespace FoscamPS.Emulator.Cgi;

/// <summary>A query parameter of a setter and the state field it writes.</summary>
internal sealed record SetterParam(string Query, FieldDef Field, bool Required);

/// <summary>Extra validation after the table checks; may edit the changes and schedule an action. False = illegal params.</summary>
internal delegate bool SetterHook(CgiContext context, List<KeyValuePair<FieldDef, string>> changes, ref Action? after);

/// <summary>A table-driven set_* CGI.</summary>
internal sealed class SetterSpec
{
    public required string Cgi { get; init; }

    public required IReadOnlyList<SetterParam> Params { get; init; }

    public SetterHook? Hook { get; init; }

    public bool CamUserLogin { get; init; }

    /// <summary>The firmware reboots after this setter (network settings).</summary>
    public bool Reboots { get; init; }

    /// <summary>Validates every present parameter (and the required ones), then applies all of them atomically or none.</summary>
    public EmuResponse Handle(CgiContext ctx)
    {
        var changes = new List<KeyValuePair<FieldDef, string>>(Params.Count);
        foreach (var p in Params)
        {
            var raw = ctx.Params.Get(p.Query);
            if (raw is null)
            {
                if (p.Required)
                {
                    return EmuResponse.IllegalParams();
                }

                continue;
            }

            var value = p.Field.Normalize(raw);
            if (value is null)
            {
                return EmuResponse.IllegalParams();
            }

            changes.Add(new KeyValuePair<FieldDef, string>(p.Field, value));
        }

        Action? after = null;
        if (Hook is not null && !Hook(ctx, changes, ref after))
        {
            return EmuResponse.IllegalParams();
        }

        ctx.State.Apply(changes);
        after?.Invoke();
        return Reboots ? ctx.OkThenReboot() : ctx.Ok();
    }
}

/// <summary>
/// The set_* CGIs of spec v1.21 as data. Whole-group setters (set_users, set_wifi, set_mail,
/// set_ddns, set_forbidden; set_network with an explicit ip) mark every field Required, so a partial
/// update is answered "error: illegal params." like real firmware; the others accept subsets.
/// </summary>
internal static class Setters
{
    public static IReadOnlyList<SetterSpec> All { get; } = Build();

    private static List<SetterSpec> Build()
    {
        var list = new List<SetterSpec>
        {
            new() { Cgi = "set_alias.cgi", Params = [P("alias", "alias", true)] },
            new()
            {
                Cgi = "set_datetime.cgi",
                Params = [P("tz", "tz"), P("daylight_saving_time", "daylight_saving_time"), P("ntp_enable", "ntp_enable"), P("ntp_svr", "ntp_svr")],
                Hook = DateTimeHook,
            },
            new() { Cgi = "set_users.cgi", Params = UsersParams() },
            new() { Cgi = "set_devices.cgi", Params = DevicesParams() },
            new()
            {
                Cgi = "set_network.cgi",
                Params = [P("ip", "ip", true), P("mask", "mask"), P("gateway", "gateway"), P("dns", "dns"), P("port", "port"), P("dhcp_vendor", "dhcp_vendor")],
                Hook = NetworkHook,
                Reboots = true,
            },
            new() { Cgi = "set_wifi.cgi", Params = WifiParams(), Reboots = true },
            new()
            {
                Cgi = "set_pppoe.cgi",
                Params = Prefixed("pppoe_", false, "enable", "user", "pwd"),
                Hook = (CgiContext c, List<KeyValuePair<FieldDef, string>> _, ref Action? _) => Flag(c, "mail_ip"),
                CamUserLogin = true,
            },
            new() { Cgi = "set_upnp.cgi", Params = [P("enable", "upnp_enable", true)] },
            new()
            {
                Cgi = "set_ddns.cgi",
                Params = Prefixed("ddns_", true, "service", "user", "pwd", "host", "proxy_svr", "proxy_port"),
                Hook = (CgiContext c, List<KeyValuePair<FieldDef, string>> _, ref Action? _) => Flag(c, "restart_dyndns"),
                CamUserLogin = true,
            },
            new()
            {
                Cgi = "set_ftp.cgi",
                Params = Prefixed("ftp_", false, "svr", "port", "user", "pwd", "dir", "mode", "retain", "upload_interval", "filename", "numberoffiles")
                    .Concat(ScheduleParams("ftp_schedule_", false)).ToList(),
                CamUserLogin = true,
            },
            new()
            {
                Cgi = "set_mail.cgi",
                Params = Prefixed("mail_", true, "svr", "port", "tls", "user", "pwd", "sender", "receiver1", "receiver2", "receiver3", "receiver4")
                    .Append(P("mail_inet_ip", "mail_inet_ip", true)).ToList(),
                CamUserLogin = true,
            },
            new()
            {
                Cgi = "set_msn.cgi",
                Params = Prefixed("msn_", false, ["user", "pwd", .. Enumerable.Range(1, 10).Select(i => $"friend{i}")]),
                CamUserLogin = true,
            },
            new()
            {
                Cgi = "set_alarm.cgi",
                Params = Prefixed(
                        "alarm_",
                        false,
                        "motion_armed", "motion_sensitivity", "motion_compensation", "input_armed", "ioin_level", "sounddetect_armed",
                        "sounddetect_sensitivity", "iolinkage", "preset", "ioout_level", "mail", "upload_interval", "http", "http_url", "msn")
                    .Append(P("sounddetect_enabled", "alarm_sounddetect_armed")) // the spec's syntax line uses this name
                    .Concat(ScheduleParams("alarm_schedule_", false)).ToList(),
            },
            new() { Cgi = "set_forbidden.cgi", Params = ScheduleParams("schedule_", false).Select(p => p.Query == "schedule_enable" ? p with { Required = true } : p).ToList() },
            new() { Cgi = "set_misc.cgi", Params = FieldCatalog.Misc.Select(f => new SetterParam(f.Name, f, false)).ToList() },
            new() { Cgi = "set_decoder.cgi", Params = [P("baud", "decoder_baud", true)] },
            new()
            {
                Cgi = "set_factory_ddns.cgi",
                Params = Prefixed("factory_ddns_", false, "service", "user", "pwd", "host", "proxy_svr", "proxy_port"),
                Hook = (CgiContext c, List<KeyValuePair<FieldDef, string>> _, ref Action? _) => Flag(c, "restart_dyndns"),
                CamUserLogin = true,
            },
            new() { Cgi = "set_mac.cgi", Params = [], Hook = MacHook },
        };
        return list;
    }

    private static SetterParam P(string query, string field, bool required = false) => new(query, FieldCatalog.Get(field), required);

    /// <summary>query "x" → field prefix + "x".</summary>
    private static List<SetterParam> Prefixed(string prefix, bool required, params string[] names) =>
        names.Select(n => P(n, prefix + n, required)).ToList();

    /// <summary>schedule_enable + schedule_sun_0 … schedule_sat_2 → prefix + enable / prefix + sun_0 ….</summary>
    private static IEnumerable<SetterParam> ScheduleParams(string fieldPrefix, bool required)
    {
        yield return P("schedule_enable", fieldPrefix + "enable", required);
        foreach (var suffix in FieldCatalog.ScheduleWordSuffixes())
        {
            yield return P("schedule_" + suffix, fieldPrefix + suffix, required);
        }
    }

    private static List<SetterParam> UsersParams()
    {
        var list = new List<SetterParam>();
        for (var i = 1; i <= FieldCatalog.UserSlots; i++)
        {
            list.Add(P($"user{i}", $"user{i}_name", true));
            list.Add(P($"pwd{i}", $"user{i}_pwd", true));
            list.Add(P($"pri{i}", $"user{i}_pri", true));
        }

        return list;
    }

    private static List<SetterParam> DevicesParams()
    {
        var list = new List<SetterParam>();
        for (var d = FieldCatalog.FirstDevice; d <= FieldCatalog.LastDevice; d++)
        {
            foreach (var f in new[] { "alias", "host", "port", "user", "pwd" })
            {
                list.Add(P($"dev{d}_{f}", $"dev{d}_{f}"));
            }
        }

        return list;
    }

    private static List<SetterParam> WifiParams()
    {
        var list = Prefixed(
            "wifi_", true, "enable", "ssid", "encrypt", "defkey", "key1", "key2", "key3", "key4", "authtype", "keyformat",
            "key1_bits", "key2_bits", "key3_bits", "key4_bits", "wpa_psk");
        list.AddRange(Prefixed("wifi_", false, "channel", "mode", "country"));
        return list;
    }

    /// <summary>An optional 0/1 flag that is validated but not stored.</summary>
    private static bool Flag(CgiContext ctx, string name) => ctx.Params.Get(name) is not { } v || v is "0" or "1";

    private static bool DateTimeHook(CgiContext ctx, List<KeyValuePair<FieldDef, string>> changes, ref Action? after)
    {
        var raw = ctx.Params.Get("now");
        if (raw is null)
        {
            return true;
        }

        if (!FieldDef.TryParseInteger(raw, out var now) || now < 0 || now > uint.MaxValue)
        {
            return false;
        }

        var clock = ctx.Camera.Clock;
        after = () => clock.SetUnix(now);
        return true;
    }

    /// <summary>ip blank = DHCP (mask/gateway/dns ignored and cleared); an explicit ip needs mask, gateway and dns.</summary>
    private static bool NetworkHook(CgiContext ctx, List<KeyValuePair<FieldDef, string>> changes, ref Action? after)
    {
        var ip = ctx.Params.Get("ip") ?? "";
        if (ip.Length == 0)
        {
            changes.RemoveAll(c => c.Key.Name is "mask" or "gateway" or "dns");
            changes.Add(new(FieldCatalog.Get("mask"), ""));
            changes.Add(new(FieldCatalog.Get("gateway"), ""));
            changes.Add(new(FieldCatalog.Get("dns"), ""));
            return true;
        }

        // Real firmware refuses a fixed address whose mask or gateway is 0.0.0.0.
        var mask = ctx.Params.Get("mask");
        var gateway = ctx.Params.Get("gateway");
        return IsIPv4(ip) && IsIPv4(mask) && IsIPv4(gateway) && IsIPv4(ctx.Params.Get("dns")) &&
            !IsZeroAddress(mask!) && !IsZeroAddress(gateway!);
    }

    private static bool IsZeroAddress(string text) => IPAddress.Parse(text).Equals(IPAddress.Any);

    private static bool IsIPv4(string? text) =>
        text is not null && text.Count(c => c == '.') == 3 && IPAddress.TryParse(text, out var a) && a.AddressFamily == AddressFamily.InterNetwork;

    private static bool MacHook(CgiContext ctx, List<KeyValuePair<FieldDef, string>> changes, ref Action? after)
    {
        var mac = CameraState.NormalizeMac(ctx.Params.Get("mac"));
        if (mac is null)
        {
            return false;
        }

        changes.Add(new(FieldCatalog.Get("id"), mac));
        var nonces = ctx.Camera.Nonces;
        after = nonces.Clear; // the Digest realm contains the MAC
        return true;
    }
}
