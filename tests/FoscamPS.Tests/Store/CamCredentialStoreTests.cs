using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using FoscamPS.Fleet.Store;
using Xunit;
using static FoscamPS.Tests.Store.StoreTestSupport;

namespace FoscamPS.Tests.Store;

public class CamCredentialStoreTests
{
    private static CamCredentialStore NewStore(TempConfigDir tmp, IMasterKeyProvider? provider = null)
        => new CamCredentialStore(CamConfigLocation.ForDirectory(tmp.Dir), provider);

    private static void RecomputeChecksum(byte[] data)
    {
        byte[] sum = SHA256.HashData(data.AsSpan(0, data.Length - 32));
        Buffer.BlockCopy(sum, 0, data, data.Length - 32, 32);
    }

    [Fact]
    public void SetAndTryGet_RoundTrip_CaseInsensitiveId_NormalisedAddress()
    {
        using var tmp = new TempConfigDir();
        using (var store = NewStore(tmp))
        {
            Assert.False(store.Exists);
            Assert.False(store.TryGet("Porch", "cam1", out _));
            store.Set("Porch", "http://Cam1:80/", Credential("admin", FakePassword));
            store.Set("Garage", "10.0.0.2:88", "operator", Secure(FakePassword + "2"));
            Assert.True(store.Exists);
            Assert.Equal(CamKeyProtection.KeyFile, store.StoredProtection);
        }
        using (var store = NewStore(tmp))
        {
            Assert.True(store.TryGet("PORCH", "cam1", out NetworkCredential? c1));
            Assert.Equal("admin", c1!.UserName);
            Assert.Equal(FakePassword, c1.Password);
            Assert.True(store.TryGet("garage", "http://10.0.0.2:88", out var c2));
            Assert.Equal("operator", c2!.UserName);
            Assert.Equal(FakePassword + "2", new NetworkCredential(string.Empty, c2.SecurePassword).Password);
            Assert.False(store.TryGet("Lobby", "cam1", out _));
            Assert.True(store.Contains("porch"));
            Assert.Equal(new[] { "Garage → 10.0.0.2:88", "Porch → cam1:80" }, store.List().Select(r => r.ToString()).ToArray());

            store.Set("porch", "cam1", Credential("admin", "fake-new-Pa55!")); // replace
            Assert.True(store.TryGet("Porch", "cam1:80", out var c3));
            Assert.Equal("fake-new-Pa55!", c3!.Password);
            Assert.Equal(2, store.List().Count);
        }
    }

    [Fact]
    public void EmptyPassword_RoundTrips()
    {
        using var tmp = new TempConfigDir();
        using var store = NewStore(tmp);
        store.Set("Porch", "cam1", new NetworkCredential("admin", string.Empty));
        Assert.True(store.TryGet("Porch", "cam1", out var c));
        Assert.Equal(string.Empty, c!.Password);
    }

    [Fact]
    public void WrongAddress_GivesBindingMismatch_WithoutTheSecret()
    {
        using var tmp = new TempConfigDir();
        using var store = NewStore(tmp);
        store.Set("Porch", "192.168.1.20", Credential("admin", FakePassword));
        var e = Assert.Throws<CamStoreException>(() => store.TryGet("Porch", "192.168.1.99", out _));
        Assert.Equal(CamStoreErrorId.CredentialBindingMismatch, e.ErrorId);
        Assert.Equal(CamStoreErrorKind.Security, e.Kind);
        Assert.Equal("Porch", e.Camera);
        Assert.Contains("192.168.1.20:80", e.Message);
        Assert.Contains("192.168.1.99:80", e.Message);
        Assert.DoesNotContain(FakePassword, e.ToString());
        Assert.Throws<CamStoreException>(() => store.TryGet("Porch", "192.168.1.20:8080", out _));
    }

