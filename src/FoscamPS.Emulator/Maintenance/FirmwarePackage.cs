using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FoscamPS.Emulator.Maintenance;

/// <summary>
/// The emulator's system firmware container for upgrade_firmware.cgi. Real images are vendor-private; this is our
/// own documented layout (docs/emulator-formats.md): a 96-byte header (magic <c>FPSFIRMW</c>, header version 1,
/// version a.b.c.d, payload length, payload CRC-32 and SHA-256, the conventional file name such as
/// <c>lr_cmos_11_37_2_56.bin</c>, header CRC-32) followed by the payload.
/// </summary>
public static class FirmwarePackage
{
    /// <summary>ASCII "FPSFIRMW".</summary>
    public static ReadOnlySpan<byte> Magic => "FPSFIRMW"u8;

    /// <summary>The only header version written and accepted.</summary>
    public const ushort HeaderVersion = 1;

    /// <summary>Size of the header that precedes the payload.</summary>
    public const int HeaderSize = 96;

    private const int NameOffset = 56;
    private const int NameSize = 32;
    private const int HeaderCrcOffset = 92;

    /// <summary>The conventional file name of a system firmware image: <c>lr_cmos_a_b_c_d.bin</c>.</summary>
    public static string FileNameFor(Version version)
    {
        byte[] v = VersionBytes.ToBytes(version, nameof(version));
        return string.Format(CultureInfo.InvariantCulture, "lr_cmos_{0}_{1}_{2}_{3}.bin", v[0], v[1], v[2], v[3]);
    }

    /// <summary>Wraps a payload in the container.</summary>
    /// <exception cref="ArgumentException">The payload is empty or a version component is above 255.</exception>
    public static byte[] Build(Version version, byte[] payload)
    {
        byte[] versionBytes = VersionBytes.ToBytes(version, nameof(version));
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Length == 0)
        {
            throw new ArgumentException("The firmware payload must not be empty.", nameof(payload));
        }

        var data = new byte[HeaderSize + payload.Length];
        Span<byte> h = data;
        Magic.CopyTo(h);
        BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(8), HeaderVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(10), HeaderSize);
        versionBytes.CopyTo(h.Slice(12));
        BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(16), (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(20), Crc32.Compute(payload));
        SHA256.HashData(payload, h.Slice(24, 32));
        Encoding.ASCII.GetBytes(FileNameFor(version)).CopyTo(h.Slice(NameOffset, NameSize));
        // 88..91 reserved (zero)
        BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(HeaderCrcOffset), Crc32.Compute(h.Slice(0, HeaderCrcOffset)));
        payload.CopyTo(h.Slice(HeaderSize));
        return data;
    }

    /// <summary>
    /// Verifies a container: magic, header version and size, header CRC, reserved bytes, file name, payload length,
    /// payload CRC-32 and SHA-256. Returns the version on success and a message otherwise. Never throws.
    /// </summary>
    public static bool TryValidate(byte[] data, out Version? version, out string? error)
        => PackageChecks.TryValidate(data, Check, out version, out error);

    private static string? Check(byte[]? data)
    {
        string? sizeError = PackageChecks.CheckSize(data, HeaderSize, "firmware file");
        if (data is null || sizeError is not null)
        {
            return sizeError;
        }

        ReadOnlySpan<byte> d = data;
        if (!d.Slice(0, 8).SequenceEqual(Magic))
        {
            return "Not a firmware file: bad magic (expected 'FPSFIRMW').";
        }

        ushort headerVersion = BinaryPrimitives.ReadUInt16LittleEndian(d.Slice(8));
        if (headerVersion != HeaderVersion)
        {
            return $"Firmware header version {headerVersion} is not supported (expected {HeaderVersion}).";
        }

        ushort headerSize = BinaryPrimitives.ReadUInt16LittleEndian(d.Slice(10));
        if (headerSize != HeaderSize)
        {
            return $"Firmware header size {headerSize} is invalid (expected {HeaderSize}).";
        }

        uint storedHeaderCrc = BinaryPrimitives.ReadUInt32LittleEndian(d.Slice(HeaderCrcOffset));
        uint headerCrc = Crc32.Compute(d.Slice(0, HeaderCrcOffset));
        if (storedHeaderCrc != headerCrc)
        {
            return $"Firmware header checksum mismatch (stored 0x{storedHeaderCrc:X8}, computed 0x{headerCrc:X8}).";
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(d.Slice(88)) != 0)
        {
            return "Firmware header reserved field is not zero.";
        }

        var version = VersionBytes.FromBytes(d.Slice(12, 4));
        string expectedName = FileNameFor(version);
        ReadOnlySpan<byte> nameField = d.Slice(NameOffset, NameSize);
        int nul = nameField.IndexOf((byte)0);
        ReadOnlySpan<byte> name = nul < 0 ? nameField : nameField.Slice(0, nul);
        if (!name.SequenceEqual(Encoding.ASCII.GetBytes(expectedName)) || (nul >= 0 && nameField.Slice(nul).IndexOfAnyExcept((byte)0) >= 0))
        {
            return $"Firmware file name field does not match its version {version} (expected '{expectedName}').";
        }

        uint payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(d.Slice(16));
        long actual = data.Length - HeaderSize;
        if (payloadLength == 0)
        {
            return "The firmware payload is empty.";
        }

        if (payloadLength > actual)
        {
            return $"The firmware file is truncated: the header declares a {payloadLength}-byte payload but {actual} bytes are present.";
        }

        if (payloadLength < actual)
        {
            return $"The firmware file has {actual - payloadLength} unexpected bytes after its {payloadLength}-byte payload.";
        }

        ReadOnlySpan<byte> payload = d.Slice(HeaderSize);
        uint storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(d.Slice(20));
        uint crc = Crc32.Compute(payload);
        if (storedCrc != crc)
        {
            return $"Firmware payload CRC-32 mismatch (stored 0x{storedCrc:X8}, computed 0x{crc:X8}).";
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(payload, hash);
        if (!hash.SequenceEqual(d.Slice(24, 32)))
        {
            return "Firmware payload SHA-256 mismatch.";
        }

        return null;
    }
}
