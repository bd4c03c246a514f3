using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamImageSetting: the sensor settings with the undocumented fps (get_camera_params.cgi).</summary>
    [Cmdlet(VerbsCommon.Get, "CamImageSetting", HelpUri = CamHelp.Base + "Get-CamImageSetting.md")]
    [OutputType(typeof(CamImageSettings))]
    public sealed class GetCamImageSettingCommand : CamGroupGetCmdlet
    {

        internal override CamGroupCodec Codec => CamGroupCodecs.Image;
    }
}
