using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using FoscamPS.Fleet.Store;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;
using static FoscamPS.Tests.Store.StoreTestSupport;

namespace FoscamPS.Tests.Store;

public class StoreConcurrencyTests
{
    private readonly ITestOutputHelper _output;

    public StoreConcurrencyTests(ITestOutputHelper output) => _output = output;

    private static void Verify(string dir, IEnumerable<(string Name, string Address, string Password)> expected)
    {
        var location = CamConfigLocation.ForDirectory(dir);
        var registry = new CamRegistry(location);
        using var store = new CamCredentialStore(location);
        var list = expected.ToList();
        Assert.Equal(list.Count, registry.Find().Count);
        Assert.Equal(list.Count, store.List().Count);
        foreach (var (name, address, password) in list)
        {
            Assert.Equal(address, registry.Get(name)?.Address);
            Assert.True(store.TryGet(name, address, out var c), name);
            Assert.Equal(password, c!.Password);
        }
    }

    /// <summary>Separate instances (separate lock FileStreams, like separate processes) writing in parallel lose nothing.</summary>
    [Fact]
    public async Task ParallelInstances_LoseNoEntry()
    {
        using var tmp = new TempConfigDir();
        const int writers = 8, perWriter = 15;
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            for (int i = 0; i < perWriter; i++)
            {
                var location = CamConfigLocation.ForDirectory(tmp.Dir);
                string name = $"t{w}-{i}";
                new CamRegistry(location).Add(new CamRegistryEntry(name, $"10.{w}.0.{i + 1}:80") { CredentialRef = CamCredentialRef.Store });
                using var store = new CamCredentialStore(location);
                store.Set(name, $"10.{w}.0.{i + 1}:80", Credential("admin", FakePassword + name));
                new CamRegistry(location).Update(name, e => e.Tags = new[] { "w" + w });
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        Verify(tmp.Dir, from w in Enumerable.Range(0, writers) from i in Enumerable.Range(0, perWriter)
                        select ($"t{w}-{i}", $"10.{w}.0.{i + 1}:80", FakePassword + $"t{w}-{i}"));
        Assert.Equal(perWriter, new CamRegistry(CamConfigLocation.ForDirectory(tmp.Dir)).Find(null, new[] { "w3" }).Count);
    }

    private const string WriterSource = @"
using System;
using System.Net;
using FoscamPS.Fleet.Store;

public static class StoreWriter
{
    public static int Main(string[] args)
    {
        string dir = args[0];
        int writer = int.Parse(args[1]);
        int count = int.Parse(args[2]);
        for (int i = 0; i < count; i++)
        {
            var location = CamConfigLocation.ForDirectory(dir);
            if (location.IsInMemory) { Console.Error.WriteLine(location.Warning); return 2; }
            string name = ""p"" + writer + ""-"" + i;
            string address = ""10."" + writer + "".1."" + (i + 1) + "":80"";
            new CamRegistry(location).Add(new CamRegistryEntry(name, address));
            using (var store = new CamCredentialStore(location))
                store.Set(name, address, new NetworkCredential(""admin"", ""fake-Pa55!"" + name));
        }
        return 0;
    }
}";

    /// <summary>
    /// True multi-process test: compiles a tiny writer (Roslyn, shipped with the PowerShell SDK) against
    /// FoscamPS.dll, runs several copies with `dotnet`, all adding to the same registry and store.
    /// </summary>
    [Fact]
    public async Task ParallelProcesses_LoseNoEntry()
    {
        using var tmp = new TempConfigDir();
        string bin = Path.Combine(tmp.Root, "writer");
        Directory.CreateDirectory(bin);
        string writerDll = Path.Combine(bin, "StoreWriter.dll");
        string moduleDll = typeof(CamRegistry).Assembly.Location;

        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = tpa
            .Where(p => { string n = Path.GetFileNameWithoutExtension(p); return n.StartsWith("System.", StringComparison.Ordinal) || n is "System" or "netstandard" or "mscorlib"; })
            .Select(p => MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(moduleDll))
            .ToList();
        var compilation = CSharpCompilation.Create("StoreWriter",
            new[] { CSharpSyntaxTree.ParseText(WriterSource) }, references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        var emit = compilation.Emit(writerDll);
        Assert.True(emit.Success, string.Join(Environment.NewLine, emit.Diagnostics));
        File.Copy(moduleDll, Path.Combine(bin, Path.GetFileName(moduleDll)));
        string fx = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        string fxVersion = Path.GetFileName(fx);
        File.WriteAllText(Path.Combine(bin, "StoreWriter.runtimeconfig.json"),
            "{\"runtimeOptions\":{\"tfm\":\"net10.0\",\"framework\":{\"name\":\"Microsoft.NETCore.App\",\"version\":\"" + fxVersion + "\"}}}");

        // dotnet root = <root>/shared/Microsoft.NETCore.App/<version>
        string dotnetRoot = Path.GetFullPath(Path.Combine(fx, "..", "..", ".."));
        string dotnet = Path.Combine(dotnetRoot, RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet");
        Assert.True(File.Exists(dotnet), "dotnet host not found at " + dotnet);

        const int processes = 4, perProcess = 20;
        var running = Enumerable.Range(0, processes).Select(w =>
        {
            var psi = new ProcessStartInfo(dotnet)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add(writerDll);
            psi.ArgumentList.Add(tmp.Dir);
            psi.ArgumentList.Add(w.ToString());
            psi.ArgumentList.Add(perProcess.ToString());
            psi.Environment.Remove(CamConfigLocation.EnvironmentVariable);
            return Process.Start(psi)!;
        }).ToList();
        var watch = Stopwatch.StartNew();
        foreach (var p in running)
        {
            using var cts = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(120));
            await p.WaitForExitAsync(cts.Token);
            string err = await p.StandardError.ReadToEndAsync();
            Assert.True(p.ExitCode == 0, $"writer exited {p.ExitCode}: {err}");
            p.Dispose();
        }
        _output.WriteLine($"{processes} processes × {perProcess} writes in {watch.ElapsedMilliseconds} ms");

        Verify(tmp.Dir, from w in Enumerable.Range(0, processes) from i in Enumerable.Range(0, perProcess)
                        select ($"p{w}-{i}", $"10.{w}.1.{i + 1}:80", FakePassword + $"p{w}-{i}"));
    }
}
