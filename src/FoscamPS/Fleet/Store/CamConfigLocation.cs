using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;

namespace FoscamPS.Fleet.Store
{
    /// <summary>
    /// Where the registry and the credential store live: <c>$env:FOSCAMPS_CONFIG_DIR</c> if set, else
    /// <c>%APPDATA%\FoscamPS</c> on Windows, <c>$XDG_CONFIG_HOME/foscamps</c> or <c>~/.config/foscamps</c>
    /// elsewhere. The directory is created owner-only (0700 on Unix). When it cannot be used (no home, read-only,
    /// permission denied, a file in the way) the location is in-memory for the process and carries one
    /// <see cref="Warning"/>; resolving a location never throws for that case.
    /// </summary>
    public sealed class CamConfigLocation
    {
        /// <summary>Environment variable that overrides the configuration directory.</summary>
        public const string EnvironmentVariable = "FOSCAMPS_CONFIG_DIR";

        internal const string RegistryFileName = "registry.xml";
        internal const string CredentialFileName = "credentials.dat";
        internal const string KeyDirectoryName = "keys";
        internal const string KeyFileName = "master.key";

        private static readonly ConcurrentDictionary<string, CamConfigLocation> Defaults =
            new ConcurrentDictionary<string, CamConfigLocation>(StringComparer.Ordinal);

        private int _warningTaken;
        private readonly object _keyGate = new object();
        private IMasterKeyProvider? _memoryKeyProvider;

        private CamConfigLocation(string? directory, string? warning)
        {
            Directory = directory;
            Warning = warning;
        }

        /// <summary>The configuration directory; null in in-memory mode.</summary>
        public string? Directory { get; }

        /// <summary>True when nothing is persisted (the directory was unusable or in-memory was asked for).</summary>
        public bool IsInMemory => Directory is null;

        /// <summary>Why the location fell back to memory; null when the directory is in use.</summary>
        public string? Warning { get; }

        /// <summary><c>registry.xml</c> in the directory; null in memory.</summary>
        public string? RegistryPath => Directory is null ? null : Path.Combine(Directory, RegistryFileName);

        /// <summary><c>credentials.dat</c> in the directory; null in memory.</summary>
        public string? CredentialStorePath => Directory is null ? null : Path.Combine(Directory, CredentialFileName);

        /// <summary><c>keys</c> (0700) holding <c>master.key</c> (0600) for the key-file protection; null in memory.</summary>
        public string? KeyDirectory => Directory is null ? null : Path.Combine(Directory, KeyDirectoryName);

        /// <summary>In-memory contents of the store files (in-memory mode only).</summary>
        internal MemoryFiles Memory { get; } = new MemoryFiles();

        /// <summary>
        /// Returns <see cref="Warning"/> the first time it is called on this location, then null: the caller
        /// writes it once (Write-Warning) per process.
        /// </summary>
        public string? TakeWarning()
        {
            if (Warning is null) return null;
            return Interlocked.Exchange(ref _warningTaken, 1) == 0 ? Warning : null;
        }

        /// <summary>
        /// The process-wide location from <see cref="EnvironmentVariable"/> or the per-user default. Cached per
        /// resolved directory, so the in-memory fallback and its single warning are per process.
        /// </summary>
        public static CamConfigLocation GetDefault()
        {
            string? dir = ResolveDefaultDirectory(Environment.GetEnvironmentVariable, StoreNative.IsWindows, Environment.GetFolderPath, out string? problem);
            string key = dir ?? "\0memory";
            return Defaults.GetOrAdd(key, _ => dir is null ? InMemory(problem) : ForDirectory(dir));
        }

        /// <summary>An explicit directory (tests, service accounts). Never throws for an unusable directory.</summary>
        public static CamConfigLocation ForDirectory(string directory)
        {
            if (directory is null) throw new ArgumentNullException(nameof(directory));
            string full;
            if (directory.Trim().Length == 0 || directory.IndexOf('\0') >= 0)
                return InMemory("the configuration directory path is empty or contains a NUL character");
            try
            {
                full = Path.GetFullPath(directory.Trim());
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException || e is System.Security.SecurityException)
            {
                return InMemory($"the path '{directory}' is not valid ({e.Message})");
            }

            string? problem = Probe(full);
            return problem is null ? new CamConfigLocation(full, null) : InMemory($"the directory '{full}' cannot be used ({problem})");
        }

