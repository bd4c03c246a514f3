using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Update-CamFirmware: installs a system firmware image (upgrade_firmware.cgi) after checking it, and waits for the new version.</summary>
    [Cmdlet(VerbsData.Update, "CamFirmware", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = CamHelp.Base + "Update-CamFirmware.md")]
    [OutputType(typeof(CamUpdateResult))]
    public sealed class UpdateCamFirmwareCommand : CamUpdateCmdlet
    {
        internal override CamPackageKind Kind => CamPackageKind.SystemFirmware;
        internal override string UploadCgi => "upgrade_firmware.cgi";
        internal override string VersionField => "sys_ver";
    }
}
