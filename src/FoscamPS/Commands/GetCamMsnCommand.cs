using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamMsn: the MSN alert settings (get_params.cgi).</summary>
    [Cmdlet(VerbsCommon.Get, "CamMsn", HelpUri = CamHelp.Base + "Get-CamMsn.md")]
    [OutputType(typeof(CamMsnSettings))]
    public sealed class GetCamMsnCommand : CamGroupGetCmdlet
    {
        /// <summary>Include the password (in the Account PSCredential).</summary>
        [Parameter]
        public SwitchParameter IncludeSecret { get; set; }

        protected override bool Reveal => IncludeSecret;
        internal override CamGroupCodec Codec => CamGroupCodecs.Msn;
    }
}
