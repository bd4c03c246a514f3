using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamDdns: the dynamic DNS settings, proxy fields included (get_params.cgi).</summary>
    [Cmdlet(VerbsCommon.Get, "CamDdns", HelpUri = CamHelp.Base + "Get-CamDdns.md")]
    [OutputType(typeof(CamDdnsSettings))]
    public sealed class GetCamDdnsCommand : CamGroupGetCmdlet
    {
        /// <summary>Include the password (in the Account PSCredential).</summary>
        [Parameter]
        public SwitchParameter IncludeSecret { get; set; }

        protected override bool Reveal => IncludeSecret;
        internal override CamGroupCodec Codec => CamGroupCodecs.Ddns;
    }
}
