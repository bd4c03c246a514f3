using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamPrivacySchedule: changes when video and audio are forbidden (set_forbidden.cgi), verified by reading it back.</summary>
    [Cmdlet(VerbsCommon.Set, "CamPrivacySchedule", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Set-CamPrivacySchedule.md")]
    [OutputType(typeof(CamPrivacySchedule))]
    public sealed class SetCamPrivacyScheduleCommand : CamGroupSetCmdlet
    {
        /// <summary>Put the schedule in force.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool ScheduleEnable { get; set; }

        /// <summary>When video and audio are forbidden (New-CamSchedule, or text such as 'Mon-Fri 08:00-18:00').</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        public CamSchedule? Schedule { get; set; }

        internal override CamGroupCodec CreateCodec() => CamGroupCodecs.PrivacySchedule;
    }
}
