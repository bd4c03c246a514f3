using System;
using System.Collections.Generic;
using System.Linq;
using FoscamPS.Emulator.Auth;
using FoscamPS.Emulator.State;

namespace FoscamPS.Emulator.Cgi;

/// <summary>
/// Every CGI of spec v1.21 with the privilege it needs: visitor for check_user, snapshot, videostream(.asf),
/// get_camera_params; operator for decoder_control, camera_control, set_extra_io, comm_write; get_status is
/// anonymous on Legacy firmware (visitor on Digest); administrator for everything else.
/// </summary>
internal static class CgiCatalog
{
    private static readonly Dictionary<string, CgiDef> ByName = Build().ToDictionary(d => d.Name, StringComparer.Ordinal);

    public static IReadOnlyCollection<CgiDef> All => ByName.Values;

    /// <summary>Finds a CGI by request path ("/get_params.cgi"); case-sensitive like the firmware's file server.</summary>
    public static bool TryFind(string path, out CgiDef def)
    {
        def = null!;
        return path.StartsWith('/') && ByName.TryGetValue(path[1..], out def!);
    }

    private static IEnumerable<CgiDef> Build()
    {
        const Privilege V = Privilege.Visitor, O = Privilege.Operator, A = Privilege.Administrator;

        yield return new("check_user.cgi", V, GetterCgis.CheckUser);
        yield return new("snapshot.cgi", V, MediaCgis.Snapshot);
        yield return new("videostream.cgi", V, MediaCgis.VideoStream);
        yield return new("videostream.asf", V, MediaCgis.VideoStreamAsf);
        yield return new("get_camera_params.cgi", V, GetterCgis.Group(FieldCatalog.CameraParams));
        yield return new("get_status.cgi", V, GetterCgis.GetStatus) { AnonymousOnLegacy = true };

        yield return new("decoder_control.cgi", O, ControlCgis.DecoderControl);
        yield return new("camera_control.cgi", O, ControlCgis.CameraControl);
        yield return new("set_extra_io.cgi", O, ControlCgis.SetExtraIo);
        yield return new("comm_write.cgi", O, ControlCgis.CommWrite);

        yield return new("get_params.cgi", A, GetterCgis.GetParams);
        yield return new("get_misc.cgi", A, GetterCgis.Group(FieldCatalog.Misc));
        yield return new("get_forbidden.cgi", A, GetterCgis.Group(FieldCatalog.Forbidden));
        yield return new("get_factory_ddns.cgi", A, GetterCgis.Group(FieldCatalog.FactoryDdns));
        yield return new("get_log.cgi", A, GetterCgis.GetLog);
        yield return new("get_wifi_scan_result.cgi", A, GetterCgis.GetWifiScanResult);

        yield return new("reboot.cgi", A, MaintenanceCgis.Reboot);
        yield return new("restore_factory.cgi", A, MaintenanceCgis.RestoreFactory);
        yield return new("restore_factory_ddns.cgi", A, MaintenanceCgis.RestoreFactoryDdns);
        yield return new("wifi_scan.cgi", A, MaintenanceCgis.WifiScan);
        yield return new("test_mail.cgi", A, MaintenanceCgis.TestMail);
        yield return new("test_ftp.cgi", A, MaintenanceCgis.TestFtp);
        yield return new("backup_params.cgi", A, MaintenanceCgis.BackupParams);
        yield return new("restore_params.cgi", A, MaintenanceCgis.RestoreParams) { Upload = true };
        yield return new("set_factory_params.cgi", A, MaintenanceCgis.SetFactoryParams) { Upload = true };
        yield return new("upgrade_firmware.cgi", A, MaintenanceCgis.UpgradeFirmware) { Upload = true };
        yield return new("upgrade_htmls.cgi", A, MaintenanceCgis.UpgradeHtmls) { Upload = true };

        foreach (var setter in Setters.All)
        {
            yield return new(setter.Cgi, A, setter.Handle) { CamUserLogin = setter.CamUserLogin };
        }
    }
}
