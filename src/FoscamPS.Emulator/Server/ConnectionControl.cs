using System;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace FoscamPS.Emulator.Server;

/// <summary>Socket-level tricks on a Kestrel connection.</summary>
internal static class ConnectionControl
{
    /// <summary>
    /// Abortive close: SO_LINGER 0 then close, so the peer gets a TCP RST (ECONNRESET) rather than a FIN.
    /// Used for Refuse (accept + RST, the nearest a shared listener gets to "connection refused"),
    /// rebooting cameras and ResetMidBody.
    /// </summary>
    public static void Reset(ConnectionContext connection)
    {
        var socket = connection.Features.Get<IConnectionSocketFeature>()?.Socket;
        if (socket is not null)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Dispose();
            }
            catch (ObjectDisposedException)
            {
            }
            catch (SocketException)
            {
            }
        }

        connection.Abort();
    }
}
