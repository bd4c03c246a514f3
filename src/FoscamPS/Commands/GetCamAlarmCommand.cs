using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamAlarm: the alarm settings and arming schedule (get_params.cgi).</summary>
    [Cmdlet(VerbsCommon.Get, "CamAlarm", HelpUri = CamHelp.Base + "Get-CamAlarm.md")]
    [OutputType(typeof(CamAlarmSettings))]
    public sealed class GetCamAlarmCommand : CamGroupGetCmdlet
    {
        /// <summary>Include the secrets (the alarm URL with its credentials) as SecureString/PSCredential inside the output.</summary>
        [Parameter]
        public SwitchParameter IncludeSecret { get; set; }

        protected override bool Reveal => IncludeSecret;
        internal override CamGroupCodec Codec => CamGroupCodecs.Alarm;
    }
}
