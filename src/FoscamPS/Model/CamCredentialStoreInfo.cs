namespace FoscamPS.Model
{
    /// <summary>What Get-CamCredentialStore reports: where the store is and how it is protected. No secret.</summary>
    public sealed class CamCredentialStoreInfo
    {
        /// <summary>Configuration folder (null when kept in memory).</summary>
        public string? Directory { get; internal set; }
        /// <summary>Full path of credentials.dat (null in memory).</summary>
        public string? Path { get; internal set; }
        public bool IsPersistent { get; internal set; }
        /// <summary>Protection of the master key: Dpapi, KeyFile, Passphrase or Memory (before anything is stored: the protection this session would use).</summary>
        public string? Protection { get; internal set; }
        /// <summary>True when this runspace holds the passphrase (Unlock-CamCredentialStore).</summary>
        public bool Unlocked { get; internal set; }
        /// <summary>How many credentials are stored.</summary>
        public int CredentialCount { get; internal set; }
        /// <summary>Registration names that have a stored credential.</summary>
        public string[] RecordIds { get; internal set; } = new string[0];
        /// <summary>Why the store is in memory, if it is.</summary>
        public string? Warning { get; internal set; }
    }
}
