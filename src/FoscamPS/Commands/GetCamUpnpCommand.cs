using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamUpnp: the UPnP port forwarding switch (get_params.cgi).</summary>
    [Cmdlet(VerbsCommon.Get, "CamUpnp", HelpUri = CamHelp.Base + "Get-CamUpnp.md")]
    [OutputType(typeof(CamUpnpSettings))]
    public sealed class GetCamUpnpCommand : CamGroupGetCmdlet
    {

        internal override CamGroupCodec Codec => CamGroupCodecs.Upnp;
    }
}
