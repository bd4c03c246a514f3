using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamMsn: changes the MSN alert settings (set_msn.cgi), verified by reading them back.</summary>
    [Cmdlet(VerbsCommon.Set, "CamMsn", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Set-CamMsn.md")]
    [OutputType(typeof(CamMsnSettings))]
    public sealed class SetCamMsnCommand : CamGroupSetCmdlet
    {
        /// <summary>User name and password.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public PSCredential? Account { get; set; }

        /// <summary>Up to ten MSN friends to alert.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyCollection]
        [AllowEmptyString]
        [ValidateCount(0, 10)]
        [ValidateCamText(64)]
        public string[]? Friend { get; set; }

        internal override CamGroupCodec CreateCodec() => CamGroupCodecs.Msn;
    }
}
