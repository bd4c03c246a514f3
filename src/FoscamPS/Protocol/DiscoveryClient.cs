using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace FoscamPS.Protocol
{
    /// <summary>One answer to the LAN search: what the camera reports and where the datagram came from.</summary>
    internal sealed class DiscoveryAnswer
    {
        public DiscoveryAnswer(DiscoveryInfo info, IPEndPoint source)
        {
            Info = info;
            Source = source;
        }

        public DiscoveryInfo Info { get; }

        /// <summary>Where the datagram came from: the address the camera is reachable at.</summary>
        public IPEndPoint Source { get; }
    }

    /// <summary>
    /// Sends the UDP LAN search (MO_I operation 0) to one or more targets and collects the answers until a deadline or
    /// cancellation. Single-threaded and synchronous: the caller's thread polls the socket in short slices, so a
    /// cancellation (Ctrl+C) is seen within <see cref="PollSlice"/>. Every datagram that is not a well-formed search
    /// response is counted and dropped; nothing a datagram holds can make it throw.
    /// </summary>
    internal sealed class DiscoveryClient : IDisposable
    {
        /// <summary>Largest datagram read whole (the IPv4 UDP maximum): longer answers than expected are read, not cut.</summary>
        private const int BufferSize = 65535;

        /// <summary>How long one poll of the socket waits at most.</summary>
        public static readonly TimeSpan PollSlice = TimeSpan.FromMilliseconds(100);

        private readonly Socket _socket;
        private readonly byte[] _buffer = new byte[BufferSize];

        /// <param name="broadcast">Allow sending to a broadcast address (SO_BROADCAST).</param>
        public DiscoveryClient(bool broadcast)
        {
            _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                _socket.EnableBroadcast = broadcast;
                // Any local address, an ephemeral port: cameras answer to the port the search came from (broadcast).
                _socket.Bind(new IPEndPoint(IPAddress.Any, 0));
            }
            catch
            {
                _socket.Dispose();
                throw;
            }
        }

        /// <summary>The local end point answers come to.</summary>
        public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

        /// <summary>Datagrams received that were not search responses (foreign, malformed, truncated, other operations).</summary>
        public int Ignored { get; private set; }

        /// <summary>Datagrams received in all.</summary>
        public int Received { get; private set; }

        /// <summary>Sends one datagram to every target.</summary>
        public void Send(byte[] datagram, IEnumerable<IPEndPoint> targets)
        {
            foreach (var target in targets) _socket.SendTo(datagram, target);
        }

        /// <summary>Sends the search request to every target.</summary>
        public void SendSearch(IEnumerable<IPEndPoint> targets) => Send(DiscoveryPacket.BuildSearchRequest(), targets);

        /// <summary>
        /// Waits for one datagram until <paramref name="deadlineUtc"/>, at most one <see cref="PollSlice"/>; returns the
        /// datagram's bytes and source, or null when nothing came in this slice. Socket errors from earlier sends (ICMP
        /// port unreachable on loopback) are swallowed.
        /// </summary>
        public byte[]? ReceiveOne(DateTime deadlineUtc, out IPEndPoint? source)
        {
            source = null;
            var left = deadlineUtc - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return null;
            if (left > PollSlice) left = PollSlice;
            try
            {
                if (!_socket.Poll((int)Math.Max(1, left.Ticks / 10), SelectMode.SelectRead)) return null;
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                int n = _socket.ReceiveFrom(_buffer, 0, _buffer.Length, SocketFlags.None, ref from);
                Received++;
                source = (IPEndPoint)from;
                var copy = new byte[n];
                Buffer.BlockCopy(_buffer, 0, copy, 0, n);
                return copy;
            }
            catch (SocketException)
            {
                return null;
            }
        }

        /// <summary>
        /// Receives until the deadline or cancellation, handing every search response to <paramref name="onAnswer"/>
        /// and waking <paramref name="onTick"/> at least every <see cref="PollSlice"/> (progress, re-sending).
        /// </summary>
        public void Collect(DateTime deadlineUtc, CancellationToken cancel, Action<DiscoveryAnswer> onAnswer, Action? onTick = null)
        {
            while (!cancel.IsCancellationRequested && DateTime.UtcNow < deadlineUtc)
            {
                onTick?.Invoke();
                var data = ReceiveOne(deadlineUtc, out var source);
                if (data is null || source is null) continue;
                if (TryParse(data, source, out var answer)) onAnswer(answer!);
                else Ignored++;
            }
        }

        /// <summary>Parses one datagram; false for anything but a search response. Never throws.</summary>
        internal static bool TryParse(byte[] data, IPEndPoint source, out DiscoveryAnswer? answer)
        {
            answer = null;
            try
            {
                if (!DiscoveryPacket.TryParseSearchResponse(data, data.Length, out var info) || info is null) return false;
                answer = new DiscoveryAnswer(info, source);
                return true;
            }
            catch (Exception e) when (e is ArgumentException || e is IndexOutOfRangeException)
            {
                return false; // defensive: the parser checks lengths, a hostile datagram must never end the search
            }
        }

        public void Dispose() => _socket.Dispose();
    }
}
