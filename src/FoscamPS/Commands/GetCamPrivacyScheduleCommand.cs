using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamPrivacySchedule: when video and audio are forbidden (get_forbidden.cgi).</summary>
    [Cmdlet(VerbsCommon.Get, "CamPrivacySchedule", HelpUri = CamHelp.Base + "Get-CamPrivacySchedule.md")]
    [OutputType(typeof(CamPrivacySchedule))]
    public sealed class GetCamPrivacyScheduleCommand : CamGroupGetCmdlet
    {

        internal override CamGroupCodec Codec => CamGroupCodecs.PrivacySchedule;
    }
}
