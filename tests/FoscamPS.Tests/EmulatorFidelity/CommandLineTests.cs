using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Emulator;
using FoscamPS.Protocol;
using FoscamPS.Tests.Emulator;
using Xunit;

namespace FoscamPS.Tests.EmulatorFidelity;

/// <summary>The new CLI options: --profile clone, --redirect-to, --discovery-port, and the control endpoint's fault location.</summary>
public class CommandLineTests
{
    [Fact]
    public async Task CloneProfileRedirectAndDiscoveryFromTheCommandLine()
    {
        var controlPort = FreePort();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            typeof(EmulatorHost).Assembly.Location, "--count", "2", "--profile", "clone", "--fault", "0:RedirectElsewhere",
            "--redirect-to", "http://127.0.0.3:9/", "--discovery-port", "0", "--exit-on-stdin-eof",
            "--control-port", controlPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        try
        {
            var urls = new System.Collections.Generic.List<Uri>();
            IPEndPoint? discovery = null;
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
                Assert.NotNull(line);
                if (line == "READY")
                {
                    break;
                }

                if (line!.StartsWith("LISTENING ", StringComparison.Ordinal))
                {
                    urls.Add(new Uri(line.Split(' ')[1]));
                }
                else if (line.StartsWith("DISCOVERY ", StringComparison.Ordinal))
                {
                    discovery = IPEndPoint.Parse(line["DISCOVERY ".Length..]);
                }
            }

            Assert.Equal(2, urls.Count);
            Assert.NotNull(discovery);
            Assert.NotEqual(10000, discovery!.Port); // --discovery-port 0: ephemeral

            using (var r = await Kit.Http.GetAsync(new Uri(urls[0], "get_status.cgi?a=b")))
            {
                Assert.Equal(HttpStatusCode.Found, r.StatusCode);
                Assert.Equal("http://127.0.0.3:9/get_status.cgi?a=b", r.Headers.Location!.ToString());
            }

            var status = await Kit.Http.GetStringAsync(new Uri(urls[1], "get_status.cgi"));
            Assert.Contains("var sys_ver=\"0.37.2.36\";\r\n", status, StringComparison.Ordinal);

            var control = new Uri($"http://127.0.0.1:{controlPort}/");
            Assert.True((await Kit.Http.PostAsync(new Uri(control, "fault?index=1&mode=RedirectElsewhere&location=http://127.0.0.4:10/"), null)).IsSuccessStatusCode);
            Assert.Equal(400, (int)(await Kit.Http.PostAsync(new Uri(control, "fault?index=1&mode=RedirectElsewhere&location=ftp://x/"), null)).StatusCode);
            using (var r = await Kit.Http.GetAsync(new Uri(urls[1], "get_status.cgi")))
            {
                Assert.Equal("http://127.0.0.4:10/get_status.cgi", r.Headers.Location!.ToString());
            }

            using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            await udp.SendAsync(DiscoveryPacket.BuildSearchRequest(), discovery);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var answer = await udp.ReceiveAsync(cts.Token);
            Assert.True(DiscoveryPacket.TryParseSearchResponse(answer.Buffer, answer.Buffer.Length, out var info));
            Assert.Equal(new Version(0, 37, 2, 36), info!.SystemVersion);

            process.StandardInput.Close();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
