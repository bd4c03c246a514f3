using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using FoscamPS.Emulator;
using Xunit;
using Xunit.Abstractions;

namespace FoscamPS.Tests.Emulator;

/// <summary>Many cameras per host, ports, ids, state files, the CLI.</summary>
public class FleetTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TwentyCamerasHaveDistinctIdsPortsAndAliases()
    {
        await using var host = await Kit.StartAsync(20);
        Assert.Equal(20, host.Cameras.Count);
        Assert.Equal(20, host.Cameras.Select(c => c.Id).Distinct().Count());
        Assert.Equal(20, host.Cameras.Select(c => c.Port).Distinct().Count());
        var statuses = await Task.WhenAll(host.Cameras.Select(c => Kit.VarsAsync(c, "get_status.cgi", null)));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(host.Cameras[i].Id, statuses[i]["id"]);
            Assert.Equal($"EmuCam-{i + 1:D4}", statuses[i]["alias"]);
            Assert.Equal(i, host.Cameras[i].Index);
            Assert.Equal(new Uri($"http://127.0.0.1:{host.Cameras[i].Port}/"), host.Cameras[i].BaseUri);
        }

        await using var other = await Kit.StartAsync(1);
        Assert.DoesNotContain(other.Cameras[0].Id, host.Cameras.Select(c => c.Id)); // hosts never share ids
    }

    [Fact]
    public async Task ThousandCamerasStartInOneProcess()
    {
        var before = Process.GetCurrentProcess().WorkingSet64;
        var sw = Stopwatch.StartNew();
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Count = 1000 });
        var started = sw.Elapsed;
        Assert.Equal(1000, host.Cameras.Select(c => c.Port).Distinct().Count());
        var sample = new[] { 0, 1, 499, 998, 999 }.Select(i => host.Cameras[i]).ToArray();
        var replies = await Task.WhenAll(sample.Select(c => Kit.VarsAsync(c, "get_params.cgi", "admin", "")));
        Assert.Equal(sample.Select(c => c.Id), replies.Select(r => r["id"]));
        GC.Collect();
        var after = Process.GetCurrentProcess().WorkingSet64;
        output.WriteLine($"1000 cameras: start {started.TotalMilliseconds:F0} ms, RSS {after / 1048576} MiB (+{(after - before) / 1048576} MiB), managed heap {GC.GetTotalMemory(false) / 1048576} MiB");
        Assert.True(started < TimeSpan.FromSeconds(15), $"start took {started}");
    }

    [Fact]
    public async Task BasePortGivesConsecutivePorts()
    {
        for (var attempt = 0; ; attempt++)
        {
            var basePort = Random.Shared.Next(20000, 60000);
            try
            {
                await using var host = await Kit.StartAsync(3, o => o.BasePort = basePort);
                Assert.Equal([basePort, basePort + 1, basePort + 2], host.Cameras.Select(c => c.Port).ToArray());
                Assert.Equal(basePort + 2, int.Parse((await Kit.VarsAsync(host.Cameras[2], "get_params.cgi"))["port"], System.Globalization.CultureInfo.InvariantCulture));
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                // a port of the range was taken; try another range
            }
        }
    }

    [Fact]
    public async Task StateFileIsLoadedAndWrittenBack()
    {
        var path = Path.Combine(Path.GetTempPath(), $"emu-state-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, """{"cameras":[{"index":1,"state":{"alias":"Loaded","upnp_enable":"1","id":"02FEED000042","unknown_field":"x"}}]}""");
            await using (var host = await Kit.StartAsync(2, o => o.StateFile = path))
            {
                Assert.Equal("Loaded", host.Cameras[1].Snapshot()["alias"]);
                Assert.Equal("02FEED000042", host.Cameras[1].Id);
                Assert.Equal("1", host.Cameras[1].Snapshot()["upnp_enable"]);
                await Kit.OkAsync(host.Cameras[0], "set_alias.cgi?alias=Persisted");
            }

            var json = JsonNode.Parse(File.ReadAllText(path))!;
            Assert.Equal("Persisted", (string?)json["cameras"]![0]!["state"]!["alias"]);
            await using var again = await Kit.StartAsync(2, o => o.StateFile = path);
            Assert.Equal("Persisted", again.Cameras[0].Snapshot()["alias"]);
            Assert.Equal("02FEED000042", again.Cameras[1].Id);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task InvalidStateFileAndOptionsAreRejected()
    {
        var path = Path.Combine(Path.GetTempPath(), $"emu-state-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, """{"cameras":[{"index":0,"state":{"upnp_enable":"5"}}]}""");
            await Assert.ThrowsAsync<InvalidDataException>(() => Kit.StartAsync(1, o => o.StateFile = path));
        }
        finally
        {
            File.Delete(path);
        }

        await Assert.ThrowsAnyAsync<ArgumentException>(() => EmulatorHost.StartAsync(new EmulatorOptions { Count = 0 }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => EmulatorHost.StartAsync(new EmulatorOptions { IdPrefix = "xyz" }));
        var tooLong = new EmulatorOptions();
        tooLong.Users.Add(new EmulatedUser("thirteen-char", "", EmulatedPrivilege.Visitor));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => EmulatorHost.StartAsync(tooLong));
    }

    [Fact]
    public async Task IdPrefixMakesIdsDeterministic()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { Count = 2, IdPrefix = "02c0a8" });
        Assert.Equal(["02C0A8000001", "02C0A8000002"], host.Cameras.Select(c => c.Id).ToArray());
    }

    [Fact]
    public async Task CommandLineRunsCamerasAndControlEndpoint()
    {
        var controlPort = FreePort();
        var statePath = Path.Combine(Path.GetTempPath(), $"emu-cli-{Guid.NewGuid():N}.json");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            typeof(EmulatorHost).Assembly.Location, "--count", "3", "--latency", "10-20", "--profile", "legacy",
            "--user", "admin:" + Kit.AdminPwd + ":2", "--user", "viewer:fake:pw:0", "--fault", "2:Http500",
            "--control-port", controlPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--state", statePath, "--exit-on-stdin-eof", "--id-prefix", "02c1a0",
        })
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        try
        {
            var lines = new List<string>();
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
                Assert.NotNull(line);
                if (line == "READY")
                {
                    break;
                }

                lines.Add(line!);
            }

            // The LAN search responder reports its endpoint (10000, or an ephemeral port when 10000 is taken).
            Assert.Single(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, "^DISCOVERY 127\\.0\\.0\\.1:[0-9]+$"));
            lines.RemoveAll(l => l.StartsWith("DISCOVERY ", StringComparison.Ordinal));
            Assert.Equal(3, lines.Count);
            Assert.All(lines, l => Assert.Matches("^LISTENING http://127\\.0\\.0\\.1:[0-9]+/ 02C1A0[0-9A-F]{6}$", l));
            var urls = lines.Select(l => new Uri(l.Split(' ')[1])).ToArray();

            using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri(urls[0], "set_alias.cgi?alias=FromCli")))
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Kit.Basic("admin", Kit.AdminPwd));
                Assert.Equal("ok.\n", (await Kit.SendAsync(request)).Text);
            }

            Assert.Equal(500, (int)(await Kit.Http.GetAsync(new Uri(urls[2], "get_status.cgi"))).StatusCode);
            var check = await Kit.Http.GetStringAsync(new Uri(urls[1], "check_user.cgi?user=viewer&pwd=fake:pw"));
            Assert.Contains("var pri=1;", check, StringComparison.Ordinal);

            var control = new Uri($"http://127.0.0.1:{controlPort}/");
            var stats = JsonNode.Parse(await Kit.Http.GetStringAsync(new Uri(control, "stats")))!;
            Assert.Equal(3, stats["cameras"]!.AsArray().Count);
            Assert.Equal(1, (int)stats["cameras"]![0]!["requests"]!);
            Assert.Equal(urls[1].Port, (int)stats["cameras"]![1]!["port"]!);
            Assert.True((int)stats["maxInFlight"]! >= 1);

            Assert.True((await Kit.Http.PostAsync(new Uri(control, "fault?index=0&mode=Refuse"), null)).IsSuccessStatusCode);
            await Kit.AssertConnectionFailsAsync(() => Kit.Http.GetAsync(new Uri(urls[0], "get_status.cgi")));
            Assert.True((await Kit.Http.PostAsync(new Uri(control, "fault?index=0&mode=None"), null)).IsSuccessStatusCode);
            Assert.True((await Kit.Http.PostAsync(new Uri(control, "latency?index=1&ms=300"), null)).IsSuccessStatusCode);
            var sw = Stopwatch.StartNew();
            await Kit.Http.GetAsync(new Uri(urls[1], "get_status.cgi"));
            Assert.True(sw.ElapsedMilliseconds >= 290);
            Assert.True((await Kit.Http.PostAsync(new Uri(control, "reset"), null)).IsSuccessStatusCode);
            stats = JsonNode.Parse(await Kit.Http.GetStringAsync(new Uri(control, "stats")))!;
            Assert.Equal(0, (int)stats["cameras"]![1]!["requests"]!);
            Assert.Equal(400, (int)(await Kit.Http.PostAsync(new Uri(control, "fault?index=9&mode=None"), null)).StatusCode);

            process.StandardInput.Close(); // stdin EOF → clean exit, state written
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(0, process.ExitCode);
            var saved = JsonNode.Parse(File.ReadAllText(statePath))!;
            Assert.Equal("FromCli", (string?)saved["cameras"]![0]!["state"]!["alias"]);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            File.Delete(statePath);
        }
    }

    [Theory]
    [InlineData(2, "--count", "zero")]
    [InlineData(2, "--fault", "5:Refuse")]
    [InlineData(2, "--fault", "0:Sometimes")]
    [InlineData(2, "--user", "nopri")]
    [InlineData(2, "--bogus")]
    [InlineData(0, "--help")]
    public async Task CommandLineRejectsBadArguments(int exitCode, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(typeof(EmulatorHost).Assembly.Location);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(exitCode, process.ExitCode);
        Assert.DoesNotContain("READY", (await stdout).Split('\n').Select(l => l.TrimEnd('\r')));
        if (exitCode != 0)
        {
            Assert.NotEmpty(await stderr);
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
