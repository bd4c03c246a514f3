using System;

namespace FoscamPS.Emulator.Maintenance;

/// <summary>Four-byte a.b.c.d versions as stored by the camera files (one byte per component).</summary>
internal static class VersionBytes
{
    /// <summary>Components a.b.c.d of a version; an undefined build or revision counts as 0. Each must be 0..255.</summary>
    public static byte[] ToBytes(Version version, string paramName)
    {
        ArgumentNullException.ThrowIfNull(version, paramName);
        int[] parts = { version.Major, version.Minor, Math.Max(0, version.Build), Math.Max(0, version.Revision) };
        var bytes = new byte[4];
        for (int i = 0; i < 4; i++)
        {
            if (parts[i] > 255)
            {
                throw new ArgumentOutOfRangeException(paramName, version, "Each version component must be between 0 and 255.");
            }

            bytes[i] = (byte)parts[i];
        }

        return bytes;
    }

    public static Version FromBytes(ReadOnlySpan<byte> four) => new(four[0], four[1], four[2], four[3]);
}
