using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamIrLed: switches the infrared LEDs on (decoder_control 95) or off (94).</summary>
    [Cmdlet(VerbsCommon.Set, "CamIrLed", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = CamHelp.Base + "Set-CamIrLed.md")]
    [OutputType(typeof(CamControlAction))]
    public sealed class SetCamIrLedCommand : CamDecoderCodeCmdlet
    {
        /// <summary>On or Off.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        public CamIrLedState State { get; set; }

        internal override int DecoderCommand => State == CamIrLedState.On ? PtzCodes.IoOutputLow : PtzCodes.IoOutputHigh;

        internal override string ActionText => $"IR LEDs {State}";

        protected override string ShouldProcessAction => $"Switch the IR LEDs {State}";
    }
}
