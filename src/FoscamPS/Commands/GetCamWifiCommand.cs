using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamWifi: the Wi-Fi settings, WEP fields included (get_params.cgi).</summary>
    [Cmdlet(VerbsCommon.Get, "CamWifi", HelpUri = CamHelp.Base + "Get-CamWifi.md")]
    [OutputType(typeof(CamWifiSettings))]
    public sealed class GetCamWifiCommand : CamGroupGetCmdlet
    {
        /// <summary>Include the secrets (WPA key, WEP keys) as SecureString/PSCredential inside the output.</summary>
        [Parameter]
        public SwitchParameter IncludeSecret { get; set; }

        protected override bool Reveal => IncludeSecret;
        internal override CamGroupCodec Codec => CamGroupCodecs.Wifi;
    }
}
