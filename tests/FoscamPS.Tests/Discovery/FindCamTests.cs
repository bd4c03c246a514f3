using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using FoscamPS.Emulator;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;
using FoscamPS.Tests.Commands;
using Xunit;

namespace FoscamPS.Tests.Discovery
{
    /// <summary>Find-Cam: the LAN search client, its parser under hostile datagrams, and the cmdlet against the emulator (loopback only).</summary>
    public sealed class FindCamTests
    {
        private static readonly IPEndPoint Source = new IPEndPoint(IPAddress.Loopback, 10000);

        internal static byte[] Response(string id, string name, int port = 81)
            => DiscoveryPacket.BuildSearchResponse(new DiscoveryInfo
            {
                Id = id,
                Name = name,
                Address = IPAddress.Parse("192.0.2.10"),
                Mask = IPAddress.Parse("255.255.255.0"),
                Gateway = IPAddress.Parse("192.0.2.1"),
                Dns = IPAddress.Parse("192.0.2.2"),
                SystemVersion = new Version(11, 37, 2, 49),
                AppVersion = new Version(2, 0, 10, 3),
                HttpPort = port,
                Dhcp = false,
            });

        [Fact]
        public void RandomDatagrams_NeverThrow_AndNeverParseWithoutTheMagic()
        {
            Gen.Byte.Array[0, 300].Sample(bytes =>
            {
                var ok = DiscoveryClient.TryParse(bytes, Source, out var answer);
                if (bytes.Length < 4 || Encoding.ASCII.GetString(bytes, 0, 4) != "MO_I") Assert.False(ok);
                Assert.Equal(ok, answer is not null);
            }, iter: 20000);
        }

        [Fact]
        public void MutatedResponses_NeverThrow_AndParseOnlyWithinTheirLength()
        {
            var valid = Response("00A0F1B2C3D4", "Porch");
            var gen = Gen.Select(Gen.Int[0, 120], Gen.Int[0, valid.Length - 1].Array[0, 8], Gen.Byte.Array[8], Gen.UInt);
            gen.Sample((len, positions, values, textLength) =>
            {
                var data = new byte[len];
                Buffer.BlockCopy(valid, 0, data, 0, Math.Min(len, valid.Length));
                for (int i = 0; i < positions.Length; i++) if (positions[i] < len) data[positions[i]] = values[i];
                if (len >= 19 && (textLength & 1) == 0) BitConverter.GetBytes(textLength).CopyTo(data, 15); // a lying text length
                var ok = DiscoveryClient.TryParse(data, Source, out var answer);
                if (ok)
                {
                    var declared = BitConverter.ToUInt32(data, 15);
                    Assert.True(declared <= (uint)(len - DiscoveryPacket.HeaderLength) && declared >= 64, "parsed text beyond the datagram");
                    Assert.NotNull(answer);
                }
            }, iter: 20000);
        }

        [Fact]
        public void TruncatedResponses_AreRejected_OversizedOnes_AreReadByTheirTextLength()
        {
            var valid = Response("00A0F1B2C3D4", "Porch");
            for (int n = 0; n < valid.Length; n++)
                Assert.False(DiscoveryClient.TryParse(valid.Take(n).ToArray(), Source, out _), $"truncated to {n} bytes");
            var big = valid.Concat(Enumerable.Repeat((byte)0x41, 4000)).ToArray();
            Assert.True(DiscoveryClient.TryParse(big, Source, out var answer));
            Assert.Equal("00A0F1B2C3D4", answer!.Info.Id);
            Assert.Equal(81, answer.Info.HttpPort);
        }

        [Theory]
        [InlineData("Porch", "00A0F1B2C3D4", "Porch")]
        [InlineData("Front door", "00A0F1B2C3D4", "Front-door")]
        [InlineData("  ..lobby cam #2 ", "00A0F1B2C3D4", "lobby-cam-2")]
        [InlineData("", "00a0f1b2c3d4", "cam-00A0F1B2C3D4")]
        [InlineData("Küche", "00A0F1B2C3D4", "K-che")]
        [InlineData("\u001b[31m", "", "31m")]
        [InlineData("###", "", "cam")]
        public void RegistryName_IsAcceptedByRegisterCam(string alias, string id, string expected)
        {
            var name = CamDiscoveryResult.RegistryName(alias, id);
            Assert.Equal(expected, name);
            Assert.Null(FoscamPS.Fleet.Store.CamRegistryEntry.ValidateName(name));
        }
    }

