using System;
using System.Collections.Generic;
using FoscamPS.Emulator.Maintenance;
using FoscamPS.Emulator.Server;
using FoscamPS.Emulator.State;

namespace FoscamPS.Emulator.Cgi;

/// <summary>Reboot, factory reset, tests, backup/restore and upgrades.</summary>
internal static class MaintenanceCgis
{
    public static EmuResponse Reboot(CgiContext ctx) => ctx.OkThenReboot();

    /// <summary>Back to the factory set (admin with an empty password), then reboot.</summary>
    public static EmuResponse RestoreFactory(CgiContext ctx)
    {
        ctx.State.RestoreFactory();
        return ctx.OkThenReboot();
    }

    public static EmuResponse RestoreFactoryDdns(CgiContext ctx)
    {
        var changes = new List<KeyValuePair<FieldDef, string>>();
        foreach (var f in FieldCatalog.FactoryDdns)
        {
            changes.Add(new(FieldCatalog.Get("ddns_" + f.Name["factory_ddns_".Length..]), ctx.State.Get(f)));
        }

        ctx.State.Apply(changes);
        return ctx.Ok();
    }

    public static EmuResponse WifiScan(CgiContext ctx)
    {
        ctx.Camera.StartWifiScan();
        return ctx.Ok();
    }

    /// <summary>
    /// test_mail.cgi runs against the SAVED settings. The emulator has no network, so the result is a
    /// deterministic function of them, with real firmware's negative codes:
    /// a server named "error-N.…" (N 1–13) → -N (lets tests reach any code);
    /// no server → -1 (cannot connect); port 0 → -2 (network error);
    /// no sender or no receiver → -12 (invalid parameter); user without password → -5 (incorrect pwd);
    /// otherwise 0 (success).
    /// </summary>
    public static EmuResponse TestMail(CgiContext ctx)
    {
        var s = ctx.State;
        var svr = s.Get("mail_svr");
        var code = ForcedCode(svr, 13)
            ?? (svr.Length == 0 ? -1
            : s.Get("mail_port") == "0" ? -2
            : s.Get("mail_sender").Length == 0 || AllEmpty(s, "mail_receiver1", "mail_receiver2", "mail_receiver3", "mail_receiver4") ? -12
            : s.Get("mail_user").Length > 0 && s.Get("mail_pwd").Length == 0 ? -5
            : 0);
        return EmuResponse.Text(new ReplyBuilder().Num("result", code).ToBytes());
    }

    /// <summary>
    /// test_ftp.cgi, same idea: "error-N.…" server → -N (N 1–9); no server → -1; port 0 → -2;
    /// no user → -4 (incorrect user); no password → -5; empty dir → -6 (incorrect catalogue); otherwise 0.
    /// </summary>
    public static EmuResponse TestFtp(CgiContext ctx)
    {
        var s = ctx.State;
        var svr = s.Get("ftp_svr");
        var code = ForcedCode(svr, 9)
            ?? (svr.Length == 0 ? -1
            : s.Get("ftp_port") == "0" ? -2
            : s.Get("ftp_user").Length == 0 ? -4
            : s.Get("ftp_pwd").Length == 0 ? -5
            : s.Get("ftp_dir").Length == 0 ? -6
            : 0);
        return EmuResponse.Text(new ReplyBuilder().Num("result", code).ToBytes());
    }

    /// <summary>params.bin: every setting and secret (opaque to clients).</summary>
    public static EmuResponse BackupParams(CgiContext ctx)
    {
        var state = ctx.State.ToDictionary();
        var response = new EmuResponse { ContentType = "application/octet-stream", Body = ParamsBin.Write(state) };
        response.TrailingHeaders.Add(new("Content-Disposition", "attachment; filename=\"params.bin\""));
        return response;
    }

    /// <summary>restore_params.cgi: the uploaded params.bin replaces every setting (not id/firmware versions), then reboot.</summary>
    public static EmuResponse RestoreParams(CgiContext ctx) => WithParamsFile(ctx, changes =>
    {
        ctx.State.Apply(changes);
        return ctx.OkThenReboot();
    });

    /// <summary>set_factory_params.cgi: the uploaded file becomes the set restore_factory.cgi returns to.</summary>
    public static EmuResponse SetFactoryParams(CgiContext ctx) => WithParamsFile(ctx, changes =>
    {
        ctx.State.ReplaceFactory(changes);
        return ctx.Ok();
    });

    /// <summary>New system firmware: sys_ver changes after the reboot; from 11.37.2.56 the camera speaks Digest.</summary>
    public static EmuResponse UpgradeFirmware(CgiContext ctx) =>
        Upgrade(ctx, "sys_ver", (byte[] d, out Version? v, out string? e) => FirmwarePackage.TryValidate(d, out v, out e));

    /// <summary>New web UI: app_ver changes after the reboot.</summary>
    public static EmuResponse UpgradeHtmls(CgiContext ctx) =>
        Upgrade(ctx, "app_ver", (byte[] d, out Version? v, out string? e) => WebUiPackage.TryValidate(d, out v, out e));

    private delegate bool PackageValidator(byte[] data, out Version? version, out string? error);

    private static EmuResponse Upgrade(CgiContext ctx, string field, PackageValidator validate)
    {
        var file = Multipart.TryGetFile(ctx.Request);
        if (file is null)
        {
            return EmuResponse.IllegalFrame();
        }

        if (!validate(file, out var version, out _) || version is null)
        {
            return EmuResponse.IllegalParams();
        }

        var def = FieldCatalog.Get(field);
        var value = def.Normalize(version.ToString());
        if (value is null)
        {
            return EmuResponse.IllegalParams();
        }

        ctx.State.Apply([new(def, value)]);
        ctx.Camera.Nonces.Clear();
        return ctx.OkThenReboot();
    }

    private static EmuResponse WithParamsFile(CgiContext ctx, Func<List<KeyValuePair<FieldDef, string>>, EmuResponse> apply)
    {
        var file = Multipart.TryGetFile(ctx.Request);
        if (file is null)
        {
            return EmuResponse.IllegalFrame();
        }

        if (!ParamsBin.TryRead(file, out var state, out _) || state is null)
        {
            return EmuResponse.IllegalParams();
        }

        var changes = CameraState.Validate(state, includeIdentity: false, rejectUnknown: false, out _);
        return changes is null ? EmuResponse.IllegalParams() : apply(changes);
    }

    private static int? ForcedCode(string server, int maxCode)
    {
        if (!server.StartsWith("error-", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var dot = server.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? server[6..] : server[6..dot];
        return FieldDef.TryParseInteger(digits, out var n) && n >= 1 && n <= maxCode ? (int)-n : null;
    }

    private static bool AllEmpty(CameraState s, params string[] names)
    {
        foreach (var n in names)
        {
            if (s.Get(n).Length > 0)
            {
                return false;
            }
        }

        return true;
    }
}
