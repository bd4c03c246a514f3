using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamIoOutput: drives the alarm IO output high (decoder_control 94) or low (95).</summary>
    [Cmdlet(VerbsCommon.Set, "CamIoOutput", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Set-CamIoOutput.md")]
    [OutputType(typeof(CamControlAction))]
    public sealed class SetCamIoOutputCommand : CamDecoderCodeCmdlet
    {
        /// <summary>High or Low.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        public CamIoLevel Level { get; set; }

        internal override int DecoderCommand => Level == CamIoLevel.High ? PtzCodes.IoOutputHigh : PtzCodes.IoOutputLow;

        internal override string ActionText => $"IO output {Level}";

        protected override string ShouldProcessAction => $"Set the IO output {Level}";
    }
}
