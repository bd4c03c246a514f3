using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace FoscamPS.Emulator.Maintenance;

/// <summary>
/// The emulator's <c>params.bin</c> (backup_params.cgi / restore_params.cgi). Real cameras use an undocumented
/// layout; this is our own documented one (docs/emulator-formats.md): a 24-byte header with magic
/// <c>FPSPARAM</c>, format version 1 and the total length, UTF-8 key/value entries sorted by key, and a trailing
/// CRC-32 of everything before it. The file carries every secret of the camera (passwords, Wi-Fi keys).
/// </summary>
public static class ParamsBin
{
    /// <summary>ASCII "FPSPARAM".</summary>
    public static ReadOnlySpan<byte> Magic => "FPSPARAM"u8;

    /// <summary>The only format version written and accepted.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>Size of the fixed header.</summary>
    public const int HeaderSize = 24;

    /// <summary>Size of the trailing CRC-32.</summary>
    public const int TrailerSize = 4;

    private const int MaxKeyBytes = ushort.MaxValue;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Serialises a camera state. Entries are written in ordinal key order, so equal states give equal bytes.</summary>
    /// <exception cref="ArgumentException">A key is empty or longer than 65,535 UTF-8 bytes, a value is null, or a string is not valid UTF-16.</exception>
    public static byte[] Write(IReadOnlyDictionary<string, string> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var ms = new MemoryStream();
        Span<byte> buf = stackalloc byte[8];
        ms.Write(Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(buf, FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(buf.Slice(2), HeaderSize);
        ms.Write(buf.Slice(0, 4));
        ms.Write(new byte[4]); // total length, patched below
        BinaryPrimitives.WriteUInt32LittleEndian(buf, (uint)state.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(buf.Slice(4), 0); // reserved
        ms.Write(buf);

        foreach (var pair in state.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (pair.Key is null || pair.Key.Length == 0)
            {
                throw new ArgumentException("Keys must not be empty.", nameof(state));
            }

            if (pair.Value is null)
            {
                throw new ArgumentException($"The value of '{pair.Key}' is null.", nameof(state));
            }

            byte[] key, value;
            try
            {
                key = StrictUtf8.GetBytes(pair.Key);
                value = StrictUtf8.GetBytes(pair.Value);
            }
            catch (EncoderFallbackException ex)
            {
                throw new ArgumentException($"The entry '{pair.Key}' is not valid UTF-16 text: {ex.Message}", nameof(state), ex);
            }
            if (key.Length > MaxKeyBytes)
            {
                throw new ArgumentException($"The key '{pair.Key.Substring(0, 32)}…' is longer than {MaxKeyBytes} bytes.", nameof(state));
            }

            BinaryPrimitives.WriteUInt16LittleEndian(buf, (ushort)key.Length);
            ms.Write(buf.Slice(0, 2));
            ms.Write(key);
            BinaryPrimitives.WriteUInt32LittleEndian(buf, (uint)value.Length);
            ms.Write(buf.Slice(0, 4));
            ms.Write(value);
        }

        ms.Write(new byte[TrailerSize]);
        byte[] data = ms.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(12), (uint)data.Length);
        uint crc = Crc32.Compute(data.AsSpan(0, data.Length - TrailerSize));
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(data.Length - TrailerSize), crc);
        return data;
    }

    /// <summary>
    /// Parses and verifies a params.bin. Rejects a wrong magic, version or header size, a length that disagrees
    /// with the header (truncated or trailing bytes), a CRC mismatch and any malformed entry. Never throws.
    /// </summary>
    public static bool TryRead(byte[] data, out Dictionary<string, string>? state, out string? error)
    {
        state = null;
        error = Check(data, out var parsed);
        if (error is not null)
        {
            return false;
        }

        state = parsed;
        return true;
    }

    private static string? Check(byte[]? data, out Dictionary<string, string>? state)
    {
        state = null;
        if (data is null || data.Length == 0)
        {
            return "params.bin is empty.";
        }

        if (data.Length < HeaderSize + TrailerSize)
        {
            return $"params.bin is too short ({data.Length} bytes; at least {HeaderSize + TrailerSize} expected).";
        }

        ReadOnlySpan<byte> d = data;
        if (!d.Slice(0, 8).SequenceEqual(Magic))
        {
            return "params.bin has a bad magic (expected 'FPSPARAM').";
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(d.Slice(8));
        if (version != FormatVersion)
        {
            return $"params.bin format version {version} is not supported (expected {FormatVersion}).";
        }

        ushort headerSize = BinaryPrimitives.ReadUInt16LittleEndian(d.Slice(10));
        if (headerSize != HeaderSize)
        {
            return $"params.bin header size {headerSize} is invalid (expected {HeaderSize}).";
        }

        uint total = BinaryPrimitives.ReadUInt32LittleEndian(d.Slice(12));
        if (total > (uint)data.Length)
        {
            return $"params.bin is truncated: the header declares {total} bytes but {data.Length} are present.";
        }

        if (total < (uint)data.Length)
        {
            return $"params.bin has {data.Length - total} unexpected bytes after the declared length of {total}.";
        }

        uint storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(d.Slice(data.Length - TrailerSize));
        uint crc = Crc32.Compute(d.Slice(0, data.Length - TrailerSize));
        if (storedCrc != crc)
        {
            return $"params.bin checksum mismatch (stored 0x{storedCrc:X8}, computed 0x{crc:X8}).";
        }

        uint count = BinaryPrimitives.ReadUInt32LittleEndian(d.Slice(16));
        if (BinaryPrimitives.ReadUInt32LittleEndian(d.Slice(20)) != 0)
        {
            return "params.bin reserved header field is not zero.";
        }

        ReadOnlySpan<byte> body = d.Slice(HeaderSize, data.Length - HeaderSize - TrailerSize);
        if (count > (uint)(body.Length / 7))
        {
            return $"params.bin declares {count} entries, more than its size allows.";
        }

        var result = new Dictionary<string, string>((int)count, StringComparer.Ordinal);
        int pos = 0;
        for (uint i = 0; i < count; i++)
        {
            if (body.Length - pos < 2)
            {
                return $"params.bin entry {i} is cut short.";
            }

            int keyLength = BinaryPrimitives.ReadUInt16LittleEndian(body.Slice(pos));
            pos += 2;
            if (keyLength == 0)
            {
                return $"params.bin entry {i} has an empty key.";
            }

            if (body.Length - pos < keyLength + 4)
            {
                return $"params.bin entry {i} is cut short.";
            }

            ReadOnlySpan<byte> keyBytes = body.Slice(pos, keyLength);
            pos += keyLength;
            uint valueLength = BinaryPrimitives.ReadUInt32LittleEndian(body.Slice(pos));
            pos += 4;
            if (valueLength > (uint)(body.Length - pos))
            {
                return $"params.bin entry {i} value is cut short.";
            }

            ReadOnlySpan<byte> valueBytes = body.Slice(pos, (int)valueLength);
            pos += (int)valueLength;
            string key, value;
            try
            {
                key = StrictUtf8.GetString(keyBytes);
                value = StrictUtf8.GetString(valueBytes);
            }
            catch (DecoderFallbackException)
            {
                return $"params.bin entry {i} is not valid UTF-8.";
            }

            if (!result.TryAdd(key, value))
            {
                return $"params.bin has a duplicate key '{key}'.";
            }
        }

        if (pos != body.Length)
        {
            return $"params.bin has {body.Length - pos} bytes after its {count} entries.";
        }

        state = result;
        return null;
    }
}
