using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using FoscamPS.Emulator;
using FoscamPS.Tests.Commands;
using Xunit;
using Xunit.Abstractions;

namespace FoscamPS.Tests.Hardening;

/// <summary>One legacy (Basic) and one Digest camera for the Mono smoke program.</summary>
public sealed class MonoSmokeFixture : EmulatorFixtureBase
{
    protected override EmulatorOptions CreateOptions() => new() { Count = 2 };
}

/// <summary>
/// Windows PowerShell 5.1 without Windows (issue 10): tests/FoscamPS.MonoSmoke (net472, over the netstandard2.0
/// FoscamPS.dll as built, no PowerShell) runs on Mono, which implements the .NET Framework API, against the emulator:
/// status read, params read, setter, snapshot, wrong password, Digest, credential store round trip.
/// Mono missing is a failure, not a skip: .ci/run installs Debian's mono-complete. See docs/windows-powershell.md.
/// </summary>
public sealed class MonoSmokeTests : IClassFixture<MonoSmokeFixture>
{
    private static readonly string[] Checks = { "status read", "params read", "setter", "snapshot", "wrong password", "digest", "store round trip" };

    private readonly MonoSmokeFixture _cams;
    private readonly ITestOutputHelper _out;

    public MonoSmokeTests(MonoSmokeFixture cams, ITestOutputHelper output)
    {
        _cams = cams;
        _out = output;
    }

    internal static string? FindMono()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Append("/usr/bin"))
        {
            if (dir.Length == 0) continue;
            var candidate = Path.Combine(dir, "mono");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FoscamPS.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("FoscamPS.sln not found above " + AppContext.BaseDirectory);
    }

    internal static string SmokeProgram()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        return Path.Combine(RepoRoot(), "tests", "FoscamPS.MonoSmoke", "bin", configuration, "net472", "FoscamPS.MonoSmoke.exe");
    }

    [Fact]
    public void ProtocolAndStoreLayersRunOnMonoAgainstTheEmulator()
    {
        var mono = FindMono();
        Assert.True(mono is not null, "mono is not installed: the .NET Framework smoke cannot run. .ci/run installs it (apt-get install mono-complete).");
        var program = SmokeProgram();
        Assert.True(File.Exists(program), $"{program} is missing: build FoscamPS.sln (it builds tests/FoscamPS.MonoSmoke).");
        _cams.Host.Cameras[1].Profile = FirmwareProfile.Digest;
        var store = Path.Combine(Path.GetTempPath(), "foscamps-mono-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(store);
        try
        {
            var start = new ProcessStartInfo(mono!)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { program, _cams.Address(0), _cams.Address(1), "admin", store }) start.ArgumentList.Add(a);
            using var p = Process.Start(start)!;
            p.StandardInput.WriteLine(TestAccounts.AdminPassword); // the password never goes on a command line
            p.StandardInput.Close();
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEnd();
            bool exited = p.WaitForExit(120_000);
            if (!exited) p.Kill(true);
            _out.WriteLine(stdout + stderr.Result);
            Assert.True(exited, "the Mono smoke did not finish in 120 s");
            Assert.DoesNotContain(TestAccounts.AdminPassword, stdout + stderr.Result);
            Assert.True(p.ExitCode == 0, $"exit code {p.ExitCode}:\n{stdout}\n{stderr.Result}");
            Assert.StartsWith("runtime: Mono ", stdout);
            foreach (var check in Checks) Assert.Contains("ok " + check + ":", stdout);
        }
        finally
        {
            try { Directory.Delete(store, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The banned-API list is wired into the module's build (RS0030 under warnings-as-errors).</summary>
    [Fact]
    public void TheModuleBuildBansWhatWindowsPowerShellDoesDifferently()
    {
        var root = RepoRoot();
        var project = File.ReadAllText(Path.Combine(root, "src", "FoscamPS", "FoscamPS.csproj"));
        Assert.Contains("Microsoft.CodeAnalysis.BannedApiAnalyzers", project);
        Assert.Contains("<AdditionalFiles Include=\"BannedSymbols.txt\" />", project);
        var banned = File.ReadAllLines(Path.Combine(root, "src", "FoscamPS", "BannedSymbols.txt")).Where(l => l.Length > 0 && l[0] != '#').ToList();
        foreach (var id in new[] { "T:System.Net.ServicePointManager;", "T:System.Console;", "P:System.Net.Http.HttpClientHandler.MaxConnectionsPerServer;", "P:System.Environment.CurrentDirectory;" })
            Assert.Contains(banned, l => l.StartsWith(id, StringComparison.Ordinal));
        Assert.All(banned, l => Assert.Matches("^[TMPFE]:[A-Za-z0-9_.`(),]+;.+", l));
    }
}
