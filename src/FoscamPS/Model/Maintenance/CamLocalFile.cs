using System;
using System.IO;

namespace FoscamPS.Model
{
    /// <summary>Reading a local file that is sent to cameras (a backup to restore, an update package), bounded in size.</summary>
    internal static class CamLocalFile
    {
        /// <summary>
        /// Reads <paramref name="path"/> when it exists and holds at most <paramref name="maxBytes"/> bytes. Otherwise
        /// null and the reason, naming the file as "The <paramref name="label"/> '…'" and the limit as
        /// "<paramref name="limitNoun"/> is at most N bytes". Never throws for a missing, too large or unreadable file.
        /// </summary>
        public static byte[]? TryReadBounded(string path, long maxBytes, string label, string limitNoun, out string? error)
        {
            try
            {
                var info = new FileInfo(path);
                if (!info.Exists)
                {
                    error = $"The {label} '{path}' does not exist.";
                    return null;
                }
                if (info.Length > maxBytes)
                {
                    error = $"The {label} '{info.Name}' is {info.Length} bytes; {limitNoun} is at most {maxBytes} bytes.";
                    return null;
                }
                error = null;
                return File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                error = $"The {label} '{path}' cannot be read: {ex.Message}";
                return null;
            }
        }
    }
}
