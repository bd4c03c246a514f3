using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Xml.Linq;
using FoscamPS.Fleet.Store;
using Xunit;
using static FoscamPS.Tests.Store.StoreTestSupport;

namespace FoscamPS.Tests.Store;

/// <summary>Store gaps of issue 10: rollback detection, unknown registry XML kept, passphrase verified on an empty store, Reset removes every key file.</summary>
public class StoreGapTests
{
    private static CamCredentialStore NewStore(TempConfigDir tmp, IMasterKeyProvider? provider = null) => new(CamConfigLocation.ForDirectory(tmp.Dir), provider);

    [Fact]
    public void RestoringAnOlderValidCopyIsDetected()
    {
        using var tmp = new TempConfigDir();
        string path;
        byte[] older;
        using (var store = NewStore(tmp))
        {
            store.Set("Porch", "cam1", Credential("admin", "fake-pw-1"));
            path = store.FilePath!;
            older = File.ReadAllBytes(path);
            store.Set("Porch", "cam1", Credential("admin", "fake-pw-2")); // password changed since
            Assert.True(store.TryGet("Porch", "cam1", out var now));
            Assert.Equal("fake-pw-2", now!.Password);
        }
        File.WriteAllBytes(path, older); // a valid, authentic, older copy
        using (var store = NewStore(tmp))
        {
            var e = Assert.Throws<CamStoreException>(() => store.TryGet("Porch", "cam1", out _));
            Assert.Equal(CamStoreErrorId.StoreRolledBack, e.ErrorId);
            Assert.Equal(CamStoreErrorKind.Security, e.Kind);
            Assert.Contains("generation 1", e.Message);
            Assert.Contains("generation 2", e.Message);
            Assert.DoesNotContain("fake-pw", e.ToString() + e.RecommendedAction);
            // a write on top of the old copy is refused as well (it would make the rollback permanent)
            Assert.Throws<CamStoreException>(() => store.Set("Garage", "cam2", Credential("admin", "fake-pw-3")));
        }
        // accepting it on purpose, as the advice says: delete the counter file
        File.Delete(Path.Combine(tmp.Dir, "keys", "generation"));
        using (var store = NewStore(tmp))
        {
            Assert.True(store.TryGet("Porch", "cam1", out var c));
            Assert.Equal("fake-pw-1", c!.Password);
            store.Set("Garage", "cam2", Credential("admin", "fake-pw-3"));
        }
        Assert.Equal("2", File.ReadAllLines(Path.Combine(tmp.Dir, "keys", "generation")).Last());
    }

    [Fact]
    public void FormatOneStoresStayReadableAsGenerationZero()
    {
        using var tmp = new TempConfigDir();
        string path;
        using (var store = NewStore(tmp))
        {
            store.Set("Porch", "cam1", Credential("admin", "fake-pw-1"));
            path = store.FilePath!;
        }
        // rewrite as format 1 (no generation field), as the first FoscamPS build wrote it
        var data = File.ReadAllBytes(path);
        var format = CredentialStoreFormat.Parse(data, path);
        int genAt = 8 + 2 + 1 + 4 + format.ProtectedKey.Length + 32;
        var v1 = data.Take(genAt).Concat(data.Skip(genAt + 8).Take(data.Length - genAt - 8 - 64)).ToArray();
        v1[9] = 1;
        byte[] master = new KeyFileMasterKeyProvider(Path.Combine(tmp.Dir, "keys")).Unprotect(Array.Empty<byte>());
        using var keys = new StoreCrypto.StoreKeys(master);
        byte[] mac;
        using (var h = new System.Security.Cryptography.HMACSHA256(keys.MacKey))
            mac = h.ComputeHash(System.Text.Encoding.ASCII.GetBytes("FPS-FILE").Concat(v1).ToArray());
        var withMac = v1.Concat(mac).ToArray();
        var file = withMac.Concat(System.Security.Cryptography.SHA256.HashData(withMac)).ToArray();
        File.WriteAllBytes(path, file);
        File.Delete(Path.Combine(tmp.Dir, "keys", "generation"));
        using var again = NewStore(tmp);
        Assert.True(again.TryGet("Porch", "cam1", out var c));
        Assert.Equal("fake-pw-1", c!.Password);
    }