    /// <summary>Find-Cam hosted in-process against the emulator's LAN search responder on 127.0.0.1.</summary>
    public sealed class FindCamHostedTests : IAsyncLifetime, IDisposable
    {
        private EmulatorHost _host = null!;
        private readonly HostedPowerShell _ps = new HostedPowerShell();

        public async Task InitializeAsync()
        {
            var options = new EmulatorOptions { Count = 3, DiscoveryPort = 0 };
            TestAccounts.AddTo(options);
            _host = await EmulatorHost.StartAsync(options);
        }

        public async Task DisposeAsync() => await _host.DisposeAsync();

        public void Dispose() => _ps.Dispose();

        private Dictionary<string, object?> Vars(int? port = null) => new()
        {
            ["port"] = port ?? _host.DiscoveryEndPoint!.Port,
            ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword),
        };

        [Fact]
        public void FindCam_ReturnsEveryCameraOnce_WithWhatItReports()
        {
            _host.Cameras[1].Update(new Dictionary<string, string> { ["ip"] = "192.0.2.20", ["mask"] = "255.255.255.0", ["gateway"] = "192.0.2.1", ["dns"] = "192.0.2.2", ["alias"] = "Front door" });
            // TimeoutSec 2: the search is sent twice (it repeats every second), every camera still comes out once.
            var r = _ps.Run("Find-Cam -Address 127.0.0.1 -Port $port -TimeoutSec 2 -Verbose", Vars());
            Assert.Empty(r.Errors);
            Assert.Null(r.Terminating);
            var found = r.Output.Select(o => Assert.IsType<CamDiscoveryResult>(o.BaseObject)).ToList();
            Assert.Equal(_host.Cameras.Select(c => c.Id).OrderBy(x => x), found.Select(f => f.CameraId).OrderBy(x => x));
            foreach (var cam in _host.Cameras)
            {
                var f = found.Single(x => x.CameraId == cam.Id);
                Assert.Equal("127.0.0.1", f.Address);
                Assert.Equal(cam.Port, f.Port);
                Assert.Equal(Version.Parse(cam.Snapshot()["sys_ver"]), f.SystemVersion);
                Assert.Equal(Version.Parse(cam.Snapshot()["app_ver"]), f.WebUiVersion);
            }
            var fixedCam = found.Single(x => x.CameraId == _host.Cameras[1].Id);
            Assert.Equal("Front-door", fixedCam.Name);
            Assert.Equal("Front door", fixedCam.Alias);
            Assert.Equal(new[] { "192.0.2.20", "255.255.255.0", "192.0.2.1", "192.0.2.2" }, new[] { fixedCam.ReportedAddress, fixedCam.Mask, fixedCam.Gateway, fixedCam.Dns });
            Assert.False(fixedCam.Dhcp);
            Assert.True(fixedCam.AddressMismatch);
            Assert.True(found.Single(x => x.CameraId == _host.Cameras[0].Id).Dhcp);
            Assert.Contains(r.Verbose, v => v.Contains("duplicate answer(s)", StringComparison.Ordinal) && v.StartsWith("Search ended: 3 camera(s)", StringComparison.Ordinal));
            Assert.NotEmpty(r.Progress);
        }

        [Fact]
        public void FindCam_PipesIntoConnectCam_ByPropertyName_WithTheIdPinned()
        {
            var r = _ps.Run("Find-Cam -Address 127.0.0.1 -Port $port -TimeoutSec 3 | Connect-Cam -Credential $cred", Vars());
            Assert.Empty(r.Errors);
            var sessions = r.Output.Select(o => Assert.IsType<CamSession>(o.BaseObject)).ToList();
            Assert.Equal(_host.Cameras.Select(c => c.Id).OrderBy(x => x), sessions.Select(s => s.CameraId).OrderBy(x => x));
            foreach (var s in sessions)
                Assert.Equal(_host.Cameras.Single(c => c.Id == s.CameraId).Port, s.Address.Port);
            _ps.Run("Disconnect-Cam -All");
        }

