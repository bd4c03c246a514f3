using System;
using System.IO;
using System.Linq;
using FoscamPS.Fleet.Store;
using Xunit;

namespace FoscamPS.Tests.Store;

public class CamRegistryTests
{
    private static CamRegistry NewRegistry(TempConfigDir tmp) => new CamRegistry(CamConfigLocation.ForDirectory(tmp.Dir));

    private static void Seed(CamRegistry registry)
    {
        registry.Add(new CamRegistryEntry("Porch", "192.168.1.20") { Tags = new[] { "outdoor", "site-a" } });
        registry.Add(new CamRegistryEntry("Garage", "192.168.1.21:8080") { Tags = new[] { "indoor", "site-a" } });
        registry.Add(new CamRegistryEntry("garden.01", "http://cam-garden:81/") { Tags = new[] { "outdoor", "site-b" } });
        registry.Add(new CamRegistryEntry("Lobby", "[fe80::1]:80"));
    }

    [Fact]
    public void Add_Get_IsCaseInsensitive_AndPersists()
    {
        using var tmp = new TempConfigDir();
        var registry = NewRegistry(tmp);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var stored = registry.Add(new CamRegistryEntry
        {
            Name = " Porch ",
            Address = "192.168.1.20:88",
            Tags = new[] { "outdoor", " Outdoor ", "site-a", "" },
            ExpectedCameraId = "00:62:6e:4a:1b:2c",
            AuthScheme = "Digest",
            UserName = "admin",
            CredentialRef = CamCredentialRef.Store,
            Description = "front door",
        });
        Assert.Equal("Porch", stored.Name);
        Assert.Equal(new[] { "outdoor", "site-a" }, stored.Tags);
        Assert.Equal("00626E4A1B2C", stored.ExpectedCameraId);
        Assert.True(stored.Created >= before && stored.Created == stored.Modified);

        var again = NewRegistry(tmp).Get("PORCH");
        Assert.NotNull(again);
        Assert.Equal("Porch", again!.Name);
        Assert.Equal("192.168.1.20:88", again.Address);
        Assert.Equal(new[] { "outdoor", "site-a" }, again.Tags);
        Assert.Equal("00626E4A1B2C", again.ExpectedCameraId);
        Assert.Equal("Digest", again.AuthScheme);
        Assert.Equal("admin", again.UserName);
        Assert.Equal(CamCredentialRef.Store, again.CredentialRef);
        Assert.Equal("front door", again.Description);
        Assert.Equal(stored.Created, again.Created);
        Assert.Null(NewRegistry(tmp).Get("nope"));
    }

    [Fact]
    public void CredentialReferences_RoundTrip()
    {
        using var tmp = new TempConfigDir();
        var registry = NewRegistry(tmp);
        registry.Add(new CamRegistryEntry("a", "h1") { CredentialRef = CamCredentialRef.FromVault("cam-admin", "CorpVault") });
        registry.Add(new CamRegistryEntry("b", "h2") { CredentialRef = CamCredentialRef.FromVault("cam-admin") });
        registry.Add(new CamRegistryEntry("c", "h3") { CredentialRef = CamCredentialRef.FromAutomation("CameraAdmin") });
        registry.Add(new CamRegistryEntry("d", "h4"));
        var reread = NewRegistry(tmp);
        Assert.Equal(CamCredentialRef.FromVault("cam-admin", "CorpVault"), reread.Get("a")!.CredentialRef);
        Assert.Null(reread.Get("b")!.CredentialRef.Vault);
        Assert.Equal(CamCredentialKind.Automation, reread.Get("c")!.CredentialRef.Kind);
        Assert.Equal("CameraAdmin", reread.Get("c")!.CredentialRef.SecretName);
        Assert.Equal(CamCredentialKind.None, reread.Get("d")!.CredentialRef.Kind);
    }

    [Fact]
    public void Add_Duplicate_Fails_UnlessOverwrite()
    {
        using var tmp = new TempConfigDir();
        var registry = NewRegistry(tmp);
        var first = registry.Add(new CamRegistryEntry("Porch", "10.0.0.1"));
        var e = Assert.Throws<CamStoreException>(() => registry.Add(new CamRegistryEntry("porch", "10.0.0.2")));
        Assert.Equal(CamStoreErrorId.CameraAlreadyRegistered, e.ErrorId);
        Assert.Equal(CamStoreErrorKind.AlreadyExists, e.Kind);
        Assert.Equal("10.0.0.1", registry.Get("Porch")!.Address);

        var replaced = registry.Add(new CamRegistryEntry("porch", "10.0.0.2"), overwrite: true);
        Assert.Equal("10.0.0.2", registry.Get("Porch")!.Address);
        Assert.Equal(first.Created, replaced.Created);
        Assert.Single(registry.Find());
    }

