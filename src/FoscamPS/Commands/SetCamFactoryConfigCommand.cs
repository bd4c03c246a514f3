using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamFactoryConfig: uploads a backup as the camera's factory set (set_factory_params.cgi), the settings Reset-Cam returns to.</summary>
    [Cmdlet(VerbsCommon.Set, "CamFactoryConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = CamHelp.Base + "Set-CamFactoryConfig.md")]
    [OutputType(typeof(CamConfigUploadResult))]
    public sealed class SetCamFactoryConfigCommand : CamConfigUploadCmdlet
    {
        internal override CamConfigOperation Operation => CamConfigOperation.FactoryConfig;

        internal override string UploadCgi => "set_factory_params.cgi";

        protected override string ShouldProcessAction => $"Replace the factory settings with {Current?.FileName} (what a factory reset returns to)";

        internal override Task AfterUploadAsync(CamSession session, FleetContext context, CamBackupFile file, CamConfigUploadResult result, bool foreign)
        {
            context.Verbose($"{session.Name}: factory settings replaced by {file.FileName}; a factory reset (Reset-Cam) now returns to them.");
            return Task.CompletedTask;
        }
    }
}
