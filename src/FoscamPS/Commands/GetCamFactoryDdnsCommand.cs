using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamFactoryDdns: the factory DDNS settings (get_factory_ddns.cgi).</summary>
    [Cmdlet(VerbsCommon.Get, "CamFactoryDdns", HelpUri = CamHelp.Base + "Get-CamFactoryDdns.md")]
    [OutputType(typeof(CamFactoryDdnsSettings))]
    public sealed class GetCamFactoryDdnsCommand : CamGroupGetCmdlet
    {
        /// <summary>Include the password (in the Account PSCredential).</summary>
        [Parameter]
        public SwitchParameter IncludeSecret { get; set; }

        protected override bool Reveal => IncludeSecret;
        internal override CamGroupCodec Codec => CamGroupCodecs.FactoryDdns;
    }
}
