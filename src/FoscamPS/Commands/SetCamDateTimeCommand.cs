using System;
using System.Collections.Generic;
using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Set-CamDateTime: changes the time zone (a TimeZoneInfo or a UTC offset), daylight saving shift and NTP settings,
    /// or sets the camera clock from this computer's (set_datetime.cgi), verified by reading them back.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CamDateTime", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Set-CamDateTime.md")]
    [OutputType(typeof(CamDateTimeSettings))]
    public sealed class SetCamDateTimeCommand : CamGroupSetCmdlet
    {
        /// <summary>Time zone as a usual UTC offset (-05:00 for EST); the camera stores seconds west of UTC.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public TimeSpan UtcOffset { get; set; }

        /// <summary>Daylight saving shift (usually 01:00 in summer, 00:00 otherwise).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public TimeSpan DaylightSavingTime { get; set; }

        /// <summary>A time zone (TimeZoneInfo or its id): sets UtcOffset to its base offset and DaylightSavingTime to its shift now.</summary>
        [Parameter]
        [CamTimeZoneTransformation]
        public TimeZoneInfo? TimeZone { get; set; }

        /// <summary>Set the clock from an NTP server.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool NtpEnable { get; set; }

        /// <summary>The NTP server (at most 64 bytes).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? NtpServer { get; set; }

        /// <summary>Set the camera clock to this computer's clock (UTC) at the moment of the write.</summary>
        [Parameter]
        public SwitchParameter SyncLocalClock { get; set; }

        internal override CamGroupCodec CreateCodec() => CamGroupCodecs.DateTime;

        internal override IEnumerable<KeyValuePair<string, object?>> ExtraOverlay()
        {
            if (TimeZone is { } zone)
            {
                var now = DateTimeOffset.UtcNow;
                yield return new KeyValuePair<string, object?>(nameof(UtcOffset), zone.BaseUtcOffset);
                yield return new KeyValuePair<string, object?>(nameof(DaylightSavingTime), zone.GetUtcOffset(now) - zone.BaseUtcOffset);
            }
            if (SyncLocalClock) yield return new KeyValuePair<string, object?>("Now", CamClockNow.Instance);
        }

        internal override IEnumerable<string> Validate(CamOverlay overlay)
        {
            var given = MyInvocation.BoundParameters;
            if (TimeZone is not null && (given.ContainsKey(nameof(UtcOffset)) || given.ContainsKey(nameof(DaylightSavingTime))))
                yield return "-TimeZone: give either -TimeZone or -UtcOffset/-DaylightSavingTime.";
            foreach (var name in new[] { nameof(UtcOffset), nameof(DaylightSavingTime) })
            {
                if (overlay.Values.TryGetValue(name, out var v) && v is TimeSpan t && t.Ticks % TimeSpan.TicksPerSecond != 0)
                    yield return $"-{name}: {t} is not whole seconds (the camera stores seconds).";
            }
        }
    }

    /// <summary>Turns a time zone id (e.g. 'Eastern Standard Time', 'Europe/Berlin') into a TimeZoneInfo.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class CamTimeZoneTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            if (inputData is PSObject p) inputData = p.BaseObject;
            if (inputData is string id)
            {
                try
                {
                    return TimeZoneInfo.FindSystemTimeZoneById(id);
                }
                catch (Exception ex) when (ex is TimeZoneNotFoundException || ex is InvalidTimeZoneException)
                {
                    throw new ArgumentTransformationMetadataException($"'{id}' is not a time zone of this computer (see [TimeZoneInfo]::GetSystemTimeZones()).", ex);
                }
            }
            return inputData;
        }
    }
}