    [Fact]
    public void Files_AreOwnerOnly()
    {
        if (!IsUnix) return;
        using var tmp = new TempConfigDir();
        using (var store = NewStore(tmp))
        {
            store.Set("Porch", "cam1", Credential("admin", FakePassword));
            store.Set("Garage", "cam2", Credential("admin", FakePassword));
        }
        new CamRegistry(CamConfigLocation.ForDirectory(tmp.Dir)).Add(new CamRegistryEntry("Porch", "cam1"));
        Assert.Equal("700", StatMode(tmp.Dir));
        Assert.Equal("700", StatMode(tmp.File("keys")));
        Assert.Equal("600", StatMode(Path.Combine(tmp.Dir, "keys", "master.key")));
        foreach (string f in new[] { "credentials.dat", "credentials.dat.bak", "credentials.dat.lock", "registry.xml", "registry.xml.lock" })
            Assert.Equal("600", StatMode(tmp.File(f)));
        Assert.Empty(Directory.GetFiles(tmp.Dir, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void EveryFlippedByte_IsDetected()
    {
        using var tmp = new TempConfigDir();
        string path;
        using (var store = NewStore(tmp))
        {
            store.Set("Porch", "cam1", Credential("admin", FakePassword));
            path = store.FilePath!;
        }
        byte[] original = File.ReadAllBytes(path);
        Assert.InRange(original.Length, 200, 400);
        var rng = new Random(1234);
        var plainIds = new HashSet<string>();
        var resummedIds = new HashSet<string>();
        for (int pos = 0; pos < original.Length; pos++)
        {
            // 1) plain flip: the checksum catches it; the record is either proven intact by its own MAC (the flip hit
            //    the header, file MAC or checksum) or reported damaged — never a wrong credential
            byte[] data = (byte[])original.Clone();
            data[pos] ^= (byte)(1 << rng.Next(8));
            File.WriteAllBytes(path, data);
            using (var store = NewStore(tmp))
            {
                try
                {
                    Assert.True(store.TryGet("Porch", "cam1", out var c));
                    Assert.Equal(FakePassword, c!.Password);
                    plainIds.Add("intact");
                }
                catch (CamStoreException e)
                {
                    Assert.Equal(CamStoreErrorId.StoreCorrupt, e.ErrorId);
                    plainIds.Add(e.ErrorId);
                }
            }

            // 2) flip with the unkeyed checksum recomputed (a deliberate edit): the keyed checks catch it
            if (pos < original.Length - 32)
            {
                RecomputeChecksum(data);
                File.WriteAllBytes(path, data);
                using var store = NewStore(tmp);
                var e = Assert.Throws<CamStoreException>(() => store.TryGet("Porch", "cam1", out _));
                resummedIds.Add(e.ErrorId);
                Assert.Contains(e.ErrorId, new[]
                {
                    CamStoreErrorId.StoreTampered, CamStoreErrorId.StoreCorrupt, CamStoreErrorId.StoreKeyMismatch,
                    CamStoreErrorId.StoreVersionUnsupported, CamStoreErrorId.StoreProtectionMismatch,
                    CamStoreErrorId.StorePassphraseRequired,
                });
            }
        }
        Assert.Contains(CamStoreErrorId.StoreTampered, resummedIds);
        Assert.Contains(CamStoreErrorId.StoreCorrupt, plainIds);
        Assert.Contains("intact", plainIds);
        File.WriteAllBytes(path, original);
        using (var store = NewStore(tmp))
            Assert.True(store.TryGet("Porch", "cam1", out _));
    }

    [Fact]
    public void MovingCiphertext_ToAnotherRecordOrAddress_Fails()
    {
        using var tmp = new TempConfigDir();
        var location = CamConfigLocation.ForDirectory(tmp.Dir);
        using (var store = new CamCredentialStore(location))
        {
            store.Set("Porch", "cam1", Credential("admin", FakePassword));
            store.Set("Garage", "cam2", Credential("admin", "fake-other-Pa55!"));
        }
        string path = location.CredentialStorePath!;
        byte[] original = File.ReadAllBytes(path);

        // An attacker who can write the file but has no key: swap Porch's sealed blob into Garage's slot.
        var format = CredentialStoreFormat.Parse(original, path);
        var porch = format.Find("Porch")!;
        var garage = format.Find("Garage")!;
        (garage.Iv, garage.Ciphertext, garage.Mac) = (porch.Iv, porch.Ciphertext, porch.Mac);

        // (a) without the key the file MAC cannot be recomputed → StoreTampered
        byte[] forged = format.Serialize(new byte[32]);
        File.WriteAllBytes(path, forged);
        using (var store = new CamCredentialStore(location))
            Assert.Equal(CamStoreErrorId.StoreTampered, Assert.Throws<CamStoreException>(() => store.TryGet("Garage", "cam2", out _)).ErrorId);

        // (b) even with a valid file MAC (key holder), the record MAC binds id and address
        byte[] master = new KeyFileMasterKeyProvider(location.KeyDirectory!).Unprotect(new byte[0]);
        using var keys = new StoreCrypto.StoreKeys(master);
        File.WriteAllBytes(path, format.Serialize(keys.MacKey));
        using (var store = new CamCredentialStore(location))
        {
            Assert.Equal(CamStoreErrorId.StoreTampered, Assert.Throws<CamStoreException>(() => store.TryGet("Garage", "cam2", out _)).ErrorId);
            // Porch itself is still intact
            Assert.True(store.TryGet("Porch", "cam1", out var c));
            Assert.Equal(FakePassword, c!.Password);
        }

        // (c) re-labelling a record with another address in clear: the MAC still names the old one
        format = CredentialStoreFormat.Parse(original, path);
        format.Find("Porch")!.Address = "cam9:80";
        File.WriteAllBytes(path, format.Serialize(keys.MacKey));
        using (var store = new CamCredentialStore(location))
            Assert.Equal(CamStoreErrorId.StoreTampered, Assert.Throws<CamStoreException>(() => store.TryGet("Porch", "cam9", out _)).ErrorId);

        // (d) renaming a record in clear: the MAC still names the old id
        format = CredentialStoreFormat.Parse(original, path);
        format.Find("Garage")!.Id = "Porch2";
        format.Find("Porch2")!.Address = "cam2:80";
        File.WriteAllBytes(path, format.Serialize(keys.MacKey));
        using (var store = new CamCredentialStore(location))
            Assert.Equal(CamStoreErrorId.StoreTampered, Assert.Throws<CamStoreException>(() => store.TryGet("Porch2", "cam2", out _)).ErrorId);
    }

    [Fact]
    public void DeletedKeyFile_GivesStoreKeyMissing_AndNeverRegenerates()
    {
        using var tmp = new TempConfigDir();
        var location = CamConfigLocation.ForDirectory(tmp.Dir);
        using (var store = new CamCredentialStore(location))
            store.Set("Porch", "cam1", Credential("admin", FakePassword));
        string keyFile = Path.Combine(location.KeyDirectory!, "master.key");
        File.Delete(keyFile);
        byte[] before = File.ReadAllBytes(location.CredentialStorePath!);

        using (var store = new CamCredentialStore(location))
        {
            foreach (Action act in new Action[]
                     {
                         () => store.TryGet("Porch", "cam1", out _),
                         () => store.Set("Garage", "cam2", Credential("admin", FakePassword)),
                         () => store.Remove("Porch"),
                         () => store.Rename("Porch", "P2"),
                     })
            {
                var e = Assert.Throws<CamStoreException>(act);
                Assert.Equal(CamStoreErrorId.StoreKeyMissing, e.ErrorId);
                Assert.Equal(CamStoreErrorKind.KeyUnavailable, e.Kind);
                Assert.Contains(keyFile, e.Message);
                Assert.Contains("reset", e.RecommendedAction);
            }
            Assert.False(File.Exists(keyFile)); // not silently regenerated
            Assert.Equal(before, File.ReadAllBytes(location.CredentialStorePath!));
            // metadata stays readable without the key
            Assert.True(store.Contains("Porch"));
            Assert.Single(store.List());

            store.Reset();
            Assert.False(store.Exists);
            Assert.False(store.TryGet("Porch", "cam1", out _));
            store.Set("Porch", "cam1", Credential("admin", FakePassword));
            Assert.True(store.TryGet("Porch", "cam1", out _));
        }
    }

    [Fact]
    public void ReplacedKeyFile_GivesStoreKeyMismatch()
    {
        using var tmp = new TempConfigDir();
        var location = CamConfigLocation.ForDirectory(tmp.Dir);
        using (var store = new CamCredentialStore(location))
            store.Set("Porch", "cam1", Credential("admin", FakePassword));
        new KeyFileMasterKeyProvider(location.KeyDirectory!).Protect(StoreCrypto.RandomBytes(32));
        using (var store = new CamCredentialStore(location))
            Assert.Equal(CamStoreErrorId.StoreKeyMismatch, Assert.Throws<CamStoreException>(() => store.TryGet("Porch", "cam1", out _)).ErrorId);
        File.WriteAllBytes(Path.Combine(location.KeyDirectory!, "master.key"), new byte[5]);
        using (var store = new CamCredentialStore(location))
            Assert.Equal(CamStoreErrorId.StoreKeyMismatch, Assert.Throws<CamStoreException>(() => store.TryGet("Porch", "cam1", out _)).ErrorId);
    }

    [Fact]
    public void PassphraseMode_RoundTrip_WrongPassphrase_AndRequired()
    {
        using var tmp = new TempConfigDir();
        var location = CamConfigLocation.ForDirectory(tmp.Dir);
        using (var provider = new PassphraseMasterKeyProvider(Secure("fake-passphrase-1")))
        using (var store = new CamCredentialStore(location, provider))
        {
            Assert.Equal(PassphraseMasterKeyProvider.MinimumIterations, provider.Iterations);
            store.Set("Porch", "cam1", Credential("admin", FakePassword));
            store.Set("Garage", "cam2", Credential("admin", FakePassword + "2"));
            Assert.True(store.TryGet("Porch", "cam1", out var c));
            Assert.Equal(FakePassword, c!.Password);
            Assert.Equal(CamKeyProtection.Passphrase, store.StoredProtection);
        }
        Assert.False(Directory.Exists(location.KeyDirectory)); // no key file in passphrase mode

        using (var provider = new PassphraseMasterKeyProvider(Secure("fake-passphrase-1")))
        using (var store = new CamCredentialStore(location, provider))
        {
            Assert.True(store.TryGet("Garage", "cam2", out var c));
            Assert.Equal(FakePassword + "2", c!.Password);
        }
        using (var provider = new PassphraseMasterKeyProvider(Secure("fake-passphrase-2")))
        using (var store = new CamCredentialStore(location, provider))
        {
            var e = Assert.Throws<CamStoreException>(() => store.TryGet("Porch", "cam1", out _));
            Assert.Equal(CamStoreErrorId.StorePassphraseIncorrect, e.ErrorId);
            Assert.Equal(CamStoreErrorId.StorePassphraseIncorrect, Assert.Throws<CamStoreException>(() => store.Set("x", "cam3", Credential("a", "b"))).ErrorId);
        }
        using (var store = new CamCredentialStore(location))
            Assert.Equal(CamStoreErrorId.StorePassphraseRequired, Assert.Throws<CamStoreException>(() => store.TryGet("Porch", "cam1", out _)).ErrorId);

        Assert.Throws<ArgumentOutOfRangeException>(() => new PassphraseMasterKeyProvider(Secure("x"), 1000));
        Assert.Throws<ArgumentException>(() => new PassphraseMasterKeyProvider(Secure("")));
    }

    [Fact]
    public void PassphraseBlob_RecordsSaltAndIterations_AndRejectsDowngrade()
    {
        using var provider = new PassphraseMasterKeyProvider(Secure("fake-passphrase"));
        byte[] master = StoreCrypto.RandomBytes(32);
        byte[] blob = provider.Protect(master);
        byte[] blob2 = provider.Protect(master);
        Assert.NotEqual(blob.Skip(5).Take(32), blob2.Skip(5).Take(32)); // fresh random salt
        Assert.Equal(600_000, (blob[1] << 24) | (blob[2] << 16) | (blob[3] << 8) | blob[4]);
        Assert.Equal(master, provider.Unprotect(blob));

        byte[] downgraded = (byte[])blob.Clone();
        downgraded[1] = 0; downgraded[2] = 0; downgraded[3] = 0x03; downgraded[4] = 0xE8; // 1000 iterations
        Assert.Equal(CamStoreErrorId.StoreCorrupt, Assert.Throws<CamStoreException>(() => provider.Unprotect(downgraded)).ErrorId);
    }

    [Fact]
    public void RemoveRenameRebind()
    {
        using var tmp = new TempConfigDir();
        using var store = NewStore(tmp);
        store.Set("Porch", "cam1", Credential("admin", FakePassword));
        store.Set("Garage", "cam2", Credential("admin", FakePassword + "2"));

        store.Rename("porch", "FrontDoor");
        Assert.False(store.Contains("Porch"));
        Assert.True(store.TryGet("frontdoor", "cam1", out var c));
        Assert.Equal(FakePassword, c!.Password);
        Assert.Equal(CamStoreErrorId.CredentialAlreadyExists, Assert.Throws<CamStoreException>(() => store.Rename("FrontDoor", "garage")).ErrorId);
        Assert.Equal(CamStoreErrorId.CredentialNotFound, Assert.Throws<CamStoreException>(() => store.Rename("nope", "x")).ErrorId);
        store.Rename("FrontDoor", "Garage", overwrite: true);
        Assert.Single(store.List());
        Assert.True(store.TryGet("Garage", "cam1", out c));
        Assert.Equal(FakePassword, c!.Password);

        store.Rebind("Garage", "http://cam7:8080/");
        Assert.Equal(CamStoreErrorId.CredentialBindingMismatch, Assert.Throws<CamStoreException>(() => store.TryGet("Garage", "cam1", out _)).ErrorId);
        Assert.True(store.TryGet("Garage", "cam7:8080", out c));
        Assert.Equal(FakePassword, c!.Password);

        Assert.True(store.Remove("GARAGE"));
        Assert.False(store.Remove("Garage"));
        Assert.False(store.TryGet("Garage", "cam7:8080", out _));
        Assert.Empty(store.List());
    }

    [Fact]
    public void ChangeProtection_ToPassphrase_RemovesKeyFileAndOldBackup()
    {
        using var tmp = new TempConfigDir();
        var location = CamConfigLocation.ForDirectory(tmp.Dir);
        using (var store = new CamCredentialStore(location))
        {
            store.Set("Porch", "cam1", Credential("admin", FakePassword));
            store.Set("Garage", "cam2", Credential("admin", FakePassword + "2"));
            using var pass = new PassphraseMasterKeyProvider(Secure("fake-passphrase"));
            store.ChangeProtection(pass);
            Assert.True(store.TryGet("Garage", "cam2", out var c));
            Assert.Equal(FakePassword + "2", c!.Password);
        }
        Assert.False(File.Exists(Path.Combine(location.KeyDirectory!, "master.key")));
        Assert.False(File.Exists(location.CredentialStorePath + ".bak"));
        using (var pass = new PassphraseMasterKeyProvider(Secure("fake-passphrase")))
        using (var store = new CamCredentialStore(location, pass))
        {
            Assert.True(store.TryGet("Porch", "cam1", out var c));
            Assert.Equal(FakePassword, c!.Password);
        }
        using (var store = new CamCredentialStore(location))
            Assert.Equal(CamStoreErrorId.StorePassphraseRequired, Assert.Throws<CamStoreException>(() => store.TryGet("Porch", "cam1", out _)).ErrorId);
    }

    [Fact]
    public void PasswordBytes_NeverAppearInAnyFile()
    {
        using var tmp = new TempConfigDir();
        var location = CamConfigLocation.ForDirectory(tmp.Dir);
        string canary = FakePassword + Guid.NewGuid().ToString("N").Substring(0, 10);
        var registry = new CamRegistry(location);
        registry.Add(new CamRegistryEntry("Porch", "cam1") { UserName = "admin", CredentialRef = CamCredentialRef.Store });
        registry.Update("Porch", e => e.Description = "updated");
        using (var store = new CamCredentialStore(location))
        {
            store.Set("Porch", "cam1", Credential("admin", canary));
            store.Set("Garage", "cam2", Credential("admin", canary));
            store.Rename("Garage", "Garage2");
            store.Rebind("Garage2", "cam3");
            Assert.True(store.TryGet("Porch", "cam1", out _));
        }
        using (var pass = new PassphraseMasterKeyProvider(Secure("fake-passphrase")))
        using (var store = new CamCredentialStore(CamConfigLocation.ForDirectory(Path.Combine(tmp.Root, "pp")), pass))
            store.Set("Porch", "cam1", Credential("admin", canary));

        var needles = new List<(string What, byte[] Bytes)>
        {
            ("UTF-8", Encoding.UTF8.GetBytes(canary)),
            ("UTF-16LE", Encoding.Unicode.GetBytes(canary)),
            ("UTF-16BE", Encoding.BigEndianUnicode.GetBytes(canary)),
            ("base64 user:pwd", Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + canary)))),
            ("base64 pwd", Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(canary)))),
            ("URL-encoded", Encoding.ASCII.GetBytes(Uri.EscapeDataString(canary))),
        };
        string[] files = Directory.GetFiles(tmp.Root, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("credentials.dat", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("registry.xml", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("master.key", StringComparison.Ordinal));
        foreach (string file in files)
        {
            byte[] content = File.ReadAllBytes(file);
            foreach (var (what, bytes) in needles)
                Assert.True(IndexOf(content, bytes) < 0, $"{what} password bytes found in {Path.GetFileName(file)}");
        }
    }

    [Fact]
    public void ErrorsAndRecordIds_AreValidated()
    {
        using var store = new CamCredentialStore(CamConfigLocation.InMemory());
        Assert.Throws<ArgumentException>(() => store.Set("bad id", "cam1", Credential("a", FakePassword)));
        Assert.Throws<ArgumentException>(() => store.Set("ok", "http://admin:x@cam1/", Credential("a", FakePassword)));
        Assert.Throws<ArgumentNullException>(() => store.Set("ok", "cam1", (NetworkCredential)null!));
        Assert.Equal("cam1:80", CamCredentialStore.GetBindingAddress("HTTP://CAM1/"));
        Assert.Equal("cam1:443", CamCredentialStore.GetBindingAddress("https://cam1"));
        Assert.Equal("[fe80::1]:88", CamCredentialStore.GetBindingAddress("[FE80::1]:88"));
    }

    [Fact]
    public void Disposed_StoreRefusesKeyOperations()
    {
        var store = new CamCredentialStore(CamConfigLocation.InMemory());
        store.Set("Porch", "cam1", Credential("admin", FakePassword));
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.TryGet("Porch", "cam1", out _));
    }
}