    [Fact]
    public void UnknownRegistryElementsSurviveARewrite()
    {
        using var tmp = new TempConfigDir();
        var location = CamConfigLocation.ForDirectory(tmp.Dir);
        var registry = new CamRegistry(location);
        registry.Add(new CamRegistryEntry("Porch", "cam1"));
        var doc = XDocument.Load(location.RegistryPath!);
        doc.Root!.Add(new XElement("Policy", new XAttribute("retention", "30"), "from a later FoscamPS"));
        var cam = doc.Root.Element("Camera")!;
        cam.Add(new XAttribute("site", "north"));
        cam.Add(new XElement("Location", new XElement("Floor", "2")));
        doc.Save(location.RegistryPath!);

        registry.Update("Porch", e => e.Description = "changed");
        registry.Add(new CamRegistryEntry("Garage", "cam2"));
        registry.Rename("Porch", "porch");
        registry.Add(new CamRegistryEntry("porch", "cam9"), overwrite: true);

        var after = XDocument.Load(location.RegistryPath!);
        Assert.Equal("30", (string?)after.Root!.Element("Policy")?.Attribute("retention"));
        var porch = after.Root.Elements("Camera").Single(c => (string?)c.Attribute("name") == "porch");
        Assert.Equal("north", (string?)porch.Attribute("site"));
        Assert.Equal("2", (string?)porch.Element("Location")?.Element("Floor"));
        Assert.Equal("cam9:80", registry.Get("porch")!.Address.EndsWith(":80") ? "cam9:80" : registry.Get("porch")!.Address + ":80");
        Assert.Null(after.Root.Elements("Camera").Single(c => (string?)c.Attribute("name") == "Garage").Attribute("site"));
    }

    [Fact]
    public void UnlockVerifiesThePassphraseOfAStoreWithoutRecords()
    {
        using var tmp = new TempConfigDir();
        using (var right = new PassphraseMasterKeyProvider(Secure("fake-passphrase-1")))
        using (var store = NewStore(tmp, right))
        {
            Assert.False(store.VerifyKey()); // no store yet
            store.Set("Porch", "cam1", Credential("admin", "fake-pw-1"));
            Assert.True(store.Remove("Porch"));
            Assert.Empty(store.List());
            Assert.True(store.VerifyKey());
        }
        using (var wrong = new PassphraseMasterKeyProvider(Secure("fake-passphrase-2")))
        using (var store = NewStore(tmp, wrong))
            Assert.Equal(CamStoreErrorId.StorePassphraseIncorrect, Assert.Throws<CamStoreException>(() => store.VerifyKey()).ErrorId);
    }

    [Fact]
    public void ResetRemovesEveryKeyFileAndTheCounter()
    {
        using var tmp = new TempConfigDir();
        string keyFile = Path.Combine(tmp.Dir, "keys", "master.key");
        using (var store = NewStore(tmp))
            store.Set("Porch", "cam1", Credential("admin", "fake-pw-1"));
        Assert.True(File.Exists(keyFile));
        // a store now protected otherwise (on Windows: DPAPI) with a key file left behind by an earlier protection
        File.Copy(keyFile, keyFile + ".keep");
        using (var pass = new PassphraseMasterKeyProvider(Secure("fake-passphrase-1")))
        using (var store = NewStore(tmp))
            store.ChangeProtection(pass);
        File.Move(keyFile + ".keep", keyFile);
        using (var pass = new PassphraseMasterKeyProvider(Secure("fake-passphrase-1")))
        using (var store = NewStore(tmp, pass))
            store.Reset();
        Assert.False(File.Exists(keyFile));
        Assert.False(File.Exists(Path.Combine(tmp.Dir, "keys", "generation")));
        Assert.False(File.Exists(Path.Combine(tmp.Dir, "credentials.dat")));
    }
}