        /// <summary>A location that keeps everything in memory for the life of this object.</summary>
        /// <param name="reason">Why (makes <see cref="Warning"/>); null for a deliberate in-memory location without warning.</param>
        public static CamConfigLocation InMemory(string? reason = null)
        {
            string? warning = reason is null
                ? null
                : "FoscamPS cannot persist camera registrations or stored credentials: " + reason +
                  ". They are kept in memory for this session only and are lost when it ends. Set the environment variable " +
                  EnvironmentVariable + " to a writable directory owned by you to persist them.";
            return new CamConfigLocation(null, warning);
        }

        /// <summary>
        /// Pure resolution of the default directory (testable): env var, then the per-user folder. Returns null
        /// with <paramref name="problem"/> when there is no usable base folder.
        /// </summary>
        internal static string? ResolveDefaultDirectory(Func<string, string?> getEnv, bool isWindows,
            Func<Environment.SpecialFolder, string> getFolder, out string? problem)
        {
            problem = null;
            string? overrideDir = getEnv(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(overrideDir))
                return overrideDir!.Trim();

            if (isWindows)
            {
                string appData = SafeFolder(getFolder, Environment.SpecialFolder.ApplicationData);
                if (appData.Length == 0)
                {
                    problem = "there is no per-user application data folder (no user profile)";
                    return null;
                }
                return Path.Combine(appData, "FoscamPS");
            }

            string? xdg = getEnv("XDG_CONFIG_HOME");
            if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg!.Trim())) // relative values are ignored (XDG spec)
                return Path.Combine(xdg.Trim(), "foscamps");

            string? home = getEnv("HOME");
            if (string.IsNullOrWhiteSpace(home))
                home = SafeFolder(getFolder, Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrWhiteSpace(home) || !Path.IsPathRooted(home!.Trim()))
            {
                problem = "HOME is not set";
                return null;
            }
            return Path.Combine(home.Trim(), ".config", "foscamps");
        }

        private static string SafeFolder(Func<Environment.SpecialFolder, string> getFolder, Environment.SpecialFolder folder)
        {
            try
            {
                return getFolder(folder) ?? string.Empty;
            }
            catch (Exception e) when (e is PlatformNotSupportedException || e is ArgumentException || e is System.Security.SecurityException)
            {
                return string.Empty;
            }
        }

        /// <summary>Creates the directory 0700 and checks that a private file can be created in it.</summary>
        private static string? Probe(string dir)
        {
            try
            {
                StoreNative.EnsurePrivateDirectory(dir);
                string probe = Path.Combine(dir, ".probe-" + Guid.NewGuid().ToString("N") + ".tmp");
                try
                {
                    using (var fs = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                    {
                        StoreNative.Chmod(probe, StoreNative.FileMode);
                        fs.WriteByte(0);
                    }
                }
                finally
                {
                    try
                    {
                        File.Delete(probe);
                    }
                    catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                    {
                        // a probe file we cannot delete is harmless (0600, one byte)
                    }
                }
                return null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException ||
                                      e is System.Security.SecurityException || e is DllNotFoundException || e is EntryPointNotFoundException ||
                                      e is ArgumentException)
            {
                return e.Message.TrimEnd('.');
            }
        }

        /// <summary>The ephemeral master key of an in-memory location (one per location, kept for its life).</summary>
        internal IMasterKeyProvider GetMemoryKeyProvider()
        {
            lock (_keyGate)
                return _memoryKeyProvider ??= new MemoryMasterKeyProvider();
        }

        public override string ToString() => Directory ?? "(in memory)";

        /// <summary>File contents kept in memory, guarded by one monitor (in-memory mode).</summary>
        internal sealed class MemoryFiles
        {
            internal readonly object Gate = new object();
            internal readonly ConcurrentDictionary<string, byte[]> Files = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        }
    }
}
