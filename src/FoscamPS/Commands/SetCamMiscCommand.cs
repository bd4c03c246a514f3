using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamMisc: changes the LED mode and PTZ patrol settings (set_misc.cgi), verified by reading them back.</summary>
    [Cmdlet(VerbsCommon.Set, "CamMisc", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Set-CamMisc.md")]
    [OutputType(typeof(CamMiscSettings))]
    public sealed class SetCamMiscCommand : CamGroupSetCmdlet
    {
        /// <summary>LED mode (Mode1, Mode2, Off).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamLedMode LedMode { get; set; }

        /// <summary>Center the head when the camera starts.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool PtzCenterOnStart { get; set; }

        /// <summary>Auto patrol interval (0: none).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0,65535)]
        public int PtzAutoPatrolInterval { get; set; }

        /// <summary>Auto patrol direction.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamPatrolType PtzAutoPatrolType { get; set; }

        /// <summary>Horizontal patrol rounds (0: endless).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0,255)]
        public int PtzPatrolHRounds { get; set; }

        /// <summary>Vertical patrol rounds (0: endless).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0,255)]
        public int PtzPatrolVRounds { get; set; }

        /// <summary>Patrol speed.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0,100)]
        public int PtzPatrolRate { get; set; }

        /// <summary>Speed up.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0,100)]
        public int PtzPatrolUpRate { get; set; }

        /// <summary>Speed down.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0,100)]
        public int PtzPatrolDownRate { get; set; }

        /// <summary>Speed left.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0,100)]
        public int PtzPatrolLeftRate { get; set; }

        /// <summary>Speed right.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0,100)]
        public int PtzPatrolRightRate { get; set; }

        /// <summary>Disable presets (after a reboot).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool PtzDisablePreset { get; set; }

        /// <summary>Preset to go to at start (0: none).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0,16)]
        public int PtzPresetOnStart { get; set; }
        internal override CamGroupCodec CreateCodec() => CamGroupCodecs.Misc;
    }
}
