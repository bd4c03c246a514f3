using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Update-CamWebUI: installs a web UI package (upgrade_htmls.cgi) after checking it, and waits for the new version.</summary>
    [Cmdlet(VerbsData.Update, "CamWebUI", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = CamHelp.Base + "Update-CamWebUI.md")]
    [OutputType(typeof(CamUpdateResult))]
    public sealed class UpdateCamWebUICommand : CamUpdateCmdlet
    {
        internal override CamPackageKind Kind => CamPackageKind.WebUi;
        internal override string UploadCgi => "upgrade_htmls.cgi";
        internal override string VersionField => "app_ver";
    }
}
