using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace FoscamPS.Emulator.Maintenance;

/// <summary>
/// The web UI package accepted by upgrade_htmls.cgi, in the layout real cameras use: a 16-byte header (magic
/// <c>BD 9A 0C 44</c>, little-endian uint32 byte-sum checksum of everything from offset 12, little-endian uint32
/// total size, version a.b.c.d at offset 12) followed by entries (uint32 name length, name, type byte 0 = directory
/// or 1 = file, and for files uint32 size + data).
/// </summary>
public static class WebUiPackage
{
    /// <summary>The four magic bytes at offset 0.</summary>
    public static ReadOnlySpan<byte> Magic => new byte[] { 0xBD, 0x9A, 0x0C, 0x44 };

    /// <summary>Size of the header.</summary>
    public const int HeaderSize = 16;

    /// <summary>Longest entry name accepted.</summary>
    public const int MaxNameLength = 255;

    /// <summary>Builds a package. A null data value makes the entry a directory. Entries keep their order.</summary>
    /// <exception cref="ArgumentException">No entries, an invalid or duplicate name, or a version component above 255.</exception>
    public static byte[] Build(Version version, IEnumerable<KeyValuePair<string, byte[]?>> entries)
    {
        byte[] versionBytes = VersionBytes.ToBytes(version, nameof(version));
        ArgumentNullException.ThrowIfNull(entries);
        using var ms = new MemoryStream();
        ms.Write(new byte[HeaderSize]);
        var names = new HashSet<string>(StringComparer.Ordinal);
        Span<byte> buf = stackalloc byte[4];
        foreach (var entry in entries)
        {
            string? problem = CheckName(entry.Key);
            if (problem is not null)
            {
                throw new ArgumentException(problem, nameof(entries));
            }

            if (!names.Add(entry.Key))
            {
                throw new ArgumentException($"Duplicate entry '{entry.Key}'.", nameof(entries));
            }

            byte[] name = Encoding.ASCII.GetBytes(entry.Key);
            BinaryPrimitives.WriteUInt32LittleEndian(buf, (uint)name.Length);
            ms.Write(buf);
            ms.Write(name);
            if (entry.Value is null)
            {
                ms.WriteByte(0);
            }
            else
            {
                ms.WriteByte(1);
                BinaryPrimitives.WriteUInt32LittleEndian(buf, (uint)entry.Value.Length);
                ms.Write(buf);
                ms.Write(entry.Value);
            }
        }

        if (names.Count == 0)
        {
            throw new ArgumentException("A web UI package needs at least one entry.", nameof(entries));
        }

        byte[] data = ms.ToArray();
        Magic.CopyTo(data);
        versionBytes.CopyTo(data, 12);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(8), (uint)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), ByteSum(data.AsSpan(12)));
        return data;
    }

    /// <summary>
    /// Verifies a package: magic, declared size, byte-sum checksum and the entry structure (names, types, sizes,
    /// no bytes left over). Returns the version on success and a message otherwise. Never throws.
    /// </summary>
    public static bool TryValidate(byte[] data, out Version? version, out string? error)
        => PackageChecks.TryValidate(data, Check, out version, out error);

    /// <summary>Sum of all bytes modulo 2^32.</summary>
    internal static uint ByteSum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        foreach (byte b in data)
        {
            sum += b;
        }

        return sum;
    }

    private static string? Check(byte[]? data)
    {
        string? sizeError = PackageChecks.CheckSize(data, HeaderSize, "web UI package");
        if (data is null || sizeError is not null)
        {
            return sizeError;
        }

        ReadOnlySpan<byte> d = data;
        if (!d.Slice(0, 4).SequenceEqual(Magic))
        {
            return "Not a web UI package: bad magic (expected BD 9A 0C 44).";
        }

        uint total = BinaryPrimitives.ReadUInt32LittleEndian(d.Slice(8));
        if (total > (uint)data.Length)
        {
            return $"The web UI package is truncated: the header declares {total} bytes but {data.Length} are present.";
        }

        if (total < (uint)data.Length)
        {
            return $"The web UI package has {data.Length - total} unexpected bytes after the declared size of {total}.";
        }

        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(d.Slice(4));
        uint sum = ByteSum(d.Slice(12));
        if (stored != sum)
        {
            return $"The web UI package checksum does not match (stored 0x{stored:X8}, computed 0x{sum:X8}).";
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        int pos = HeaderSize;
        int index = 0;
        while (pos < d.Length)
        {
            if (d.Length - pos < 5)
            {
                return $"Entry {index} of the web UI package is cut short.";
            }

            uint nameLength = BinaryPrimitives.ReadUInt32LittleEndian(d.Slice(pos));
            pos += 4;
            if (nameLength == 0 || nameLength > MaxNameLength)
            {
                return $"Entry {index} of the web UI package has an invalid name length {nameLength}.";
            }

            if ((uint)(d.Length - pos) < nameLength + 1)
            {
                return $"Entry {index} of the web UI package is cut short.";
            }

            ReadOnlySpan<byte> nameBytes = d.Slice(pos, (int)nameLength);
            pos += (int)nameLength;
            foreach (byte b in nameBytes)
            {
                if (b < 0x20 || b > 0x7E)
                {
                    return $"Entry {index} of the web UI package has a name with a non-printable or non-ASCII byte 0x{b:X2}.";
                }
            }

            string name = Encoding.ASCII.GetString(nameBytes);
            string? problem = CheckName(name);
            if (problem is not null)
            {
                return $"Entry {index} of the web UI package: {problem}";
            }

            if (!names.Add(name))
            {
                return $"The web UI package contains '{name}' twice.";
            }

            byte type = d[pos++];
            if (type == 1)
            {
                if (d.Length - pos < 4)
                {
                    return $"Entry {index} ('{name}') of the web UI package is cut short.";
                }

                uint size = BinaryPrimitives.ReadUInt32LittleEndian(d.Slice(pos));
                pos += 4;
                if (size > (uint)(d.Length - pos))
                {
                    return $"File '{name}' in the web UI package declares {size} bytes but only {d.Length - pos} remain.";
                }

                pos += (int)size;
            }
            else if (type != 0)
            {
                return $"Entry {index} ('{name}') of the web UI package has an unknown type {type}.";
            }

            index++;
        }

        return index == 0 ? "The web UI package has no entries." : null;
    }

    private static string? CheckName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "An entry name is empty.";
        }

        if (name.Length > MaxNameLength)
        {
            return $"The entry name '{name.Substring(0, 32)}…' is longer than {MaxNameLength} characters.";
        }

        foreach (char c in name)
        {
            if (c < 0x20 || c > 0x7E || c == '\\')
            {
                return $"The entry name '{name}' must be printable ASCII without backslashes.";
            }
        }

        if (name[0] == '/')
        {
            return $"The entry name '{name}' must be relative.";
        }

        foreach (string segment in name.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                return $"The entry name '{name}' has an empty, '.' or '..' path segment.";
            }
        }

        return null;
    }
}
