using System;

namespace FoscamPS.Model
{
    /// <summary>The HTML file written by Export-CamReport (a fleet-wide file: it names no single camera).</summary>
    public sealed class CamReportInfo
    {
        /// <summary>Full path of the HTML file.</summary>
        public string Path { get; internal set; } = "";
        public int Cameras { get; internal set; }
        public int Online { get; internal set; }
        public int Offline { get; internal set; }
        /// <summary>Cameras shown with a snapshot thumbnail.</summary>
        public int Snapshots { get; internal set; }
        /// <summary>Failed security checks included (Test-CamSecurity findings passed with -Finding).</summary>
        public int FailedChecks { get; internal set; }
        /// <summary>Drift rows included (Compare-CamConfig results passed with -Drift).</summary>
        public int DriftCount { get; internal set; }
        public long Length { get; internal set; }
        public DateTimeOffset GeneratedAt { get; internal set; }
    }

    /// <summary>What Export-CamReport learnt about one camera.</summary>
    internal sealed class CamReportRow
    {
        public ICamera Camera { get; set; } = null!;
        public CamStatus? Status { get; set; }
        public byte[]? Snapshot { get; set; }
        public string? Error { get; set; }
        public string? SnapshotError { get; set; }
    }
}
