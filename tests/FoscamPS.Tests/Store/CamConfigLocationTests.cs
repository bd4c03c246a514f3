using System;
using System.Collections.Generic;
using System.IO;
using FoscamPS.Fleet.Store;
using Xunit;

namespace FoscamPS.Tests.Store;

public class CamConfigLocationTests
{
    private static string? Resolve(Dictionary<string, string> env, bool windows, string appData = "", string profile = "", string? expectProblem = null)
    {
        string? dir = CamConfigLocation.ResolveDefaultDirectory(
            name => env.TryGetValue(name, out var v) ? v : null, windows,
            folder => folder == Environment.SpecialFolder.ApplicationData ? appData : folder == Environment.SpecialFolder.UserProfile ? profile : "",
            out string? problem);
        if (expectProblem != null) Assert.Contains(expectProblem, problem);
        else Assert.Null(problem);
        return dir;
    }

    [Fact]
    public void EnvironmentVariable_Wins()
    {
        var env = new Dictionary<string, string> { [CamConfigLocation.EnvironmentVariable] = "/srv/foscam", ["HOME"] = "/home/u", ["XDG_CONFIG_HOME"] = "/x" };
        Assert.Equal("/srv/foscam", Resolve(env, windows: false));
        Assert.Equal("/srv/foscam", Resolve(env, windows: true, appData: @"C:\Users\u\AppData\Roaming"));
    }

    [Fact]
    public void Unix_UsesXdgConfigHome_ThenHome()
    {
        Assert.Equal(Path.Combine("/x/cfg", "foscamps"), Resolve(new() { ["XDG_CONFIG_HOME"] = "/x/cfg", ["HOME"] = "/home/u" }, false));
        // relative XDG_CONFIG_HOME is ignored (XDG base directory spec)
        Assert.Equal(Path.Combine("/home/u", ".config", "foscamps"), Resolve(new() { ["XDG_CONFIG_HOME"] = "rel", ["HOME"] = "/home/u" }, false));
        Assert.Equal(Path.Combine("/home/u", ".config", "foscamps"), Resolve(new() { ["HOME"] = "/home/u" }, false));
    }

    [Fact]
    public void Windows_UsesApplicationData()
    {
        Assert.Equal(Path.Combine(@"C:\Users\u\AppData\Roaming", "FoscamPS"), Resolve(new(), true, appData: @"C:\Users\u\AppData\Roaming"));
    }

    [Fact]
    public void NoHome_GivesNullWithProblem()
    {
        Assert.Null(Resolve(new(), windows: false, expectProblem: "HOME"));
        Assert.Null(Resolve(new(), windows: true, expectProblem: "profile"));
    }

    [Fact]
    public void ForDirectory_CreatesOwnerOnlyDirectory()
    {
        using var tmp = new TempConfigDir();
        var location = CamConfigLocation.ForDirectory(tmp.Dir);
        Assert.False(location.IsInMemory);
        Assert.Null(location.Warning);
        Assert.Null(location.TakeWarning());
        Assert.True(Directory.Exists(tmp.Dir));
        Assert.Equal(Path.Combine(tmp.Dir, "registry.xml"), location.RegistryPath);
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Dir)); // the probe file is gone
        if (StoreTestSupport.IsUnix) Assert.Equal("700", StoreTestSupport.StatMode(tmp.Dir));
    }

    [Fact]
    public void ForDirectory_TightensAnExistingDirectory()
    {
        if (OperatingSystem.IsWindows()) return;
        using var tmp = new TempConfigDir();
        Directory.CreateDirectory(tmp.Dir);
        File.SetUnixFileMode(tmp.Dir, (UnixFileMode)Convert.ToInt32("755", 8));
        Assert.Equal("755", StoreTestSupport.StatMode(tmp.Dir));
        Assert.False(CamConfigLocation.ForDirectory(tmp.Dir).IsInMemory);
        Assert.Equal("700", StoreTestSupport.StatMode(tmp.Dir));
    }

    [Fact]
    public void UnusableDirectory_FallsBackToMemory_WithExactlyOneWarning()
    {
        using var tmp = new TempConfigDir();
        string blocker = Path.Combine(tmp.Root, "a-file");
        File.WriteAllText(blocker, "x");
        var location = CamConfigLocation.ForDirectory(Path.Combine(blocker, "config")); // a path under a file
        Assert.True(location.IsInMemory);
        Assert.Null(location.RegistryPath);
        Assert.NotNull(location.Warning);
        Assert.Contains(CamConfigLocation.EnvironmentVariable, location.Warning);
        Assert.Contains("memory", location.Warning);
        string? first = location.TakeWarning();
        Assert.Equal(location.Warning, first);
        Assert.Null(location.TakeWarning());
        Assert.Null(location.TakeWarning());

        // Both stores work in memory with the same API, and share state through the location.
        var registry = new CamRegistry(location);
        Assert.False(registry.IsPersistent);
        registry.Add(new CamRegistryEntry("Porch", "192.168.1.20") { Tags = new[] { "outdoor" } });
        Assert.Equal("192.168.1.20", new CamRegistry(location).Get("porch")!.Address);

        using (var store = new CamCredentialStore(location))
        {
            Assert.Equal(CamKeyProtection.Memory, store.KeyProvider.Protection);
            store.Set("Porch", "192.168.1.20", StoreTestSupport.Credential("admin", StoreTestSupport.FakePassword));
        }
        using (var store2 = new CamCredentialStore(location))
        {
            Assert.True(store2.TryGet("Porch", "192.168.1.20:80", out var cred));
            Assert.Equal(StoreTestSupport.FakePassword, cred!.Password);
        }
        Assert.Equal(new[] { "a-file" }, Array.ConvertAll(Directory.GetFileSystemEntries(tmp.Root), Path.GetFileName));
    }

    [Fact]
    public void InvalidPath_FallsBackToMemory()
    {
        var location = CamConfigLocation.ForDirectory("bad\0path");
        Assert.True(location.IsInMemory);
        Assert.NotNull(location.TakeWarning());
    }

    [Fact]
    public void DeliberateInMemory_HasNoWarning()
    {
        var location = CamConfigLocation.InMemory();
        Assert.True(location.IsInMemory);
        Assert.Null(location.TakeWarning());
    }
}
