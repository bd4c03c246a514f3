using System.IO;
using FoscamPS.Fleet.Store;

namespace FoscamPS.Fleet
{
    /// <summary>Writes files that hold secrets (backups): owner-only directory and file, atomic rename.</summary>
    internal static class PrivateFile
    {
        public static string Write(string directory, string fileName, byte[] data, bool overwrite)
        {
            if (!Directory.Exists(directory)) StoreNative.EnsurePrivateDirectory(directory);
            var path = Path.Combine(directory, fileName);
            if (File.Exists(path) && !overwrite) throw new IOException($"'{path}' exists; use -Force to overwrite.");
            var temp = path + ".partial";
            try
            {
                using (var fs = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    // Restrict before any secret byte is written.
                    StoreNative.Chmod(temp, StoreNative.FileMode);
                    fs.Write(data, 0, data.Length);
                    fs.Flush(true);
                }
                if (File.Exists(path)) File.Delete(path);
                File.Move(temp, path);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            return path;
        }
    }
}
