using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace FoscamPS.Fleet.Store
{
    /// <summary>Atomic replacement of a small file: temp file in the same directory (0600), fsync, rename.</summary>
    internal static class AtomicFile
    {
        internal static void Write(string path, byte[] content, string? backupPath)
        {
            string dir = Path.GetDirectoryName(path) ?? ".";
            string tmp = Path.Combine(dir, Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".tmp");
            try
            {
                using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
                {
                    // Owner-only before a single byte is written (the directory is 0700 as well).
                    StoreNative.Chmod(tmp, StoreNative.FileMode);
                    fs.Write(content, 0, content.Length);
                    fs.Flush(flushToDisk: true);
                }

                for (int attempt = 0; ; attempt++)
                {
                    try
                    {
                        if (File.Exists(path))
                            File.Replace(tmp, path, backupPath, ignoreMetadataErrors: true);
                        else
                            File.Move(tmp, path);
                        break;
                    }
                    catch (IOException) when (attempt < 20 && File.Exists(tmp))
                    {
                        // Windows: a reader or an antivirus scanner may hold the target for a moment.
                        Thread.Sleep(25 + attempt * 10);
                    }
                }
                if (backupPath != null && File.Exists(backupPath))
                    StoreNative.TryChmod(backupPath, StoreNative.FileMode);
            }
            finally
            {
                try
                {
                    if (File.Exists(tmp)) File.Delete(tmp);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    // leftover temp file: owner-only, harmless
                }
            }
        }

        /// <summary>Reads a whole file allowing concurrent replacement; null when it does not exist.</summary>
        internal static byte[]? ReadOrNull(string path, long maxBytes)
        {
            try
            {
                using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                {
                    long length = fs.Length;
                    if (length > maxBytes)
                        throw new InvalidDataException($"the file is {length} bytes, more than the {maxBytes} bytes allowed");
                    var buffer = new byte[length];
                    int read = 0;
                    while (read < buffer.Length)
                    {
                        int n = fs.Read(buffer, read, buffer.Length - read);
                        if (n == 0) break;
                        read += n;
                    }
                    if (read != buffer.Length) Array.Resize(ref buffer, read);
                    return buffer;
                }
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (DirectoryNotFoundException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Inter-process lock: a lock file opened with FileShare.None (LockFileEx on Windows, flock on Unix; released
    /// by the OS when the process dies). Bounded retry with backoff; a clear error on timeout.
    /// </summary>
    internal sealed class FileLock : IDisposable
    {
        private readonly FileStream _stream;

        private FileLock(FileStream stream) => _stream = stream;

        internal static FileLock Acquire(string lockPath, TimeSpan timeout, string what)
        {
            var watch = Stopwatch.StartNew();
            var random = new Random(Guid.NewGuid().GetHashCode());
            int delay = 5;
            while (true)
            {
                try
                {
                    var fs = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                    StoreNative.TryChmod(lockPath, StoreNative.FileMode);
                    return new FileLock(fs);
                }
                catch (IOException e) when (!(e is FileNotFoundException) && !(e is DirectoryNotFoundException) && !(e is PathTooLongException))
                {
                    if (watch.Elapsed >= timeout)
                    {
                        throw new CamStoreException(CamStoreErrorId.StoreLocked, CamStoreErrorKind.Busy,
                            $"The {what} is locked by another process: could not acquire '{lockPath}' within {timeout.TotalSeconds:0.#} s.",
                            "Wait for the other PowerShell session using FoscamPS to finish and retry. The lock is released when that process " +
                            "exits; if no FoscamPS process is running, the lock file may be deleted.",
                            lockPath, null, e);
                    }
                }
                catch (Exception e) when (e is UnauthorizedAccessException || e is DirectoryNotFoundException)
                {
                    throw new CamStoreException(CamStoreErrorId.StoreIoFailed, CamStoreErrorKind.Io,
                        $"Cannot open the lock file '{lockPath}' of the {what}: {e.Message}",
                        "Check that the configuration directory exists and is writable by you.", lockPath, null, e);
                }
                int sleep = Math.Min(delay + random.Next(0, delay + 1), 250);
                Thread.Sleep(sleep);
                delay = Math.Min(delay * 2, 200);
            }
        }

        public void Dispose() => _stream.Dispose();
    }

    /// <summary>One store file and its read-modify-write discipline (disk or memory).</summary>
    internal abstract class StoreFile
    {
        internal const long MaxBytes = 64L << 20;

        /// <summary>Path for messages ("(in memory)" in memory mode).</summary>
        internal abstract string Display { get; }

        internal abstract bool IsPersistent { get; }

        /// <summary>Current content without taking the lock (writers replace atomically); null when absent.</summary>
        internal abstract byte[]? Read();

        /// <summary>
        /// Under the lock: reads the current content, calls <paramref name="change"/>, writes the returned content
        /// atomically (null = leave unchanged; the previous file becomes the .bak), returns the result.
        /// </summary>
        internal abstract TResult Transact<TResult>(Func<byte[]?, (byte[]? Content, TResult Result)> change, Action? afterWrite = null);

        /// <summary>Deletes the file and its backup under the lock.</summary>
        internal abstract void Delete();

        internal static StoreFile Create(CamConfigLocation location, string fileName, string what, string corruptErrorId, TimeSpan lockTimeout)
        {
            return location.IsInMemory
                ? new MemoryStoreFile(location.Memory, fileName)
                : new DiskStoreFile(Path.Combine(location.Directory!, fileName), what, corruptErrorId, lockTimeout);
        }
    }

    internal sealed class DiskStoreFile : StoreFile
    {
        private readonly string _path;
        private readonly string _what;
        private readonly string _corruptErrorId;

        internal DiskStoreFile(string path, string what, string corruptErrorId, TimeSpan lockTimeout)
        {
            _path = path;
            _what = what;
            _corruptErrorId = corruptErrorId;
            LockTimeout = lockTimeout;
        }

        internal TimeSpan LockTimeout { get; set; }

        internal override string Display => _path;

        internal override bool IsPersistent => true;

        internal string BackupPath => _path + ".bak";

        internal string LockPath => _path + ".lock";

        internal override byte[]? Read()
        {
            try
            {
                return AtomicFile.ReadOrNull(_path, MaxBytes);
            }
            catch (InvalidDataException e)
            {
                throw new CamStoreException(_corruptErrorId, CamStoreErrorKind.Corrupt,
                    $"The {_what} file '{_path}' cannot be read: {e.Message}. It was not changed.",
                    $"Restore the previous version from '{BackupPath}', or move the file aside.", _path, null, e);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw IoFailure("read", e);
            }
        }

        internal override TResult Transact<TResult>(Func<byte[]?, (byte[]? Content, TResult Result)> change, Action? afterWrite = null)
        {
            EnsureDirectory();
            using (FileLock.Acquire(LockPath, LockTimeout, _what))
            {
                byte[]? current = Read();
                var (content, result) = change(current);
                if (content != null)
                {
                    try
                    {
                        AtomicFile.Write(_path, content, current != null ? BackupPath : null);
                    }
                    catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                    {
                        throw IoFailure("write", e);
                    }
                    afterWrite?.Invoke(); // still under the lock, after the file is in place
                }
                return result;
            }
        }

        internal override void Delete()
        {
            EnsureDirectory();
            using (FileLock.Acquire(LockPath, LockTimeout, _what))
            {
                try
                {
                    if (File.Exists(_path)) File.Delete(_path);
                    if (File.Exists(BackupPath)) File.Delete(BackupPath);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    throw IoFailure("delete", e);
                }
            }
        }

        private void EnsureDirectory()
        {
            string dir = Path.GetDirectoryName(_path)!;
            try
            {
                StoreNative.EnsurePrivateDirectory(dir);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CamStoreException(CamStoreErrorId.StoreIoFailed, CamStoreErrorKind.Io,
                    $"The configuration directory '{dir}' is not usable: {e.Message}",
                    "Check that the directory exists and is owned and writable by you, or set FOSCAMPS_CONFIG_DIR to such a directory.",
                    dir, null, e);
            }
        }

        private CamStoreException IoFailure(string verb, Exception e) =>
            new CamStoreException(CamStoreErrorId.StoreIoFailed, CamStoreErrorKind.Io,
                $"Cannot {verb} the {_what} file '{_path}': {e.Message}",
                "Check that the file and its directory are owned and writable by you and that the disk is not full; nothing was changed.",
                _path, null, e);
    }

    internal sealed class MemoryStoreFile : StoreFile
    {
        private readonly CamConfigLocation.MemoryFiles _files;
        private readonly string _name;

        internal MemoryStoreFile(CamConfigLocation.MemoryFiles files, string name)
        {
            _files = files;
            _name = name;
        }

        internal override string Display => "(in memory) " + _name;

        internal override bool IsPersistent => false;

        internal override byte[]? Read()
        {
            lock (_files.Gate)
                return _files.Files.TryGetValue(_name, out var content) ? (byte[])content.Clone() : null;
        }

        internal override TResult Transact<TResult>(Func<byte[]?, (byte[]? Content, TResult Result)> change, Action? afterWrite = null)
        {
            lock (_files.Gate)
            {
                byte[]? current = _files.Files.TryGetValue(_name, out var c) ? (byte[])c.Clone() : null;
                var (content, result) = change(current);
                if (content != null)
                {
                    _files.Files[_name] = (byte[])content.Clone();
                    afterWrite?.Invoke();
                }
                return result;
            }
        }

        internal override void Delete()
        {
            lock (_files.Gate)
                _files.Files.TryRemove(_name, out _);
        }
    }
}
