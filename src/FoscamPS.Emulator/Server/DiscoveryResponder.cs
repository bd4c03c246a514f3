using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Protocol;

namespace FoscamPS.Emulator.Server;

/// <summary>
/// Answers the LAN search (UDP, "MO_I" operation 0) with one 88-byte search response per emulated camera, sent to
/// the address and port the search came from (real cameras broadcast the answer to that port; on loopback a unicast
/// reply is what a client bound to that port receives). Other datagrams are ignored.
/// </summary>
internal sealed class DiscoveryResponder : IAsyncDisposable
{
    private readonly UdpClient _udp;
    private readonly IReadOnlyList<EmulatedCamera> _cameras;
    private readonly IPAddress _bindAddress;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private DiscoveryResponder(UdpClient udp, IReadOnlyList<EmulatedCamera> cameras, IPAddress bindAddress)
    {
        _udp = udp;
        _cameras = cameras;
        _bindAddress = bindAddress;
        _loop = Task.Run(ReceiveLoopAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    /// <summary>Binds the UDP socket (throws <see cref="SocketException"/> when the port is taken).</summary>
    public static DiscoveryResponder Start(IPAddress bindAddress, int port, IReadOnlyList<EmulatedCamera> cameras)
    {
        var udp = new UdpClient(bindAddress.AddressFamily);
        try
        {
            udp.Client.Bind(new IPEndPoint(bindAddress, port));
        }
        catch
        {
            udp.Dispose();
            throw;
        }

        return new DiscoveryResponder(udp, cameras, bindAddress);
    }

    /// <summary>The search response of one camera: configured address, or the bind address under DHCP.</summary>
    internal static byte[] ResponseFor(EmulatedCamera camera, IPAddress bindAddress)
    {
        var s = camera.State;
        var ip = s.Get("ip");
        var dhcp = ip.Length == 0;
        var info = new DiscoveryInfo
        {
            Id = camera.Id,
            Name = s.Get("alias"),
            Address = dhcp ? V4(bindAddress) : Parse(ip),
            Mask = dhcp ? IPAddress.Parse("255.0.0.0") : Parse(s.Get("mask")),
            Gateway = dhcp ? IPAddress.Any : Parse(s.Get("gateway")),
            Dns = dhcp ? IPAddress.Any : Parse(s.Get("dns")),
            SystemVersion = Version.TryParse(s.Get("sys_ver"), out var sys) ? sys : new Version(0, 0, 0, 0),
            AppVersion = Version.TryParse(s.Get("app_ver"), out var app) ? app : new Version(0, 0, 0, 0),
            HttpPort = camera.Port,
            Dhcp = dhcp,
        };
        return DiscoveryPacket.BuildSearchResponse(info);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _udp.Dispose();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }

        _stop.Dispose();
    }

    private static IPAddress V4(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork ? address : IPAddress.Loopback;

    private static IPAddress Parse(string text) =>
        IPAddress.TryParse(text, out var a) && a.AddressFamily == AddressFamily.InterNetwork ? a : IPAddress.Any;

    private async Task ReceiveLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try
            {
                received = await _udp.ReceiveAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                continue; // e.g. ICMP port unreachable from an earlier reply
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            if (!DiscoveryPacket.IsSearchRequest(received.Buffer, received.Buffer.Length))
            {
                continue;
            }

            foreach (var camera in _cameras)
            {
                try
                {
                    await _udp.SendAsync(ResponseFor(camera, _bindAddress), received.RemoteEndPoint, _stop.Token).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
                {
                    return;
                }
            }
        }
    }

    public override string ToString() => EndPoint.ToString() + " (" + _cameras.Count.ToString(CultureInfo.InvariantCulture) + " cameras)";
}
