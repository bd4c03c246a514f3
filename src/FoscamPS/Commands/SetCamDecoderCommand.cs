using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamDecoder: changes the serial decoder speed (set_decoder.cgi), verified by reading it back.</summary>
    [Cmdlet(VerbsCommon.Set, "CamDecoder", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Set-CamDecoder.md")]
    [OutputType(typeof(CamDecoderSettings))]
    public sealed class SetCamDecoderCommand : CamGroupSetCmdlet
    {
        /// <summary>Baud rate of the RS-485 decoder.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        public CamBaudRate Baud { get; set; }

        internal override CamGroupCodec CreateCodec() => CamGroupCodecs.Decoder;
    }
}
