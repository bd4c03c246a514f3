using System.Collections.Generic;
using System.Management.Automation;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamAlarm: changes motion/sound/input alarm, its actions and the arming schedule (set_alarm.cgi), verified by reading them back.</summary>
    [Cmdlet(VerbsCommon.Set, "CamAlarm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Set-CamAlarm.md")]
    [OutputType(typeof(CamAlarmSettings))]
    public sealed class SetCamAlarmCommand : CamGroupSetCmdlet
    {
        /// <summary>Arm motion detection.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool MotionArmed { get; set; }

        /// <summary>Motion sensitivity 0 (most sensitive) to 9.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int MotionSensitivity { get; set; }

        /// <summary>Compensate sudden light changes.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool MotionCompensation { get; set; }

        /// <summary>Arm sound detection.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool SoundArmed { get; set; }

        /// <summary>Sound sensitivity 0 (most sensitive) to 9.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int SoundSensitivity { get; set; }

        /// <summary>Arm the alarm input.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool InputArmed { get; set; }

        /// <summary>Input level that triggers: Low or High.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamIoLevel InputLevel { get; set; }

        /// <summary>Switch the alarm output on alarm.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool IoLinkage { get; set; }

        /// <summary>Alarm output level on alarm: Low or High.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamIoLevel OutputLevel { get; set; }

        /// <summary>PTZ preset to go to on alarm, 0 (none) to 16.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int Preset { get; set; }

        /// <summary>Send a mail on alarm (Set-CamMail holds the server).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool SendMail { get; set; }

        /// <summary>Seconds between images uploaded on alarm, 0 (none) to 65535.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int UploadInterval { get; set; }

        /// <summary>Send an MSN message on alarm.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool SendMsn { get; set; }

        /// <summary>Call -HttpUrl on alarm.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool HttpNotify { get; set; }

        /// <summary>The URL called on alarm (at most 128 bytes).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? HttpUrl { get; set; }

        /// <summary>Arm only by -Schedule.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool ScheduleEnable { get; set; }

        /// <summary>When the alarm is armed (New-CamSchedule, or text such as 'Mon-Fri 18:00-24:00').</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamSchedule? Schedule { get; set; }

        internal override CamGroupCodec CreateCodec() => CamGroupCodecs.Alarm;

        internal override IEnumerable<string> Validate(CamOverlay overlay)
        {
            if (overlay.Values.TryGetValue(nameof(HttpUrl), out var v) && v is string url && url.Contains("=" + Redactor.Mask))
                yield return "-HttpUrl: the URL's credentials are masked (***); give the full URL, or pipe Get-CamAlarm -IncludeSecret to copy it.";
        }
    }
}
