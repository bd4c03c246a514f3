using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamFtp: the FTP upload settings and schedule (get_params.cgi).</summary>
    [Cmdlet(VerbsCommon.Get, "CamFtp", HelpUri = CamHelp.Base + "Get-CamFtp.md")]
    [OutputType(typeof(CamFtpSettings))]
    public sealed class GetCamFtpCommand : CamGroupGetCmdlet
    {
        /// <summary>Include the secrets (the FTP account) as SecureString/PSCredential inside the output.</summary>
        [Parameter]
        public SwitchParameter IncludeSecret { get; set; }

        protected override bool Reveal => IncludeSecret;
        internal override CamGroupCodec Codec => CamGroupCodecs.Ftp;
    }
}
