using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using FoscamPS.Fleet.Store;
using Xunit;
using static FoscamPS.Tests.Store.StoreTestSupport;

namespace FoscamPS.Tests.Store;

/// <summary>
/// Issue 14: one flipped byte in credentials.dat must not take every record down. Intact records stay usable, the
/// damaged one is named (StoreCorrupt for that camera only), and the advice says what restoring the .bak loses.
/// </summary>
public class StoreDamageTests
{
    private static readonly (string Id, string Address, string Password)[] Cameras =
    {
        ("Porch", "cam1:80", "fake-pw-1"),
        ("Garage", "cam2:80", "fake-pw-2"),
        ("Attic", "cam3:80", "fake-pw-3"),
    };

    private static CamCredentialStore NewStore(TempConfigDir tmp) => new(CamConfigLocation.ForDirectory(tmp.Dir));

    private static string Fill(TempConfigDir tmp)
    {
        using var store = NewStore(tmp);
        foreach (var (id, address, pw) in Cameras) store.Set(id, address, Credential("admin", pw));
        return store.FilePath!;
    }

    private enum Region { Header, Record, FileMac, Checksum }

    /// <summary>Which part of the file a byte belongs to, and for records which camera (layout of CredentialStoreFormat).</summary>
    private static (Region Region, string? Id) Classify(byte[] data, int pos)
    {
        var format = CredentialStoreFormat.Parse(data, "x");
        int p = 8 + 2 + 1 + 4 + format.ProtectedKey.Length + 32 + 4;
        if (pos < p) return (Region.Header, null);
        foreach (var r in format.Records)
        {
            int len = 2 + Encoding.UTF8.GetByteCount(r.Id) + 2 + Encoding.UTF8.GetByteCount(r.Address) + 16 + 4 + r.Ciphertext.Length + 32;
            if (pos < p + len) return (Region.Record, r.Id);
            p += len;
        }
        if (pos < p + 32) return (Region.FileMac, null);
        return (Region.Checksum, null);
    }

    [Fact]
    public void EveryBytePosition_OnlyTheDamagedRecordIsLost()
    {
        using var tmp = new TempConfigDir();
        string path = Fill(tmp);
        byte[] original = File.ReadAllBytes(path);
        var perRegion = new Dictionary<Region, int>();
        int namedExactly = 0, recordFlips = 0;
        for (int pos = 0; pos < original.Length; pos++)
        {
            var (region, owner) = Classify(original, pos);
            perRegion[region] = perRegion.GetValueOrDefault(region) + 1;
            foreach (int bit in new[] { 0, 5 })
            {
                byte[] data = (byte[])original.Clone();
                data[pos] ^= (byte)(1 << bit);
                File.WriteAllBytes(path, data);
                using var store = NewStore(tmp);
                var failed = new List<string>();
                foreach (var (id, address, pw) in Cameras)
                {
                    try
                    {
                        Assert.True(store.TryGet(id, address, out var c), $"byte {pos} bit {bit}: {id} vanished without an error");
                        Assert.Equal(pw, c!.Password); // never a wrong credential
                        Assert.Equal("admin", c.UserName);
                    }
                    catch (CamStoreException e)
                    {
                        Assert.Equal(CamStoreErrorId.StoreCorrupt, e.ErrorId);
                        Assert.Equal(id, e.Camera); // the error names this camera only
                        Assert.Contains("Restoring the backup", e.RecommendedAction);
                        failed.Add(id);
                    }
                }
                switch (region)
                {
                    case Region.Record:
                        recordFlips++;
                        // every other camera's record stays usable
                        Assert.All(failed, f => Assert.Equal(owner, f));
                        if (failed.Count == 1) namedExactly++;
                        break;
                    default:
                        // header (key file protection: the key does not live in the header), file MAC, checksum
                        Assert.True(failed.Count == 0 || region == Region.Header, $"byte {pos} ({region}) lost {string.Join(",", failed)}");
                        Assert.True(failed.Count == 0, $"byte {pos} bit {bit} ({region}) lost {string.Join(",", failed)}");
                        break;
                }
            }
        }
        Assert.True(perRegion[Region.Header] > 40 && perRegion[Region.Record] > 200 && perRegion[Region.FileMac] == 32 && perRegion[Region.Checksum] == 32);
        // a flip inside a record loses that record (bit 5 of a letter of the id only changes its case, which the MAC ignores)
        Assert.InRange(namedExactly, recordFlips * 9 / 10, recordFlips);
        File.WriteAllBytes(path, original);
    }

