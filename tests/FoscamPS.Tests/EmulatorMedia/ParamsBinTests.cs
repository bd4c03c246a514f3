using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using FoscamPS.Emulator.Maintenance;
using Xunit;

namespace FoscamPS.Tests.EmulatorMedia;

public class ParamsBinTests
{
    private static readonly string[] Alphabet =
    {
        "a", "Z", "0", "_", " ", "'", "\"", "\\", "=", ";", "&", "\r\n", "\t", "\0", "é", "ß", "日本", "Ω", "🎥", "😀", "\u200B", "%20",
    };

    private static Dictionary<string, string> Sample() => new()
    {
        ["alias"] = "Front \"door\" cam",
        ["user1_name"] = "admin",
        ["user1_pwd"] = string.Empty,
        ["wifi_key1"] = "p@ss'w\"ord;\\",
        ["ddns_host"] = "ex.dyndns.org",
        ["comment"] = "Caméra 日本 🎥\r\nline2",
        ["empty"] = string.Empty,
    };

    private static string RandomString(Random rng, int maxParts, bool allowEmpty)
    {
        int parts = rng.Next(allowEmpty ? 0 : 1, maxParts + 1);
        var sb = new StringBuilder();
        for (int i = 0; i < parts; i++)
        {
            sb.Append(Alphabet[rng.Next(Alphabet.Length)]);
        }

        return sb.ToString();
    }

