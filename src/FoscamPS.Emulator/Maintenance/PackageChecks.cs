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
}
