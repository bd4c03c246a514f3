using System;
using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Base of the cmdlets that send one request after which the camera reboots (Restart-Cam: reboot.cgi, Reset-Cam:
    /// restore_factory.cgi): the request is never retried (a side effect), then -Wait waits (Wait-Cam's logic) up to
    /// -WaitTimeoutSec until the camera answers again and writes its status.
    /// </summary>
    public abstract class CamRestartCmdlet : CamMaintenanceCmdlet
    {
        /// <summary>Wait until each camera answers again and write its status.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>Seconds to wait for a camera to come back with -Wait (default 120).</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int WaitTimeoutSec { get; set; } = 120;

        protected override bool ChangesState => true;

        protected override CgiSafety Safety => CgiSafety.SideEffect;

        /// <summary>The CGI after which the camera reboots.</summary>
        internal abstract string RestartCgi { get; }

        /// <summary>What the wait is for, in messages ("after the reboot").</summary>
        internal abstract string WaitReason { get; }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            await SendAsync(session, context, CgiCatalogue.Get(RestartCgi)).ConfigureAwait(false);
            await AfterRestartRequestedAsync(session, context).ConfigureAwait(false);
        }

        /// <summary>After the request was answered: by default a verbose line, then with -Wait the camera's status once it answers.</summary>
        internal virtual async Task AfterRestartRequestedAsync(CamSession session, FleetContext context)
        {
            context.Verbose($"{session.Name}: reboot requested ({RestartCgi}).");
            if (!Wait) return;
            context.Emit(await WaitAgainAsync(session, context).ConfigureAwait(false));
        }

        /// <summary>Waits up to -WaitTimeoutSec for <paramref name="session"/>'s camera to answer after its reboot.</summary>
        internal Task<CamStatus> WaitAgainAsync(CamSession session, FleetContext context)
            => WaitForCameraAsync(session, context, TimeSpan.FromSeconds(WaitTimeoutSec), afterReboot: true, WaitReason);
    }
}
