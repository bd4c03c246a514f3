using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using FoscamPS.Emulator.Maintenance;
using Xunit;

namespace FoscamPS.Tests.EmulatorMedia;

public class WebUiPackageTests
{
    private static readonly KeyValuePair<string, byte[]?>[] Entries =
    {
        new("images", null),
        new("index.htm", Encoding.ASCII.GetBytes("<html><body>Foscam</body></html>")),
        new("images/logo.gif", new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0xFF, 0x00 }),
        new("empty.txt", Array.Empty<byte>()),
        new("js", null),
        new("js/public.js", Encoding.ASCII.GetBytes("var a = \"x\";\n")),
    };

    [Fact]
    public void BuildThenValidate_RoundTripsTheVersion()
    {
        byte[] pkg = WebUiPackage.Build(new Version(2, 4, 10, 5), Entries);
        Assert.True(WebUiPackage.TryValidate(pkg, out Version? version, out string? error), error);
        Assert.Null(error);
        Assert.Equal(new Version(2, 4, 10, 5), version);
    }

    [Fact]
    public void Layout_MatchesTheCameraFormat()
    {
        byte[] pkg = WebUiPackage.Build(new Version(2, 0, 22, 7), Entries);

        Assert.Equal(new byte[] { 0xBD, 0x9A, 0x0C, 0x44 }, pkg[..4]);
        uint sum = 0;
        for (int i = 12; i < pkg.Length; i++)
        {
            sum += pkg[i];
        }

        Assert.Equal(sum, BinaryPrimitives.ReadUInt32LittleEndian(pkg.AsSpan(4)));
        Assert.Equal((uint)pkg.Length, BinaryPrimitives.ReadUInt32LittleEndian(pkg.AsSpan(8)));
        Assert.Equal(new byte[] { 2, 0, 22, 7 }, pkg[12..16]);

        // Walk the entries independently: uint32 name length, name, type byte, files: uint32 size + data.
        var found = new List<KeyValuePair<string, byte[]?>>();
        int pos = 16;
        while (pos < pkg.Length)
        {
            int nameLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(pkg.AsSpan(pos));
            string name = Encoding.ASCII.GetString(pkg, pos + 4, nameLength);
            pos += 4 + nameLength;
            byte type = pkg[pos++];
            if (type == 0)
            {
                found.Add(new(name, null));
                continue;
            }

            Assert.Equal(1, type);
            int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(pkg.AsSpan(pos));
            found.Add(new(name, pkg.AsSpan(pos + 4, size).ToArray()));
            pos += 4 + size;
        }

        Assert.Equal(pkg.Length, pos);
        Assert.Equal(Entries.Select(e => e.Key), found.Select(e => e.Key));
        for (int i = 0; i < Entries.Length; i++)
        {
            Assert.Equal(Entries[i].Value, found[i].Value);
        }
    }

    [Fact]
    public void EveryFlippedByte_IsRejected()
    {
        byte[] pkg = WebUiPackage.Build(new Version(2, 4, 10, 5), Entries);
        foreach (byte mask in new byte[] { 0x01, 0x80, 0xFF })
        {
            for (int i = 0; i < pkg.Length; i++)
            {
                byte[] bad = (byte[])pkg.Clone();
                bad[i] ^= mask;
                Assert.False(WebUiPackage.TryValidate(bad, out Version? v, out string? error), $"flip 0x{mask:X2} at {i} accepted");
                Assert.Null(v);
                Assert.False(string.IsNullOrWhiteSpace(error));
            }
        }
    }

    [Fact]
    public void BadMagic_ShortData_Truncation_AreRejectedWithAMessage()
    {
        byte[] pkg = WebUiPackage.Build(new Version(2, 4, 10, 5), Entries);

        byte[] magic = (byte[])pkg.Clone();
        magic[1] = 0x00;
        Assert.False(WebUiPackage.TryValidate(magic, out _, out string? e1));
        Assert.Contains("magic", e1);

        Assert.False(WebUiPackage.TryValidate(pkg[..10], out _, out string? e2));
        Assert.Contains("too short", e2);

        Assert.False(WebUiPackage.TryValidate(Array.Empty<byte>(), out _, out string? e3));
        Assert.Contains("empty", e3);

        for (int length = 0; length < pkg.Length; length++)
        {
            Assert.False(WebUiPackage.TryValidate(pkg[..length], out _, out string? e4), $"truncation to {length} accepted");
            Assert.NotNull(e4);
        }

        Assert.False(WebUiPackage.TryValidate(pkg.Concat(new byte[] { 1, 2 }).ToArray(), out _, out string? e5));
        Assert.Contains("unexpected", e5);
    }

    [Fact]
    public void StructuralErrors_BehindAValidChecksum_AreReported()
    {
        // An entry with an unknown type byte, re-sealed with a correct size and checksum.
        byte[] pkg = WebUiPackage.Build(new Version(2, 4, 10, 5), new[] { new KeyValuePair<string, byte[]?>("dir", null) });
        pkg[16 + 4 + 3] = 7;
        Reseal(pkg);
        Assert.False(WebUiPackage.TryValidate(pkg, out _, out string? e1));
        Assert.Contains("unknown type", e1);

        // A file whose declared size runs past the end.
        byte[] file = WebUiPackage.Build(new Version(2, 4, 10, 5), new[] { new KeyValuePair<string, byte[]?>("a.htm", new byte[] { 1, 2, 3 }) });
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(16 + 4 + 5 + 1), 100);
        Reseal(file);
        Assert.False(WebUiPackage.TryValidate(file, out _, out string? e2));
        Assert.Contains("declares 100 bytes", e2);

        // A path-traversal name.
        byte[] evil = WebUiPackage.Build(new Version(2, 4, 10, 5), new[] { new KeyValuePair<string, byte[]?>("ab/cd", null) });
        evil[16 + 4] = (byte)'.';
        evil[16 + 5] = (byte)'.';
        Reseal(evil);
        Assert.False(WebUiPackage.TryValidate(evil, out _, out string? e3));
        Assert.Contains("..", e3);
    }

    [Fact]
    public void Build_RejectsBadInput()
    {
        var ok = new[] { new KeyValuePair<string, byte[]?>("index.htm", new byte[] { 1 }) };
        Assert.Throws<ArgumentException>(() => WebUiPackage.Build(new Version(2, 4), Array.Empty<KeyValuePair<string, byte[]?>>()));
        Assert.Throws<ArgumentException>(() => WebUiPackage.Build(new Version(2, 4), new[] { new KeyValuePair<string, byte[]?>("../x", null) }));
        Assert.Throws<ArgumentException>(() => WebUiPackage.Build(new Version(2, 4), new[] { new KeyValuePair<string, byte[]?>("/abs", null) }));
        Assert.Throws<ArgumentException>(() => WebUiPackage.Build(new Version(2, 4), ok.Concat(ok)));
        Assert.Throws<ArgumentOutOfRangeException>(() => WebUiPackage.Build(new Version(256, 0, 0, 0), ok));
        Assert.True(WebUiPackage.TryValidate(WebUiPackage.Build(new Version(2, 4), ok), out Version? v, out _));
        Assert.Equal(new Version(2, 4, 0, 0), v);
    }

    private static void Reseal(byte[] pkg)
    {
        uint sum = 0;
        for (int i = 12; i < pkg.Length; i++)
        {
            sum += pkg[i];
        }

        BinaryPrimitives.WriteUInt32LittleEndian(pkg.AsSpan(4), sum);
    }
}
