using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamMisc: the LED mode and PTZ patrol settings (get_misc.cgi).</summary>
    [Cmdlet(VerbsCommon.Get, "CamMisc", HelpUri = CamHelp.Base + "Get-CamMisc.md")]
    [OutputType(typeof(CamMiscSettings))]
    public sealed class GetCamMiscCommand : CamGroupGetCmdlet
    {

        internal override CamGroupCodec Codec => CamGroupCodecs.Misc;
    }
}