    [Fact]
    public void Find_ByWildcardAndTags()
    {
        using var tmp = new TempConfigDir();
        var registry = NewRegistry(tmp);
        Seed(registry);
        string Names(string? pattern, params string[] tags) => string.Join(",", registry.Find(pattern, tags).Select(e => e.Name));

        Assert.Equal("Garage,garden.01,Lobby,Porch", Names(null));
        Assert.Equal("Garage,garden.01,Lobby,Porch", Names("*"));
        Assert.Equal("Garage,garden.01", Names("ga*"));
        Assert.Equal("Garage", Names("G?rage"));
        Assert.Equal("garden.01", Names("garden.0[0-9]"));
        Assert.Equal("Lobby", Names("lobby"));
        Assert.Equal("", Names("lob"));
        Assert.Equal("garden.01,Porch", Names(null, "outdoor"));
        Assert.Equal("Porch", Names(null, "outdoor", "SITE-A"));
        Assert.Equal("Garage,garden.01,Porch", Names(null, "site-*"));
        Assert.Equal("garden.01", Names("g*", "outdoor"));
        Assert.Equal("", Names(null, "nope"));
        Assert.Throws<ArgumentException>(() => registry.Find("cam[1"));
    }

    [Fact]
    public void Update_ChangesFields_KeepsCreated_StampsModified()
    {
        using var tmp = new TempConfigDir();
        var registry = NewRegistry(tmp);
        var added = registry.Add(new CamRegistryEntry("Porch", "10.0.0.1"));
        System.Threading.Thread.Sleep(5);
        var updated = registry.Update("PORCH", e =>
        {
            e.ExpectedCameraId = "00626e4a1b2c";
            e.AuthScheme = "Basic";
            e.Tags = e.Tags.Concat(new[] { "new" }).ToArray();
            e.Address = "10.0.0.9:81";
        });
        Assert.Equal(added.Created, updated.Created);
        Assert.True(updated.Modified > added.Modified);
        var reread = NewRegistry(tmp).Get("porch")!;
        Assert.Equal("00626E4A1B2C", reread.ExpectedCameraId);
        Assert.Equal("Basic", reread.AuthScheme);
        Assert.Equal("10.0.0.9:81", reread.Address);
        Assert.Equal(new[] { "new" }, reread.Tags);

        Assert.Throws<ArgumentException>(() => registry.Update("Porch", e => e.Name = "Other"));
        Assert.Throws<ArgumentException>(() => registry.Update("Porch", e => e.ExpectedCameraId = "xyz"));
        Assert.Throws<ArgumentException>(() => registry.Update("Porch", e => e.Address = "http://admin:fake-Pa55!@10.0.0.1/"));
        Assert.Equal("10.0.0.9:81", registry.Get("Porch")!.Address); // failed updates change nothing
        var missing = Assert.Throws<CamStoreException>(() => registry.Update("nope", e => { }));
        Assert.Equal(CamStoreErrorId.CameraNotRegistered, missing.ErrorId);
        Assert.Equal("nope", missing.Camera);
    }

