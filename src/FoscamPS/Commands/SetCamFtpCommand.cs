using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamFtp: changes the FTP upload settings and schedule (set_ftp.cgi), verified by reading them back (-Server, -Port and -Account: <see cref="CamServerSetCmdlet"/>).</summary>
    [Cmdlet(VerbsCommon.Set, "CamFtp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Set-CamFtp.md")]
    [OutputType(typeof(CamFtpSettings))]
    public sealed class SetCamFtpCommand : CamServerSetCmdlet
    {
        /// <summary>Upload folder (at most 64 bytes).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? Directory { get; set; }

        /// <summary>Port (active) or Passive.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamFtpMode Mode { get; set; }

        /// <summary>Keep the connection between uploads.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool RetainConnection { get; set; }

        /// <summary>Seconds between uploaded images, 0 (no timed upload) to 65535.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int UploadInterval { get; set; }

        /// <summary>File name of uploads (at most 64 bytes).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? FileName { get; set; }

        /// <summary>Number of files kept, 0 to 65535.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int NumberOfFiles { get; set; }

        /// <summary>Upload only by -Schedule.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool ScheduleEnable { get; set; }

        /// <summary>When to upload (New-CamSchedule, or text such as 'Mon-Fri 08:00-18:00').</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamSchedule? Schedule { get; set; }

        internal override CamGroupCodec CreateCodec() => CamGroupCodecs.Ftp;
    }
}
