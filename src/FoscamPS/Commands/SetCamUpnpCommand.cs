using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamUpnp: switches UPnP port forwarding (set_upnp.cgi), verified by reading it back.</summary>
    [Cmdlet(VerbsCommon.Set, "CamUpnp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Set-CamUpnp.md")]
    [OutputType(typeof(CamUpnpSettings))]
    public sealed class SetCamUpnpCommand : CamGroupSetCmdlet
    {
        /// <summary>Forward the camera's port on the router with UPnP.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        public bool Enable { get; set; }

        internal override CamGroupCodec CreateCodec() => CamGroupCodecs.Upnp;
    }
}