    [Fact]
    public void RoundTrip_Sample()
    {
        var state = Sample();
        byte[] bin = ParamsBin.Write(state);
        Assert.True(ParamsBin.TryRead(bin, out var back, out string? error), error);
        Assert.Null(error);
        Assert.Equal(state.OrderBy(p => p.Key, StringComparer.Ordinal), back!.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void RoundTrip_RandomDictionaries()
    {
        var rng = new Random(12345);
        for (int iteration = 0; iteration < 300; iteration++)
        {
            var state = new Dictionary<string, string>(StringComparer.Ordinal);
            int count = rng.Next(0, 40);
            for (int i = 0; i < count; i++)
            {
                state[RandomString(rng, 6, allowEmpty: false)] = RandomString(rng, 30, allowEmpty: true);
            }

            byte[] bin = ParamsBin.Write(state);
            Assert.True(ParamsBin.TryRead(bin, out var back, out string? error), error);
            Assert.Equal(state.Count, back!.Count);
            foreach (var pair in state)
            {
                Assert.Equal(pair.Value, back[pair.Key]);
            }
        }
    }

    [Fact]
    public void Write_IsDeterministicAndIndependentOfInsertionOrder()
    {
        var a = Sample();
        var b = new Dictionary<string, string>(a.Reverse());
        Assert.Equal(ParamsBin.Write(a), ParamsBin.Write(b));
    }

    [Fact]
    public void Layout_MatchesTheDocumentedHeader()
    {
        byte[] bin = ParamsBin.Write(Sample());
        Assert.Equal("FPSPARAM"u8.ToArray(), bin[..8]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(bin.AsSpan(8)));
        Assert.Equal(24, BinaryPrimitives.ReadUInt16LittleEndian(bin.AsSpan(10)));
        Assert.Equal((uint)bin.Length, BinaryPrimitives.ReadUInt32LittleEndian(bin.AsSpan(12)));
        Assert.Equal((uint)Sample().Count, BinaryPrimitives.ReadUInt32LittleEndian(bin.AsSpan(16)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(bin.AsSpan(20)));

        // First entry (ordinal order: "alias"): uint16 key length, key, uint32 value length, value.
        Assert.Equal(5, BinaryPrimitives.ReadUInt16LittleEndian(bin.AsSpan(24)));
        Assert.Equal("alias"u8.ToArray(), bin[26..31]);
        int valueLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bin.AsSpan(31));
        Assert.Equal("Front \"door\" cam", Encoding.UTF8.GetString(bin, 35, valueLength));

        // Trailer: CRC-32 (IEEE) of everything before it; check against a known vector too.
        Assert.Equal(Crc32Reference(bin.AsSpan(0, bin.Length - 4)), BinaryPrimitives.ReadUInt32LittleEndian(bin.AsSpan(bin.Length - 4)));
        Assert.Equal(0xCBF43926u, Crc32Reference("123456789"u8));
    }

    [Fact]
    public void RoundTrip_EmptyState()
    {
        byte[] bin = ParamsBin.Write(new Dictionary<string, string>());
        Assert.Equal(28, bin.Length);
        Assert.True(ParamsBin.TryRead(bin, out var back, out _));
        Assert.Empty(back!);
    }

    [Fact]
    public void EveryFlippedByte_IsDetected()
    {
        byte[] bin = ParamsBin.Write(Sample());
        foreach (byte mask in new byte[] { 0x01, 0x80, 0xFF })
        {
            for (int i = 0; i < bin.Length; i++)
            {
                byte[] bad = (byte[])bin.Clone();
                bad[i] ^= mask;
                Assert.False(ParamsBin.TryRead(bad, out var state, out string? error), $"flip 0x{mask:X2} at {i} not detected");
                Assert.Null(state);
                Assert.False(string.IsNullOrWhiteSpace(error));
            }
        }
    }

    [Fact]
    public void EveryTruncation_AndTrailingBytes_AreDetected()
    {
        byte[] bin = ParamsBin.Write(Sample());
        for (int length = 0; length < bin.Length; length++)
        {
            Assert.False(ParamsBin.TryRead(bin[..length], out _, out string? error), $"truncation to {length} not detected");
            Assert.NotNull(error);
        }

        Assert.False(ParamsBin.TryRead(bin.Concat(new byte[] { 0 }).ToArray(), out _, out string? trailing));
        Assert.Contains("unexpected", trailing);
        Assert.False(ParamsBin.TryRead(bin[..(bin.Length - 10)], out _, out string? truncated));
        Assert.Contains("truncated", truncated);
    }

    [Fact]
    public void Errors_NameTheProblem()
    {
        byte[] bin = ParamsBin.Write(Sample());

        byte[] magic = (byte[])bin.Clone();
        magic[0] = (byte)'X';
        Assert.False(ParamsBin.TryRead(magic, out _, out string? e1));
        Assert.Contains("magic", e1);

        byte[] version = (byte[])bin.Clone();
        version[8] = 2;
        Assert.False(ParamsBin.TryRead(version, out _, out string? e2));
        Assert.Contains("version", e2);

        byte[] body = (byte[])bin.Clone();
        body[30] ^= 0x20;
        Assert.False(ParamsBin.TryRead(body, out _, out string? e3));
        Assert.Contains("checksum", e3);

        Assert.False(ParamsBin.TryRead(null!, out _, out string? e4));
        Assert.Contains("empty", e4);
    }

    [Fact]
    public void StructuralErrors_BehindAValidChecksum_AreReported()
    {
        // Duplicate keys, bad UTF-8 and a wrong entry count cannot come from Write; forge them with a correct CRC.
        Assert.Contains("duplicate", Forge(new[] { ("k", "1"), ("k", "2") }, 2), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("UTF-8", ForgeRaw(new byte[] { 1, 0, 0xC3, 0, 0, 0, 0 }, 1));
        Assert.Contains("more than", Forge(new[] { ("a", "1") }, 2));
        Assert.Contains("cut short", ForgeRaw(new byte[] { 5, 0, (byte)'a', 0, 0, 0, 0 }, 1));
        Assert.Contains("after", Forge(new[] { ("a", "1"), ("b", "2") }, 1));
    }

    [Fact]
    public void RandomGarbage_NeverThrows()
    {
        var rng = new Random(7);
        for (int i = 0; i < 2000; i++)
        {
            var data = new byte[rng.Next(0, 200)];
            rng.NextBytes(data);
            if (data.Length >= 8 && rng.Next(2) == 0)
            {
                "FPSPARAM"u8.CopyTo(data);
            }

            Assert.False(ParamsBin.TryRead(data, out _, out string? error));
            Assert.NotNull(error);
        }
    }

    [Fact]
    public void Write_RejectsInvalidInput()
    {
        Assert.Throws<ArgumentException>(() => ParamsBin.Write(new Dictionary<string, string> { [string.Empty] = "x" }));
        Assert.Throws<ArgumentException>(() => ParamsBin.Write(new Dictionary<string, string> { ["k"] = null! }));
        Assert.Throws<ArgumentException>(() => ParamsBin.Write(new Dictionary<string, string> { ["k"] = "\uD800" }));
        Assert.Throws<ArgumentNullException>(() => ParamsBin.Write(null!));
    }

    private static string Forge((string Key, string Value)[] entries, uint declaredCount)
    {
        var body = new List<byte>();
        foreach (var (key, value) in entries)
        {
            byte[] k = Encoding.UTF8.GetBytes(key);
            byte[] v = Encoding.UTF8.GetBytes(value);
            body.AddRange(BitConverter.GetBytes((ushort)k.Length));
            body.AddRange(k);
            body.AddRange(BitConverter.GetBytes((uint)v.Length));
            body.AddRange(v);
        }

        return ForgeRaw(body.ToArray(), declaredCount);
    }

    private static string ForgeRaw(byte[] body, uint declaredCount)
    {
        var data = new byte[24 + body.Length + 4];
        "FPSPARAM"u8.CopyTo(data);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(10), 24);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(12), (uint)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(16), declaredCount);
        body.CopyTo(data, 24);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(data.Length - 4), Crc32Reference(data.AsSpan(0, data.Length - 4)));
        Assert.False(ParamsBin.TryRead(data, out _, out string? error));
        return error!;
    }

    /// <summary>Bitwise CRC-32 (IEEE 802.3), written independently of the emulator's table-driven one.</summary>
    internal static uint Crc32Reference(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
            }
        }

        return ~crc;
    }
}