    [Fact]
    public void Remove_And_Rename()
    {
        using var tmp = new TempConfigDir();
        var registry = NewRegistry(tmp);
        Seed(registry);
        Assert.True(registry.Remove("LOBBY"));
        Assert.False(registry.Remove("Lobby"));
        Assert.Null(registry.Get("Lobby"));

        var renamed = registry.Rename("porch", "FrontDoor");
        Assert.Equal("FrontDoor", renamed.Name);
        Assert.Null(registry.Get("Porch"));
        Assert.Equal("192.168.1.20", registry.Get("frontdoor")!.Address);
        Assert.Equal("garage", registry.Rename("Garage", "garage").Name); // case-only rename
        Assert.Equal(CamStoreErrorId.CameraAlreadyRegistered, Assert.Throws<CamStoreException>(() => registry.Rename("garage", "FRONTDOOR")).ErrorId);
        Assert.Equal(CamStoreErrorId.CameraNotRegistered, Assert.Throws<CamStoreException>(() => registry.Rename("nope", "x")).ErrorId);
        Assert.Throws<ArgumentException>(() => registry.Rename("garage", "bad name"));
        Assert.Equal(3, registry.Find().Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-lead")]
    [InlineData("has space")]
    [InlineData("wild*")]
    [InlineData("q?")]
    [InlineData("br[a]")]
    [InlineData("semi;colon")]
    [InlineData("new\nline")]
    [InlineData("ümlaut")]
    public void InvalidNames_AreRejected(string name)
    {
        Assert.NotNull(CamRegistryEntry.ValidateName(name));
        var registry = new CamRegistry(CamConfigLocation.InMemory());
        var e = Assert.Throws<ArgumentException>(() => registry.Add(new CamRegistryEntry(name, "10.0.0.1")));
        Assert.Equal("Name", e.ParamName);
    }

    [Fact]
    public void ValidNames_AndAddresses()
    {
        Assert.Null(CamRegistryEntry.ValidateName("Cam_01.garden-A"));
        Assert.NotNull(CamRegistryEntry.ValidateName(new string('a', 65)));
        var registry = new CamRegistry(CamConfigLocation.InMemory());
        foreach (string address in new[] { "cam", "cam:81", "10.0.0.1", "[::1]:88", "https://cam.example/" })
            registry.Add(new CamRegistryEntry("c" + registry.Find().Count, address));
        foreach (string bad in new[] { "", "http://admin:fake-Pa55!@cam/", "cam/path", "cam:99999", "ftp://cam", "http://cam/?pwd=x" })
            Assert.Equal("Address", Assert.Throws<ArgumentException>(() => registry.Add(new CamRegistryEntry("bad", bad))).ParamName);
        Assert.Throws<ArgumentException>(() => registry.Add(new CamRegistryEntry("t", "cam") { Tags = new[] { "bad*tag" } }));
    }

    [Fact]
    public void CorruptFile_GivesRegistryCorrupt_KeepsFileAndBackup()
    {
        using var tmp = new TempConfigDir();
        var registry = NewRegistry(tmp);
        registry.Add(new CamRegistryEntry("Porch", "10.0.0.1"));
        registry.Add(new CamRegistryEntry("Garage", "10.0.0.2"));
        string path = tmp.File("registry.xml");
        string bak = tmp.File("registry.xml.bak");
        Assert.True(File.Exists(bak));
        Assert.Contains("Porch", File.ReadAllText(bak)); // previous good file
        Assert.DoesNotContain("Garage", File.ReadAllText(bak));

        byte[] good = File.ReadAllBytes(path);
        byte[] corrupt = good.Take(good.Length / 2).ToArray(); // truncated mid-element
        File.WriteAllBytes(path, corrupt);
        byte[] bakBefore = File.ReadAllBytes(bak);

        foreach (Action act in new Action[]
                 {
                     () => registry.Get("Porch"),
                     () => registry.Find(),
                     () => registry.Add(new CamRegistryEntry("New", "10.0.0.3")),
                     () => registry.Update("Porch", e => e.Description = "x"),
                     () => registry.Remove("Porch"),
                     () => registry.Rename("Porch", "P2"),
                 })
        {
            var e = Assert.Throws<CamStoreException>(act);
            Assert.Equal(CamStoreErrorId.RegistryCorrupt, e.ErrorId);
            Assert.Equal(CamStoreErrorKind.Corrupt, e.Kind);
            Assert.Equal(path, e.Path);
            Assert.Contains(path, e.Message);
            Assert.Contains(bak, e.RecommendedAction);
        }
        Assert.Equal(corrupt, File.ReadAllBytes(path)); // never overwritten
        Assert.Equal(bakBefore, File.ReadAllBytes(bak)); // backup kept

        // restoring the backup brings the entries back
        File.Copy(bak, path, overwrite: true);
        Assert.NotNull(NewRegistry(tmp).Get("Porch"));
    }

    [Theory]
    [InlineData("<NotTheRegistry version=\"1\"/>")]
    [InlineData("<FoscamPSRegistry/>")]
    [InlineData("<FoscamPSRegistry version=\"1\"><Camera name=\"a\"><Address>h</Address></Camera><Camera name=\"A\"><Address>h2</Address></Camera></FoscamPSRegistry>")]
    [InlineData("<FoscamPSRegistry version=\"1\"><Camera name=\"bad name\"><Address>h</Address></Camera></FoscamPSRegistry>")]
    [InlineData("<FoscamPSRegistry version=\"1\"><Camera name=\"a\"><Address>h</Address><Credential kind=\"Bogus\"/></Camera></FoscamPSRegistry>")]
    [InlineData("<FoscamPSRegistry version=\"1\"><Camera name=\"a\" created=\"yesterday\"><Address>h</Address></Camera></FoscamPSRegistry>")]
    [InlineData("<!DOCTYPE x [<!ENTITY e \"boom\">]><FoscamPSRegistry version=\"1\"/>")]
    [InlineData("")]
    public void InvalidContent_GivesRegistryCorrupt(string xml)
    {
        using var tmp = new TempConfigDir();
        var location = CamConfigLocation.ForDirectory(tmp.Dir);
        File.WriteAllText(location.RegistryPath!, xml);
        var e = Assert.Throws<CamStoreException>(() => new CamRegistry(location).Find());
        Assert.Equal(CamStoreErrorId.RegistryCorrupt, e.ErrorId);
    }

    [Fact]
    public void NewerFormat_IsRefused_NotRewritten()
    {
        using var tmp = new TempConfigDir();
        var location = CamConfigLocation.ForDirectory(tmp.Dir);
        File.WriteAllText(location.RegistryPath!, "<FoscamPSRegistry version=\"2\"><Camera name=\"a\"><Address>h</Address></Camera></FoscamPSRegistry>");
        var registry = new CamRegistry(location);
        Assert.Equal(CamStoreErrorId.RegistryVersionUnsupported, Assert.Throws<CamStoreException>(() => registry.Add(new CamRegistryEntry("b", "h"))).ErrorId);
        Assert.Contains("version=\"2\"", File.ReadAllText(location.RegistryPath!));
    }

    [Fact]
    public void UnknownElements_AreTolerated()
    {
        using var tmp = new TempConfigDir();
        var location = CamConfigLocation.ForDirectory(tmp.Dir);
        File.WriteAllText(location.RegistryPath!, "<FoscamPSRegistry version=\"1\"><Future/><Camera name=\"a\"><Address>h</Address><Extra>1</Extra></Camera></FoscamPSRegistry>");
        Assert.Equal("h", new CamRegistry(location).Get("A")!.Address);
    }

    [Fact]
    public void Files_AreOwnerOnly_AndNoTempFilesRemain()
    {
        if (!StoreTestSupport.IsUnix) return;
        using var tmp = new TempConfigDir();
        var registry = NewRegistry(tmp);
        registry.Add(new CamRegistryEntry("Porch", "10.0.0.1"));
        registry.Add(new CamRegistryEntry("Garage", "10.0.0.2"));
        Assert.Equal("700", StoreTestSupport.StatMode(tmp.Dir));
        Assert.Equal("600", StoreTestSupport.StatMode(tmp.File("registry.xml")));
        Assert.Equal("600", StoreTestSupport.StatMode(tmp.File("registry.xml.bak")));
        Assert.Equal("600", StoreTestSupport.StatMode(tmp.File("registry.xml.lock")));
        Assert.Empty(Directory.GetFiles(tmp.Dir, "*.tmp"));
    }

    [Fact]
    public void HeldLock_TimesOutWithStoreLocked()
    {
        using var tmp = new TempConfigDir();
        var registry = NewRegistry(tmp);
        registry.Add(new CamRegistryEntry("Porch", "10.0.0.1"));
        registry.LockTimeout = TimeSpan.FromMilliseconds(300);
        using (new FileStream(tmp.File("registry.xml.lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var e = Assert.Throws<CamStoreException>(() => registry.Add(new CamRegistryEntry("Garage", "10.0.0.2")));
            Assert.Equal(CamStoreErrorId.StoreLocked, e.ErrorId);
            Assert.Equal(CamStoreErrorKind.Busy, e.Kind);
            Assert.Contains("registry.xml.lock", e.Message);
            Assert.NotNull(registry.Get("Porch")); // reads do not need the lock
        }
        registry.Add(new CamRegistryEntry("Garage", "10.0.0.2"));
        Assert.Equal(2, registry.Find().Count);
    }

    [Fact]
    public void Registry_HoldsNoSecret_Format()
    {
        using var tmp = new TempConfigDir();
        var registry = NewRegistry(tmp);
        registry.Add(new CamRegistryEntry("Porch", "10.0.0.1") { UserName = "admin", CredentialRef = CamCredentialRef.Store, Tags = new[] { "x" } });
        string xml = File.ReadAllText(tmp.File("registry.xml"));
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml);
        Assert.Contains("<Credential kind=\"Store\" />", xml);
        Assert.DoesNotContain("assword", xml);
    }
}
