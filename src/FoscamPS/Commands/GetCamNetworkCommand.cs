using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamNetwork: the basic network settings (get_params.cgi).</summary>
    [Cmdlet(VerbsCommon.Get, "CamNetwork", HelpUri = CamHelp.Base + "Get-CamNetwork.md")]
    [OutputType(typeof(CamNetworkSettings))]
    public sealed class GetCamNetworkCommand : CamGroupGetCmdlet
    {

        internal override CamGroupCodec Codec => CamGroupCodecs.Network;
    }
}
