using System;
using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Wait-Cam: polls each camera until it answers get_status.cgi again (after a reboot, an upgrade, a power cut), with a timeout.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "Cam", HelpUri = CamHelp.Base + "Wait-Cam.md")]
    [OutputType(typeof(CamStatus))]
    public sealed class WaitCamCommand : CamMaintenanceCmdlet
    {
        /// <summary>Seconds to wait for each camera (default 120).</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int WaitTimeoutSec { get; set; } = 120;

        /// <summary>The camera may be down: its identity is checked on the answer it gives once back.</summary>
        protected override bool ChecksIdentityFirst => false;

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
            => context.Emit(await WaitForCameraAsync(session, context, TimeSpan.FromSeconds(WaitTimeoutSec), afterReboot: false, "").ConfigureAwait(false));
    }
}
