using System;

namespace FoscamPS.Model
{
    /// <summary>How an update ended for one camera.</summary>
    public enum CamUpdateOutcome
    {
        /// <summary>A newer version was installed and the camera reports it.</summary>
        Updated,
        /// <summary>The same version was installed again (-Force).</summary>
        Reinstalled,
        /// <summary>An older version was installed (-Force).</summary>
        Downgraded,
    }

    /// <summary>One camera's firmware or web UI update (Update-CamFirmware, Update-CamWebUI): old → new version.</summary>
    public sealed class CamUpdateResult
    {
        public ICamera Camera { get; internal set; } = null!;
        public CamPackageKind Kind { get; internal set; }
        public Version? OldVersion { get; internal set; }
        /// <summary>The version the camera reports after it came back.</summary>
        public Version? NewVersion { get; internal set; }
        public CamUpdateOutcome Outcome { get; internal set; }
        /// <summary>True when the camera was one of the -Canary cameras.</summary>
        public bool Canary { get; internal set; }
        public string FileName { get; internal set; } = "";
        public string Sha256 { get; internal set; } = "";
        /// <summary>Upload plus reboot until the camera answered with the new version.</summary>
        public TimeSpan Duration { get; internal set; }
        public string? CameraId { get; internal set; }
    }

    /// <summary>What was uploaded from a backup file.</summary>
    public enum CamConfigOperation
    {
        /// <summary>restore_params.cgi: the camera's settings (it reboots).</summary>
        Restore,
        /// <summary>set_factory_params.cgi: the set a factory reset returns to.</summary>
        FactoryConfig,
    }

    /// <summary>One camera's configuration restore (Restore-CamConfig) or factory set upload (Set-CamFactoryConfig).</summary>
    public sealed class CamConfigUploadResult
    {
        public ICamera Camera { get; internal set; } = null!;
        public CamConfigOperation Operation { get; internal set; }
        public string Path { get; internal set; } = "";
        public string Sha256 { get; internal set; } = "";
        /// <summary>Id of the camera the backup came from (null when unknown and -Force was used).</summary>
        public string? SourceCameraId { get; internal set; }
        public string? CameraId { get; internal set; }
        /// <summary>True when the backup came from another camera (-Force).</summary>
        public bool FromOtherCamera { get; internal set; }
        /// <summary>
        /// Restore: true when, after the reboot, the camera's own backup is byte-for-byte the restored file; false when it
        /// answers but differs (the firmware normalised a value, or identity fields of another camera's backup were
        /// kept). Factory set: null (nothing to compare).
        /// </summary>
        public bool? Verified { get; internal set; }
        public TimeSpan Duration { get; internal set; }
    }

    /// <summary>A camera's MAC address change (Set-CamMac).</summary>
    public sealed class CamMacChange
    {
        public ICamera Camera { get; internal set; } = null!;
        /// <summary>The id (MAC, 12 hex digits) before the change.</summary>
        public string? OldMac { get; internal set; }
        /// <summary>The id the camera reports after the change.</summary>
        public string NewMac { get; internal set; } = "";
        /// <summary>True when the registry entry's expected camera id was updated.</summary>
        public bool RegistryUpdated { get; internal set; }
        public string? CameraId => NewMac;
    }
}
