using System;
using System.Linq;
using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>
    /// New-CamSchedule: builds a weekly schedule (7 days × 96 quarter-hours) for Set-CamAlarm, Set-CamFtp and
    /// Set-CamPrivacySchedule; combinable by piping or -InputObject (the period is added to that schedule).
    /// </summary>
    [Cmdlet(VerbsCommon.New, "CamSchedule", DefaultParameterSetName = "Period", HelpUri = CamHelp.Base + "New-CamSchedule.md")]
    [OutputType(typeof(CamSchedule))]
    public sealed class NewCamScheduleCommand : CamCmdlet
    {
        /// <summary>The days (default: every day).</summary>
        [Parameter(Position = 0, ParameterSetName = "Period")]
        [ValidateNotNullOrEmpty]
        public DayOfWeek[]? Day { get; set; }

        /// <summary>Start time on a quarter-hour, e.g. 08:00 (default 00:00).</summary>
        [Parameter(Position = 1, ParameterSetName = "Period")]
        [ValidateNotNullOrEmpty]
        public string Start { get; set; } = "00:00";

        /// <summary>End time on a quarter-hour, not included, e.g. 18:00; 24:00 is the end of the day (default 24:00).</summary>
        [Parameter(Position = 2, ParameterSetName = "Period")]
        [ValidateNotNullOrEmpty]
        public string End { get; set; } = "24:00";

        /// <summary>A schedule the period is added to (or removed from, with -Remove).</summary>
        [Parameter(ValueFromPipeline = true, ParameterSetName = "Period")]
        public CamSchedule? InputObject { get; set; }

        /// <summary>Remove the period from -InputObject instead of adding it.</summary>
        [Parameter(ParameterSetName = "Period")]
        public SwitchParameter Remove { get; set; }

        /// <summary>A schedule that is never active.</summary>
        [Parameter(Mandatory = true, ParameterSetName = "Never")]
        public SwitchParameter Never { get; set; }

        /// <summary>A schedule active all week.</summary>
        [Parameter(Mandatory = true, ParameterSetName = "Always")]
        public SwitchParameter Always { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == "Never")
            {
                WriteObject(CamSchedule.Never);
                return;
            }
            if (ParameterSetName == "Always")
            {
                WriteObject(CamSchedule.Always);
                return;
            }
            if (!CamSchedule.TryParseTime(Start, out var start))
                ThrowArgumentError("InvalidScheduleTime", $"-Start '{Start}' is not a time of day such as 08:00.", Start);
            if (!CamSchedule.TryParseTime(End, out var end))
                ThrowArgumentError("InvalidScheduleTime", $"-End '{End}' is not a time of day such as 18:00 (24:00 for the end of the day).", End);
            if (CamSchedule.CheckPeriod(start, end) is { } problem)
                ThrowArgumentError("InvalidScheduleTime", $"-Start/-End: {problem}.", Start + "-" + End);
            var days = Day ?? (DayOfWeek[])Enum.GetValues(typeof(DayOfWeek));
            var baseSchedule = InputObject ?? CamSchedule.Never;
            WriteObject(Remove ? baseSchedule.Remove(days.Distinct(), start, end) : baseSchedule.Add(days.Distinct(), start, end));
        }
    }
}
