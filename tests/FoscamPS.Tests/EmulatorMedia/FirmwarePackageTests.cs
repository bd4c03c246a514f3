using System;
using System.Buffers.Binary;
using System.Linq;
using System.Security.Cryptography;
using FoscamPS.Emulator.Maintenance;
using Xunit;

namespace FoscamPS.Tests.EmulatorMedia;

public class FirmwarePackageTests
{
    private static byte[] Payload(int length, int seed = 1)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public void BuildThenValidate_RoundTripsTheVersion()
    {
        byte[] fw = FirmwarePackage.Build(new Version(11, 37, 2, 56), Payload(5000));
        Assert.True(FirmwarePackage.TryValidate(fw, out Version? version, out string? error), error);
        Assert.Null(error);
        Assert.Equal(new Version(11, 37, 2, 56), version);
    }

    [Fact]
    public void Layout_MatchesTheDocumentedHeader()
    {
        byte[] payload = Payload(777);
        byte[] fw = FirmwarePackage.Build(new Version(11, 37, 2, 56), payload);

        Assert.Equal(FirmwarePackage.HeaderSize + payload.Length, fw.Length);
        Assert.Equal("FPSFIRMW"u8.ToArray(), fw[..8]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(fw.AsSpan(8)));
        Assert.Equal(96, BinaryPrimitives.ReadUInt16LittleEndian(fw.AsSpan(10)));
        Assert.Equal(new byte[] { 11, 37, 2, 56 }, fw[12..16]);
        Assert.Equal(777u, BinaryPrimitives.ReadUInt32LittleEndian(fw.AsSpan(16)));
        Assert.Equal(ParamsBinTests.Crc32Reference(payload), BinaryPrimitives.ReadUInt32LittleEndian(fw.AsSpan(20)));
        Assert.Equal(SHA256.HashData(payload), fw[24..56]);
        Assert.Equal("lr_cmos_11_37_2_56.bin", System.Text.Encoding.ASCII.GetString(fw, 56, 32).TrimEnd('\0'));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(fw.AsSpan(88)));
        Assert.Equal(ParamsBinTests.Crc32Reference(fw.AsSpan(0, 92)), BinaryPrimitives.ReadUInt32LittleEndian(fw.AsSpan(92)));
        Assert.Equal(payload, fw[96..]);
        Assert.Equal("lr_cmos_11_37_2_56.bin", FirmwarePackage.FileNameFor(new Version(11, 37, 2, 56)));
    }

    [Fact]
    public void EveryFlippedByte_IsRejected()
    {
        byte[] fw = FirmwarePackage.Build(new Version(11, 37, 2, 55), Payload(600));
        foreach (byte mask in new byte[] { 0x01, 0x80, 0xFF })
        {
            for (int i = 0; i < fw.Length; i++)
            {
                byte[] bad = (byte[])fw.Clone();
                bad[i] ^= mask;
                Assert.False(FirmwarePackage.TryValidate(bad, out Version? v, out string? error), $"flip 0x{mask:X2} at {i} accepted");
                Assert.Null(v);
                Assert.False(string.IsNullOrWhiteSpace(error));
            }
        }
    }

    [Fact]
    public void BadMagic_ShortData_Truncation_AreRejectedWithAMessage()
    {
        byte[] fw = FirmwarePackage.Build(new Version(11, 37, 2, 55), Payload(600));

        byte[] magic = (byte[])fw.Clone();
        magic[0] = (byte)'X';
        Assert.False(FirmwarePackage.TryValidate(magic, out _, out string? e1));
        Assert.Contains("magic", e1);

        Assert.False(FirmwarePackage.TryValidate(fw[..50], out _, out string? e2));
        Assert.Contains("too short", e2);

        Assert.False(FirmwarePackage.TryValidate(Array.Empty<byte>(), out _, out string? e3));
        Assert.Contains("empty", e3);

        Assert.False(FirmwarePackage.TryValidate(fw[..(fw.Length - 1)], out _, out string? e4));
        Assert.Contains("truncated", e4);

        for (int length = 0; length < fw.Length; length += 7)
        {
            Assert.False(FirmwarePackage.TryValidate(fw[..length], out _, out _));
        }

        Assert.False(FirmwarePackage.TryValidate(fw.Concat(new byte[] { 0 }).ToArray(), out _, out string? e5));
        Assert.Contains("unexpected", e5);

        // A web UI package is not a firmware file (and vice versa).
        byte[] web = WebUiPackage.Build(new Version(2, 4, 10, 5), new[] { new System.Collections.Generic.KeyValuePair<string, byte[]?>("index.htm", new byte[] { 1 }) });
        Assert.False(FirmwarePackage.TryValidate(web, out _, out _));
        Assert.False(WebUiPackage.TryValidate(fw, out _, out _));
    }

    [Fact]
    public void Build_RejectsBadInput()
    {
        Assert.Throws<ArgumentException>(() => FirmwarePackage.Build(new Version(11, 37, 2, 56), Array.Empty<byte>()));
        Assert.Throws<ArgumentNullException>(() => FirmwarePackage.Build(new Version(11, 37, 2, 56), null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => FirmwarePackage.Build(new Version(11, 37, 2, 300), new byte[] { 1 }));
        Assert.Throws<ArgumentNullException>(() => FirmwarePackage.Build(null!, new byte[] { 1 }));
    }
}
