using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>The parameters of a DDNS group (set_ddns.cgi and set_factory_ddns.cgi share the same fields); derived cmdlets name the codec.</summary>
    public abstract class CamDdnsSetCmdlet : CamGroupSetCmdlet
    {
        /// <summary>The DDNS service.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamDdnsService Service { get; set; }

        /// <summary>User name and password.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
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
    }
}
