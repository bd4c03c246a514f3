using System;
using System.Management.Automation;
using FoscamPS.Fleet;

namespace FoscamPS.Commands
{
    /// <summary>Stop-CamAlarmListener: closes a listener's port. Callbacks already received can still be taken with Receive-CamAlarm.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "CamAlarmListener", HelpUri = CamHelp.Base + "Stop-CamAlarmListener.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(CamAlarmListener))]
    public sealed class StopCamAlarmListenerCommand : CamCmdlet
    {
        /// <summary>The listeners to stop.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public CamAlarmListener[] Listener { get; set; } = Array.Empty<CamAlarmListener>();

        /// <summary>Write the stopped listener to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var l in Listener)
            {
                if (!ShouldProcessOrExplain($"{l.Name} ({l.Address}:{l.Port})", "Stop listening for camera alarm callbacks")) continue;
                l.Stop();
                if (PassThru) WriteObject(l);
            }
        }
    }
}
