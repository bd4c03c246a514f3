using System;

namespace FoscamPS.Model
{
    /// <summary>One file written by Export-CamConfig.</summary>
    public sealed class CamConfigExport
    {
        /// <summary>The camera (per-camera files); null for a baseline file of several cameras.</summary>
        public ICamera? Camera { get; internal set; }
        /// <summary>Camera (one camera's settings) or Baseline (a baseline with per-camera overrides).</summary>
        public string Kind { get; internal set; } = "Camera";
        /// <summary>Full path of the file (owner-only permissions).</summary>
        public string Path { get; internal set; } = "";
        /// <summary>Settings groups in the file.</summary>
        public int Groups { get; internal set; }
        /// <summary>Fields in the file (baseline: the baseline's own; overrides not counted).</summary>
        public int Fields { get; internal set; }
        /// <summary>Cameras in the file (baseline) or 1.</summary>
        public int Cameras { get; internal set; } = 1;
        /// <summary>True when secrets are in the file, sealed with the credential store's key.</summary>
        public bool IncludesSecret { get; internal set; }
    }

    /// <summary>
    /// One setting where a camera differs from what is expected (Compare-CamConfig). Secrets are compared but never
    /// shown: a set secret as ******** and a blank one as (blank), on either side. Camera and Baseline bind to Set-CamConfig by property
    /// name, so <c>Compare-CamConfig … | Set-CamConfig</c> brings the drifted cameras back to the baseline.
    /// </summary>
    public sealed class CamConfigDrift
    {
        public ICamera Camera { get; internal set; } = null!;
        /// <summary>Settings group as in the file ("Wifi", "Alarm", "Devices2" …).</summary>
        public string Group { get; internal set; } = "";
        /// <summary>The camera's field name (get_params), e.g. wifi_ssid.</summary>
        public string Field { get; internal set; } = "";
        /// <summary>The property (= the group's Set- cmdlet parameter) carrying the field, e.g. Ssid.</summary>
        public string? Setting { get; internal set; }
        /// <summary>What the baseline or reference camera has (shown: secrets masked).</summary>
        public string Expected { get; internal set; } = "";
        /// <summary>What the camera has (shown: a set secret as ********, a blank one as (blank)).</summary>
        public string Actual { get; internal set; } = "";
        /// <summary>True for a secret (compared, never shown).</summary>
        public bool IsSecret { get; internal set; }
        /// <summary>The baseline file compared with (null when compared with a camera).</summary>
        public string? Baseline { get; internal set; }
        /// <summary>The reference camera compared with (null when compared with a file).</summary>
        public string? Reference { get; internal set; }
    }

    /// <summary>What Set-CamConfig did on one camera.</summary>
    public sealed class CamConfigApplyResult
    {
        public ICamera Camera { get; internal set; } = null!;
        /// <summary>Groups written and verified by re-reading (0: the camera already matched).</summary>
        public int ChangedGroups { get; internal set; }
        /// <summary>Fields that changed.</summary>
        public int ChangedFields { get; internal set; }
        /// <summary>Groups that differ but were not written: they restart the camera and -AllowRestart was not given.</summary>
        public string[] SkippedGroups { get; internal set; } = Array.Empty<string>();
        /// <summary>"Group.Setting: old -> new" for each change (secrets masked).</summary>
        public string[] Changes { get; internal set; } = Array.Empty<string>();
        /// <summary>The baseline or configuration file applied.</summary>
        public string Source { get; internal set; } = "";
        /// <summary>True when every written group read back as expected.</summary>
        public bool Verified { get; internal set; }
    }
}
