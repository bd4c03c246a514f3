using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamPppoe: the PPPoE dial-up settings (get_params.cgi).</summary>
    [Cmdlet(VerbsCommon.Get, "CamPppoe", HelpUri = CamHelp.Base + "Get-CamPppoe.md")]
    [OutputType(typeof(CamPppoeSettings))]
    public sealed class GetCamPppoeCommand : CamGroupGetCmdlet
    {
        /// <summary>Include the password (in the Account PSCredential).</summary>
        [Parameter]
        public SwitchParameter IncludeSecret { get; set; }

        protected override bool Reveal => IncludeSecret;
        internal override CamGroupCodec Codec => CamGroupCodecs.Pppoe;
    }
}
