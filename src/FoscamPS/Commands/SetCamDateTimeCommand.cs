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
        /// <summary>Time zone as a usual UTC offset (-05:00 for EST, +05:30, UTC+1, or hours: -5); the camera stores seconds west of UTC.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [CamUtcOffsetTransformation]
        public TimeSpan UtcOffset { get; set; }

        /// <summary>Daylight saving shift (usually 01:00 in summer, 00:00 otherwise; +01:00 or 1 also read as one hour).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [CamUtcOffsetTransformation]
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

    /// <summary>
    /// Reads an offset as people write it: <c>+05:30</c>, <c>-05:00</c>, <c>UTC+1</c>, <c>GMT-3:30</c>, <c>+0530</c>, <c>UTC</c>,
    /// or a number of hours (<c>-5</c>, <c>5.5</c>). PowerShell's own conversion to TimeSpan refuses a leading '+' and reads a
    /// number as ticks; anything else (a TimeSpan, <c>1.00:00:00</c>) passes through to it unchanged.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class CamUtcOffsetTransformationAttribute : ArgumentTransformationAttribute
    {
        private static readonly System.Text.RegularExpressions.Regex Offset = new System.Text.RegularExpressions.Regex(
            @"^\s*(?:(?:UTC|GMT)\s*)?(?<sign>[+\-\u2212])?\s*(?<h>\d{1,2})(?::?(?<m>\d{2}))?\s*$",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject p ? p.BaseObject : inputData;
            switch (value)
            {
                case string text:
                    var trimmed = text.Trim();
                    if (trimmed.Equals("UTC", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("GMT", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("Z", StringComparison.OrdinalIgnoreCase))
                        return TimeSpan.Zero;
                    var m = Offset.Match(text);
                    if (!m.Success) return inputData; // 05:00:00, 1.00:00:00, …: PowerShell's conversion reads those (or says why not)
                    int hours = int.Parse(m.Groups["h"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    int minutes = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
                    if (minutes >= 60)
                        throw new ArgumentTransformationMetadataException($"'{text}' is not an offset: the minutes must be below 60 (write it as +05:30, -05:00 or UTC+1).");
                    var offset = new TimeSpan(hours, minutes, 0);
                    return m.Groups["sign"].Value is "-" or "\u2212" ? offset.Negate() : offset;
                case int i:
                    return TimeSpan.FromHours(i);
                case long l:
                    return TimeSpan.FromHours(l);
                case double d:
                    return TimeSpan.FromMinutes(Math.Round(d * 60));
                case decimal dec:
                    return TimeSpan.FromMinutes((double)Math.Round(dec * 60));
                default:
                    return inputData;
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