    [Fact]
    public void DamagedRecord_AdviceSaysWhatTheBackupLoses_AndStoringItAgainRepairs()
    {
        using var tmp = new TempConfigDir();
        string path = Fill(tmp); // the .bak holds Porch and Garage (made before Attic was stored)
        byte[] data = File.ReadAllBytes(path);
        int garageMac = -1;
        for (int pos = 0; pos < data.Length && garageMac < 0; pos++)
            if (Classify(data, pos) == (Region.Record, "Garage")) garageMac = pos + 2 + 6 + 2 + 7 + 16 + 4 + 16; // inside its ciphertext
        data[garageMac] ^= 0x40;
        File.WriteAllBytes(path, data);

        using (var store = NewStore(tmp))
        {
            Assert.True(store.TryGet("Porch", "cam1", out _));
            Assert.True(store.TryGet("Attic", "cam3", out _));
            var e = Assert.Throws<CamStoreException>(() => store.TryGet("Garage", "cam2", out _));
            Assert.Equal("Garage", e.Camera);
            Assert.Contains("'Garage' is damaged", e.Message);
            Assert.Contains("brings back the backup's copy of 'Garage'", e.RecommendedAction);
            Assert.Contains("loses 'Attic' (stored after the backup was made)", e.RecommendedAction);
            Assert.DoesNotContain("fake-pw", e.ToString() + e.RecommendedAction);

            // a write for another camera would drop Garage's record: refused, nothing changed
            var w = Assert.Throws<CamStoreException>(() => store.Set("Attic", "cam3", Credential("admin", "fake-pw-9")));
            Assert.Equal(CamStoreErrorId.StoreCorrupt, w.ErrorId);
            Assert.Contains("'Garage'", w.Message);
            Assert.Equal(data, File.ReadAllBytes(path));

            // storing Garage's credential again rewrites the store from the intact records
            store.Set("Garage", "cam2", Credential("admin", "fake-pw-2"));
        }
        using (var store = NewStore(tmp))
        {
            foreach (var (id, address, pw) in Cameras)
            {
                Assert.True(store.TryGet(id, address, out var c));
                Assert.Equal(pw, c!.Password);
            }
            Assert.False(CredentialStoreFormat.Parse(File.ReadAllBytes(path), path).IsDamaged);
        }
    }

    [Fact]
    public void DamagedRecord_CanBeRemoved_AndNoBackupSaysSo()
    {
        using var tmp = new TempConfigDir();
        string path = Fill(tmp);
        File.Delete(path + ".bak");
        byte[] data = File.ReadAllBytes(path);
        int last = data.Length - 64 - 1; // last byte of Attic's MAC
        Assert.Equal((Region.Record, "Attic"), Classify(data, last));
        data[last] ^= 1;
        File.WriteAllBytes(path, data);
        using var store = NewStore(tmp);
        var e = Assert.Throws<CamStoreException>(() => store.TryGet("Attic", "cam3", out _));
        Assert.Contains("There is no backup copy", e.RecommendedAction);
        Assert.Contains("Store the credential of 'Attic' again", e.RecommendedAction);
        Assert.True(store.Remove("Attic"));
        Assert.False(store.TryGet("Attic", "cam3", out _));
        Assert.True(store.TryGet("Garage", "cam2", out _));
    }
}