        [Fact]
        public void BadAddress_IsRejectedBeforeAnythingIsSent()
        {
            var e = _ps.RunExpectingTerminatingError("Find-Cam -Address 'camera.example' -Port $port -TimeoutSec 1", Vars());
            Assert.Equal("InvalidDiscoveryAddress,FoscamPS.Commands.FindCamCommand", e.FullyQualifiedErrorId);
            Assert.Contains("-Address", e.Exception.Message, StringComparison.Ordinal);
            var range = _ps.RunExpectingTerminatingError("Find-Cam -Address 127.0.0.1 -Port 0", Vars());
            Assert.Contains("Port", range.FullyQualifiedErrorId + range.Exception.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task HostileResponder_IsIgnoredAndCounted_CameraTextSanitised_Deduplicated()
        {
            using var fake = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)fake.Client.LocalEndPoint!).Port;
            var good = FindCamTests.Response("00A0F1B2C3D4", "Porch");
            var evil = FindCamTests.Response("00A0F1B2C3D5", "x");
            var evilName = Encoding.ASCII.GetBytes("\u001b[2J\u001b]0;pwn\u0007");
            Buffer.BlockCopy(evilName, 0, evil, DiscoveryPacket.HeaderLength + 13, evilName.Length);
            var lying = (byte[])good.Clone();
            BitConverter.GetBytes(5000u).CopyTo(lying, 15); // text length beyond the datagram
            var otherOp = (byte[])good.Clone();
            otherOp[4] = 7;
            var datagrams = new List<byte[]>
            {
                Encoding.ASCII.GetBytes("hello"), good.Take(60).ToArray(), lying, otherOp, new byte[1500],
                good, good.Concat(new byte[3000]).ToArray(), evil, good,
            };
            using var cts = new CancellationTokenSource();
            var searches = 0;
            var responder = Task.Run(async () =>
            {
                while (!cts.IsCancellationRequested)
                {
                    UdpReceiveResult got;
                    try { got = await fake.ReceiveAsync(cts.Token); }
                    catch (OperationCanceledException) { return; }
                    catch (SocketException) { continue; }
                    if (!DiscoveryPacket.IsSearchRequest(got.Buffer, got.Buffer.Length)) continue;
                    Interlocked.Increment(ref searches);
                    foreach (var d in datagrams) await fake.SendAsync(d, got.RemoteEndPoint);
                }
            });
            try
            {
                var r = _ps.Run("Find-Cam -Address 127.0.0.1 -Port $port -TimeoutSec 3 -Verbose", Vars(port));
                Assert.Null(r.Terminating);
                Assert.Empty(r.Errors);
                var found = r.Output.Select(o => Assert.IsType<CamDiscoveryResult>(o.BaseObject)).OrderBy(f => f.CameraId).ToList();
                Assert.Equal(new[] { "00A0F1B2C3D4", "00A0F1B2C3D5" }, found.Select(f => f.CameraId));
                var shown = found[1].Alias;
                Assert.True(CamText.IsSafe(shown));
                Assert.DoesNotContain('\u001b', shown);
                Assert.Equal("\u001b[2J\u001b]0;pwn\u0007", found[1].GetRawText("Alias"));
                Assert.Null(FoscamPS.Fleet.Store.CamRegistryEntry.ValidateName(found[1].Name));
                Assert.True(Volatile.Read(ref searches) >= 1);
                // Every answer to a search: 5 datagrams to ignore, then 4 answers of 2 cameras (so 2 duplicates at least).
                var summary = Assert.Single(r.Verbose, v => v.StartsWith("Search ended:", StringComparison.Ordinal));
                var m = System.Text.RegularExpressions.Regex.Match(summary, @"^Search ended: 2 camera\(s\), (\d+) datagram\(s\) received, (\d+) duplicate answer\(s\), (\d+) ignored");
                Assert.True(m.Success, summary);
                Assert.True(int.Parse(m.Groups[3].Value) >= 5, summary);
                Assert.True(int.Parse(m.Groups[2].Value) >= 2, summary);
                Assert.Equal(int.Parse(m.Groups[1].Value), 2 + int.Parse(m.Groups[2].Value) + int.Parse(m.Groups[3].Value));
            }
            finally
            {
                cts.Cancel();
                await responder;
            }
        }

        [Fact]
        public async Task Stop_EndsALongSearchPromptly()
        {
            using var ps = PowerShell.Create();
            ps.Runspace = _ps.Runspace;
            ps.AddScript("Find-Cam -Address 127.0.0.1 -Port " + _host.DiscoveryEndPoint!.Port + " -TimeoutSec 300");
            var output = new PSDataCollection<PSObject>();
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            output.DataAdded += (_, _) => { if (output.Count >= 3) seen.TrySetResult(); };
            var run = ps.BeginInvoke<PSObject, PSObject>(null, output);
            await seen.Task.WaitAsync(TimeSpan.FromSeconds(60)); // the search is running and has answers
            var stop = Task.Factory.FromAsync(ps.BeginStop(null, null), ps.EndStop);
            await stop.WaitAsync(TimeSpan.FromSeconds(60)); // a hang guard, not a timing assertion
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            Assert.Equal(3, output.Count);
        }
    }
}
