using System;
using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Restart-Cam: reboots cameras (reboot.cgi). Never retried; -Wait polls until each camera answers again.</summary>
    [Cmdlet(VerbsLifecycle.Restart, "Cam", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = CamHelp.Base + "Restart-Cam.md")]
    [OutputType(typeof(CamStatus))]
    public sealed class RestartCamCommand : CamFleetCmdlet
    {
        /// <summary>Wait until each camera answers get_status.cgi again and write its status.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>Seconds to wait for a camera to come back with -Wait (default 120).</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int WaitTimeoutSec { get; set; } = 120;

        protected override bool ChangesState => true;

        protected override FoscamPS.Protocol.CgiSafety Safety => FoscamPS.Protocol.CgiSafety.SideEffect;

        protected override string ShouldProcessAction => "Reboot camera";

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            await SendAsync(session, context, CgiCatalogue.Get("reboot.cgi")).ConfigureAwait(false);
            context.Verbose($"{session.Name}: reboot requested.");
            if (!Wait) return;
            var deadline = DateTimeOffset.UtcNow.AddSeconds(WaitTimeoutSec);
            await Task.Delay(TimeSpan.FromSeconds(1), context.CancellationToken).ConfigureAwait(false);
            while (true)
            {
                try
                {
                    var reply = await SendAsync(session, context, CgiCatalogue.GetStatus).ConfigureAwait(false);
                    context.Emit(CamResults.Status(session, reply.Vars));
                    return;
                }
                catch (Exception ex) when (FleetEngine.IsTransient(ex) && DateTimeOffset.UtcNow < deadline)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), context.CancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
