using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamIrLed: switches the infrared LEDs on (decoder_control 95) or off (94).</summary>
    [Cmdlet(VerbsCommon.Set, "CamIrLed", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = CamHelp.Base + "Set-CamIrLed.md")]
    [OutputType(typeof(CamControlAction))]
    public sealed class SetCamIrLedCommand : CamFleetCmdlet
    {
        /// <summary>On or Off.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        public CamIrLedState State { get; set; }

        /// <summary>Write what was sent.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override bool ChangesState => true;

        protected override FoscamPS.Protocol.CgiSafety Safety => FoscamPS.Protocol.CgiSafety.SideEffect;

        protected override string ShouldProcessAction => $"Switch the IR LEDs {State}";

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var command = State == CamIrLedState.On ? PtzCodes.IoOutputLow : PtzCodes.IoOutputHigh;
            var cgi = CgiCatalogue.Get("decoder_control.cgi");
            await SendAsync(session, context, cgi, new[] { new KeyValuePair<string, string>("command", command.ToString(CultureInfo.InvariantCulture)) }).ConfigureAwait(false);
            if (PassThru) context.Emit(new CamControlAction { Camera = session, Action = $"IR LEDs {State}", Cgi = cgi.Name, Value = command });
        }
    }
}
