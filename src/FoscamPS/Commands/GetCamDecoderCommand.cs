using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamDecoder: the serial decoder speed (get_params.cgi).</summary>
    [Cmdlet(VerbsCommon.Get, "CamDecoder", HelpUri = CamHelp.Base + "Get-CamDecoder.md")]
    [OutputType(typeof(CamDecoderSettings))]
    public sealed class GetCamDecoderCommand : CamGroupGetCmdlet
    {

        internal override CamGroupCodec Codec => CamGroupCodecs.Decoder;
    }
}
