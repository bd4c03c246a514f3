using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Runtime.InteropServices;
using System.Security;

namespace FoscamPS.Tests.Store;

/// <summary>A private temporary configuration directory, deleted afterwards.</summary>
internal sealed class TempConfigDir : IDisposable
{
    public TempConfigDir()
    {
        Root = Path.Combine(Path.GetTempPath(), "foscamps-store-" + Guid.NewGuid().ToString("N").Substring(0, 12));
        Directory.CreateDirectory(Root);
        Dir = Path.Combine(Root, "config");
    }

    /// <summary>Parent folder (exists).</summary>
    public string Root { get; }

    /// <summary>Configuration directory (created by the store).</summary>
    public string Dir { get; }

    public string File(string name) => Path.Combine(Dir, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

internal static class StoreTestSupport
{
    public const string FakePassword = "fake-Pa55!";

    public static SecureString Secure(string text)
    {
        var s = new SecureString();
        foreach (char c in text) s.AppendChar(c);
        s.MakeReadOnly();
        return s;
    }

    public static NetworkCredential Credential(string user, string password) => new NetworkCredential(user, Secure(password));

    public static bool IsUnix => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    /// <summary>Octal permission bits via /usr/bin/stat -c %a.</summary>
    public static string StatMode(string path)
    {
        var psi = new ProcessStartInfo("/usr/bin/stat", "-c %a \"" + path + "\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException("stat failed for " + path + ": " + p.StandardError.ReadToEnd());
        return output;
    }

    public static int IndexOf(byte[] haystack, byte[] needle)
    {
        if (needle.Length == 0) return 0;
        for (int i = 0; i <= haystack.Length - needle.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }
}
