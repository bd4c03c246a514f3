using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;

namespace FoscamPS.Fleet.Store
{
    /// <summary>Owner-only permissions for store directories and files (POSIX modes through libc).</summary>
    internal static class StoreNative
    {
        internal const int DirectoryMode = 0x1C0; // 0700
        internal const int FileMode = 0x180;      // 0600

        internal static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        // "libc" is mapped to the C library by the runtime on Linux (libc.so.6) and macOS (libSystem).
        [DllImport("libc", EntryPoint = "chmod", SetLastError = true)]
        private static extern int SysChmod(byte[] path, int mode);

        [DllImport("libc", EntryPoint = "mkdir", SetLastError = true)]
        private static extern int SysMkdir(byte[] path, int mode);

        // netstandard2.0 has no LPUTF8Str marshalling: pass a NUL-terminated UTF-8 buffer.
        private static byte[] Utf8Z(string s) { var b = System.Text.Encoding.UTF8.GetBytes(s); Array.Resize(ref b, b.Length + 1); return b; }

        /// <summary>
        /// Creates <paramref name="path"/> (parents with default permissions) and makes the directory itself 0700
        /// on Unix. Throws <see cref="IOException"/>/<see cref="UnauthorizedAccessException"/> on failure.
        /// </summary>
        internal static void EnsurePrivateDirectory(string path)
        {
            if (File.Exists(path))
                throw new IOException($"'{path}' is a file, not a directory.");
            if (IsWindows)
            {
                Directory.CreateDirectory(path);
                return;
            }

            if (!Directory.Exists(path))
            {
                string? parent = Path.GetDirectoryName(path);
                if (!string.IsNullOrEmpty(parent) && !Directory.Exists(parent))
                    Directory.CreateDirectory(parent!);
                if (SysMkdir(Utf8Z(path), DirectoryMode) != 0)
                {
                    int errno = Marshal.GetLastWin32Error();
                    if (!Directory.Exists(path)) // EEXIST from a concurrent creator is fine
                        throw new IOException($"Cannot create the directory '{path}': {Describe(errno)}.");
                }
            }
            Chmod(path, DirectoryMode);
        }

        /// <summary>Sets owner-only permissions on Unix (no-op on Windows, where the profile ACL applies).</summary>
        internal static void Chmod(string path, int mode)
        {
            if (IsWindows) return;
            if (SysChmod(Utf8Z(path), mode) != 0)
            {
                int errno = Marshal.GetLastWin32Error();
                throw new UnauthorizedAccessException($"Cannot restrict the permissions of '{path}' to {Convert.ToString(mode, 8)}: {Describe(errno)}.");
            }
        }

        /// <summary>Best effort <see cref="Chmod"/>; returns false instead of throwing.</summary>
        internal static bool TryChmod(string path, int mode)
        {
            try
            {
                Chmod(path, mode);
                return true;
            }
            catch (Exception e) when (e is UnauthorizedAccessException || e is IOException || e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return false;
            }
        }

        private static string Describe(int errno)
        {
            // errno values are the common Linux/macOS ones; Win32Exception gives strerror text on Unix.
            try
            {
                return new Win32Exception(errno).Message + " (errno " + errno + ")";
            }
            catch (Exception)
            {
                return "errno " + errno;
            }
        }
    }
}
