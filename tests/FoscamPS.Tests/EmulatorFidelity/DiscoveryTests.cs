using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Emulator;
using FoscamPS.Protocol;
using FoscamPS.Tests.Emulator;
using Xunit;

namespace FoscamPS.Tests.EmulatorFidelity;

/// <summary>The LAN search (UDP, MO_I): the shared codec and the emulator's responder.</summary>
public class DiscoveryTests
{
    [Fact]
    public void SearchRequestMatchesThePublishedBytes()
    {
        // 27 bytes as captured by public search tools: "MO_I", op 0, reserved, text length 4, reserved, 00 00 00 01.
        var expected = Convert.FromHexString("4D4F5F49" + "0000" + "00" + "0000000000000000" + "04000000" + "00000000" + "00000001");
        Assert.Equal(27, expected.Length);
        Assert.Equal(expected, DiscoveryPacket.BuildSearchRequest());
        Assert.True(DiscoveryPacket.IsSearchRequest(expected, expected.Length));
    }

    [Fact]
    public void SearchResponseRoundTripsAtThePublishedOffsets()
    {
        var info = new DiscoveryInfo
        {
            Id = "0062BE0A1B2C",
            Name = "Garage",
            Address = IPAddress.Parse("192.168.1.166"),
            Mask = IPAddress.Parse("255.255.255.0"),
            Gateway = IPAddress.Parse("192.168.1.1"),
            Dns = IPAddress.Parse("75.75.75.75"),
            SystemVersion = new Version(11, 37, 2, 49),
            AppVersion = new Version(2, 0, 10, 4),
            HttpPort = 8080,
            Dhcp = true,
        };
        var packet = DiscoveryPacket.BuildSearchResponse(info);
        Assert.Equal(88, packet.Length);
        Assert.Equal("MO_I"u8.ToArray(), packet[..4]);
        Assert.Equal((1, 0), (packet[4], packet[5]));                     // operation 1, little-endian
        Assert.Equal([65, 0, 0, 0], packet[15..19]);                      // text length
        Assert.Equal("0062BE0A1B2C\0"u8.ToArray(), packet[23..36]);       // id[13]
        Assert.Equal((byte)'G', packet[36]);                              // name[21]
        Assert.Equal([192, 168, 1, 166], packet[57..61]);                 // IP, network order
        Assert.Equal([255, 255, 255, 0], packet[61..65]);
        Assert.Equal([11, 37, 2, 49], packet[77..81]);
        Assert.Equal([2, 0, 10, 4], packet[81..85]);
        Assert.Equal([0x1F, 0x90], packet[85..87]);                       // 8080 big-endian
        Assert.Equal(1, packet[87]);

        Assert.True(DiscoveryPacket.TryParseSearchResponse(packet, packet.Length, out var back));
        Assert.Equal(info.Id, back!.Id);
        Assert.Equal(info.Name, back.Name);
        Assert.Equal(info.Address, back.Address);
        Assert.Equal(info.Mask, back.Mask);
        Assert.Equal(info.Gateway, back.Gateway);
        Assert.Equal(info.Dns, back.Dns);
        Assert.Equal(info.SystemVersion, back.SystemVersion);
        Assert.Equal(info.AppVersion, back.AppVersion);
        Assert.Equal((8080, true), (back.HttpPort, back.Dhcp));
    }

    [Theory]
    [InlineData("")]
    [InlineData("4D4F5F49")]
    [InlineData("4D4F5F4A0100000000000000000000410000000000000000")]
    [InlineData("4D4F5F490100000000000000000000FF0000000000000000")] // text length beyond the datagram
    public void ForeignOrShortDatagramsAreNotResponses(string hex)
    {
        var data = Convert.FromHexString(hex);
        Assert.False(DiscoveryPacket.TryParseSearchResponse(data, data.Length, out _));
        Assert.False(DiscoveryPacket.IsSearchRequest(data, data.Length));
    }

    [Fact]
    public async Task EmulatorAnswersTheSearchForEveryCamera()
    {
        await using var host = await Kit.StartAsync(3, o => o.DiscoveryPort = 0);
        var cams = host.Cameras;
        cams[1].Update(new Dictionary<string, string> { ["ip"] = "192.168.7.20", ["mask"] = "255.255.255.0", ["gateway"] = "192.168.7.1", ["dns"] = "192.168.7.2" });
        Assert.NotNull(host.DiscoveryEndPoint);
        Assert.Equal(IPAddress.Loopback, host.DiscoveryEndPoint!.Address); // loopback like the HTTP side

        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await client.SendAsync(Convert.FromHexString("00112233"), host.DiscoveryEndPoint); // ignored
        await client.SendAsync(DiscoveryPacket.BuildSearchRequest(), host.DiscoveryEndPoint);
        var found = new Dictionary<string, DiscoveryInfo>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (found.Count < 3)
        {
            var r = await client.ReceiveAsync(cts.Token);
            Assert.Equal(host.DiscoveryEndPoint, r.RemoteEndPoint);
            Assert.True(DiscoveryPacket.TryParseSearchResponse(r.Buffer, r.Buffer.Length, out var info));
            found.Add(info!.Id, info);
        }

        foreach (var cam in cams)
        {
            var info = found[cam.Id];
            var s = cam.Snapshot();
            Assert.Equal(s["alias"], info.Name);
            Assert.Equal(cam.Port, info.HttpPort);
            Assert.Equal(Version.Parse(s["sys_ver"]), info.SystemVersion);
            Assert.Equal(Version.Parse(s["app_ver"]), info.AppVersion);
        }

        Assert.True(found[cams[0].Id].Dhcp);
        Assert.Equal(IPAddress.Loopback, found[cams[0].Id].Address);
        var fixedCam = found[cams[1].Id];
        Assert.False(fixedCam.Dhcp);
        Assert.Equal(
            ["192.168.7.20", "255.255.255.0", "192.168.7.1", "192.168.7.2"],
            new[] { fixedCam.Address, fixedCam.Mask, fixedCam.Gateway, fixedCam.Dns }.Select(a => a.ToString()).ToArray());
    }

    [Fact]
    public async Task NoResponderUnlessAsked()
    {
        await using var host = await Kit.StartAsync();
        Assert.Null(host.DiscoveryEndPoint);
    }

    [Fact]
    public async Task ATakenPortFailsTheStart()
    {
        using var blocker = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)blocker.Client.LocalEndPoint!).Port;
        await Assert.ThrowsAsync<SocketException>(() => Kit.StartAsync(1, o => o.DiscoveryPort = port));
    }
}
