using System;

namespace FoscamPS.Emulator.Maintenance;

/// <summary>Checks shared by the upload package validators.</summary>
internal static class PackageChecks
{
    /// <summary>Null when <paramref name="data"/> holds at least a header; else the firmware-style complaint.</summary>
    public static string? CheckSize(byte[]? data, int headerSize, string what)
    {
        if (data is null || data.Length == 0)
        {
            return $"The {what} is empty.";
        }

        return data.Length < headerSize
            ? $"The {what} is too short ({data.Length} bytes; the header alone is {headerSize})."
            : null;
    }

    /// <summary>Runs a package's structural check; on success reads the a.b.c.d version both layouts keep at offset 12.</summary>
    public static bool TryValidate(byte[] data, Func<byte[], string?> check, out Version? version, out string? error)
    {
        version = null;
        error = check(data);
        if (error is not null)
        {
            return false;
        }

        version = VersionBytes.FromBytes(data.AsSpan(12, 4));
        return true;
    }
}
