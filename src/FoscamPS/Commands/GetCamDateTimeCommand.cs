using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamDateTime: the clock, time zone (as a UTC offset) and NTP settings (get_params.cgi).</summary>
    [Cmdlet(VerbsCommon.Get, "CamDateTime", HelpUri = CamHelp.Base + "Get-CamDateTime.md")]
    [OutputType(typeof(CamDateTimeSettings))]
    public sealed class GetCamDateTimeCommand : CamGroupGetCmdlet
    {

        internal override CamGroupCodec Codec => CamGroupCodecs.DateTime;
    }
}
