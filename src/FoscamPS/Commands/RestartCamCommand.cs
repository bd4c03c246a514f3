using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Restart-Cam: reboots cameras (reboot.cgi). Never retried; -Wait waits (Wait-Cam's logic) until each camera answers again.</summary>
    [Cmdlet(VerbsLifecycle.Restart, "Cam", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Restart-Cam.md")]
    [OutputType(typeof(CamStatus))]
    public sealed class RestartCamCommand : CamRestartCmdlet
    {
        protected override string ShouldProcessAction => "Reboot camera";

        internal override string RestartCgi => "reboot.cgi";

        internal override string WaitReason => "after the reboot";
    }
}
