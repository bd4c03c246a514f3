using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamFactoryDdns: changes the factory DDNS settings (set_factory_ddns.cgi), verified by reading them back.</summary>
    [Cmdlet(VerbsCommon.Set, "CamFactoryDdns", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = CamHelp.Base + "Set-CamFactoryDdns.md")]
    [OutputType(typeof(CamFactoryDdnsSettings))]
    public sealed class SetCamFactoryDdnsCommand : CamGroupSetCmdlet
    {
        /// <summary>The DDNS service.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamDdnsService Service { get; set; }

        /// <summary>User name and password.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Credential]
        public PSCredential? Account { get; set; }

        /// <summary>The domain name (9299.org: the A-level domain; NetEase: the alarm URL).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ValidateCamText(64)]
        public string? HostName { get; set; }

        /// <summary>The update URL (MintDNS, 9299.org, NetEase).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ValidateCamText(64)]
        public string? ProxyServer { get; set; }

        /// <summary>The proxy port (9299.org: the mode).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0, 65535)]
        public int ProxyPort { get; set; }

        internal override CamGroupCodec CreateCodec() => CamDdnsCodecs.Factory;
    }
}
