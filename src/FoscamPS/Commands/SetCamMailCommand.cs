using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamMail: changes the mail settings (set_mail.cgi, always the whole group with TLS and all four receivers), verified by reading them back (-Server, -Port and -Account: <see cref="CamServerSetCmdlet"/>).</summary>
    [Cmdlet(VerbsCommon.Set, "CamMail", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Set-CamMail.md")]
    [OutputType(typeof(CamMailSettings))]
    public sealed class SetCamMailCommand : CamServerSetCmdlet
    {
        /// <summary>None, Tls or StartTls.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamMailTls Tls { get; set; }

        /// <summary>Sender address (at most 64 bytes).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? Sender { get; set; }

        /// <summary>Up to four receivers (at most 64 bytes each); the ones not given are cleared.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyCollection]
        [AllowEmptyString]
        public string[]? Receiver { get; set; }

        /// <summary>Mail when the camera's internet address changes.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool NotifyIpChange { get; set; }

        internal override CamGroupCodec CreateCodec() => CamGroupCodecs.Mail;
    }
}
