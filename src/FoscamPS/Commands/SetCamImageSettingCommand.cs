using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamImageSetting: changes the sensor settings with camera_control.cgi (one request per changed setting), verified by reading get_camera_params.cgi back.</summary>
    [Cmdlet(VerbsCommon.Set, "CamImageSetting", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Set-CamImageSetting.md")]
    [OutputType(typeof(CamImageSettings))]
    public sealed class SetCamImageSettingCommand : CamGroupSetCmdlet
    {
        /// <summary>Picture size.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamResolution Resolution { get; set; }

        /// <summary>Brightness 0–255.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0, 255)]
        public int Brightness { get; set; }

        /// <summary>Contrast 0–6.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0, 6)]
        public int Contrast { get; set; }

        /// <summary>50 Hz, 60 Hz or outdoor.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamPowerLineMode Mode { get; set; }

        /// <summary>Flip (vertical), Mirror (horizontal), both or None.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamFlip Flip { get; set; }

        internal override CamGroupCodec CreateCodec() => CamGroupCodecs.Image;

        /// <summary>Invoke-CamPtz corrects directions with the flip bits it cached for the session: read them again next time.</summary>
        internal override void AfterWrite(FoscamPS.Fleet.CamSession session) => InvokeCamPtzCommand.ForgetFlipBits(session);
    }
}
