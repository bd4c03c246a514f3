using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamPppoe: changes the PPPoE dial-up settings (set_pppoe.cgi), verified by reading them back.</summary>
    [Cmdlet(VerbsCommon.Set, "CamPppoe", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Set-CamPppoe.md")]
    [OutputType(typeof(CamPppoeSettings))]
    public sealed class SetCamPppoeCommand : CamGroupSetCmdlet
    {
        /// <summary>Dial up with PPPoE.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool Enable { get; set; }

        /// <summary>User name and password.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public PSCredential? Account { get; set; }

        internal override CamGroupCodec CreateCodec() => CamGroupCodecs.Pppoe;
    }
}
