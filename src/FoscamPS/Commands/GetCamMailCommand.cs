using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamMail: the mail settings (get_params.cgi).</summary>
    [Cmdlet(VerbsCommon.Get, "CamMail", HelpUri = CamHelp.Base + "Get-CamMail.md")]
    [OutputType(typeof(CamMailSettings))]
    public sealed class GetCamMailCommand : CamGroupGetCmdlet
    {
        /// <summary>Include the secrets (the SMTP account) as SecureString/PSCredential inside the output.</summary>
        [Parameter]
        public SwitchParameter IncludeSecret { get; set; }

        protected override bool Reveal => IncludeSecret;
        internal override CamGroupCodec Codec => CamGroupCodecs.Mail;
    }
}