public class MasterKeyProviderTests
{
    [Fact]
    public void DefaultProvider_IsPlatformSpecific()
    {
        using var tmp = new TempConfigDir();
        var location = CamConfigLocation.ForDirectory(tmp.Dir);
        var provider = MasterKeyProvider.CreateDefault(location);
        if (OperatingSystem.IsWindows())
        {
            Assert.IsType<DpapiMasterKeyProvider>(provider);
        }
        else
        {
            var keyFile = Assert.IsType<KeyFileMasterKeyProvider>(provider);
            Assert.Equal(Path.Combine(tmp.Dir, "keys", "master.key"), keyFile.KeyFilePath);
            Assert.Throws<PlatformNotSupportedException>(() => new DpapiMasterKeyProvider());
        }
        Assert.Equal(CamKeyProtection.Memory, MasterKeyProvider.CreateDefault(CamConfigLocation.InMemory()).Protection);
    }

    [Fact]
    public void DpapiProvider_RoundTripsOnWindows_AndRefusesElsewhere()
    {
        if (!OperatingSystem.IsWindows())
        {
            // Off Windows DPAPI does not exist: the provider must refuse rather than pretend to protect.
            Assert.Throws<PlatformNotSupportedException>(() => new DpapiMasterKeyProvider());
            return;
        }
        var provider = new DpapiMasterKeyProvider();
        byte[] key = StoreCrypto.RandomBytes(32);
        byte[] blob = provider.Protect(key);
        Assert.NotEqual(key, blob);
        Assert.Equal(key, provider.Unprotect(blob));
        blob[blob.Length / 2] ^= 1;
        Assert.Equal(CamStoreErrorId.StoreKeyUnavailable, Assert.Throws<CamStoreException>(() => provider.Unprotect(blob)).ErrorId);
    }

    [Fact]
    public void KeyFile_IsWrittenAtomically_WithOwnerOnlyModes()
    {
        using var tmp = new TempConfigDir();
        var provider = new KeyFileMasterKeyProvider(Path.Combine(tmp.Root, "keys"));
        byte[] key = StoreCrypto.RandomBytes(32);
        Assert.Empty(provider.Protect(key));
        Assert.Equal(key, provider.Unprotect(new byte[0]));
        Assert.Equal(40, new FileInfo(provider.KeyFilePath).Length);
        Assert.Empty(Directory.GetFiles(provider.KeyDirectory, "*.tmp"));
        if (StoreTestSupport.IsUnix)
        {
            Assert.Equal("700", StoreTestSupport.StatMode(provider.KeyDirectory));
            Assert.Equal("600", StoreTestSupport.StatMode(provider.KeyFilePath));
        }
    }
}
