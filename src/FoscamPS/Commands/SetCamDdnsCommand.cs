using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamDdns: changes the dynamic DNS settings (set_ddns.cgi, whole group with the proxy fields), verified by reading them back.</summary>
    [Cmdlet(VerbsCommon.Set, "CamDdns", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Set-CamDdns.md")]
    [OutputType(typeof(CamDdnsSettings))]
    public sealed class SetCamDdnsCommand : CamGroupSetCmdlet
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

        internal override CamGroupCodec CreateCodec() => CamDdnsCodecs.Ddns;
    }
}
