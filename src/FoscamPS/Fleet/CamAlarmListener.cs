using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Fleet
{
    /// <summary>State of an alarm callback listener.</summary>
    public enum CamAlarmListenerState
    {
        Running,
        Stopped,
    }

    /// <summary>
    /// A small HTTP listener for the cameras' alarm_http_url callbacks (set_alarm http=1). TcpListener-based (no
    /// HttpListener: it needs URL ACLs on Windows). Each request head is capped (8 KB, 5 s), answered "ok." and queued
    /// as a <see cref="CamAlarmCallback"/>; bodies are not read. The queue is bounded: the oldest callbacks are dropped
    /// (and counted) when nobody receives them. No PowerShell types here.
    /// </summary>
    public sealed class CamAlarmListener : IDisposable
    {
        internal const int MaxHeadBytes = 8192;
        internal const int MaxQueued = 10000;
        private static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(5);
        private static readonly string[] SecretNames = { "user", "usr", "pwd", "pass", "password", "passwd", "key", "token", "secret", "auth", "login", "cam_user", "cam_pwd" };
        private readonly TcpListener _listener;
        private readonly ConcurrentQueue<CamAlarmCallback> _queue = new ConcurrentQueue<CamAlarmCallback>();
        private readonly SemaphoreSlim _signal = new SemaphoreSlim(0);
        private readonly CancellationTokenSource _cts = new CancellationTokenSource();
        private readonly IReadOnlyDictionary<string, ICamera> _cameras;
        private long _received;
        private long _dropped;
        private int _connections;

        internal CamAlarmListener(string name, IPAddress address, int port, IReadOnlyDictionary<string, ICamera> cameras)
        {
            Name = name;
            _cameras = cameras;
            _listener = new TcpListener(address, port);
            _listener.Start(64);
            var ep = (IPEndPoint)_listener.LocalEndpoint;
            Address = ep.Address.ToString();
            Port = ep.Port;
            StartedAt = DateTimeOffset.Now;
            _ = AcceptLoopAsync();
        }

        public string Name { get; }
        /// <summary>Local address it listens on (0.0.0.0 = every interface).</summary>
        public string Address { get; }
        public int Port { get; }
        /// <summary>The URL to give the cameras (alarm_http_url); replace 0.0.0.0 by this computer's LAN address.</summary>
        public string Url => $"http://{(Address.Contains(":") ? "[" + Address + "]" : Address)}:{Port}/alarm";
        public CamAlarmListenerState State { get; private set; } = CamAlarmListenerState.Running;
        public DateTimeOffset StartedAt { get; }
        /// <summary>Callbacks received since the start.</summary>
        public long Received => Interlocked.Read(ref _received);
        /// <summary>Callbacks waiting for Receive-CamAlarm.</summary>
        public int Pending => _queue.Count;
        /// <summary>Callbacks dropped because more than 10,000 were waiting.</summary>
        public long Dropped => Interlocked.Read(ref _dropped);

        public override string ToString() => Name;

        /// <summary>Takes the next callback, if any.</summary>
        internal bool TryTake(out CamAlarmCallback? callback) => _queue.TryDequeue(out callback);

        /// <summary>Waits until a callback arrives, the timeout passes, the token is cancelled or the listener stops.</summary>
        internal bool WaitForCallback(TimeSpan timeout, CancellationToken token)
        {
            if (!_queue.IsEmpty) return true;
            if (State == CamAlarmListenerState.Stopped) return false;
            try
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, _cts.Token);
                _signal.Wait(timeout, linked.Token);
            }
            catch (OperationCanceledException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
            return !_queue.IsEmpty;
        }

        public void Stop()
        {
            if (State == CamAlarmListenerState.Stopped) return;
            State = CamAlarmListenerState.Stopped;
            try { _cts.Cancel(); } catch (ObjectDisposedException) { }
            try { _listener.Stop(); } catch (SocketException) { }
        }

        public void Dispose() => Stop();

        private async Task AcceptLoopAsync()
        {
            while (!_cts.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
                }
                catch (Exception) when (_cts.IsCancellationRequested)
                {
                    return;
                }
                catch (SocketException)
                {
                    continue;
                }
                if (Interlocked.Increment(ref _connections) > 64)
                {
                    // Too many at once: refuse instead of queueing without bound.
                    Interlocked.Decrement(ref _connections);
                    client.Dispose();
                    continue;
                }
                _ = HandleAsync(client);
            }
        }

        private async Task HandleAsync(TcpClient client)
        {
            try
            {
                using (client)
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token))
                {
                    timeout.CancelAfter(HeadTimeout);
                    using var registration = timeout.Token.Register(() => { try { client.Dispose(); } catch (Exception) { } });
                    var stream = client.GetStream();
                    var head = await ReadHeadAsync(stream).ConfigureAwait(false);
                    var remote = (client.Client.RemoteEndPoint as IPEndPoint)?.Address;
                    if (remote is not null && remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
                    string? method = null, target = null;
                    var ok = head is not null && TryParseRequestLine(head, out method, out target);
                    var body = ok ? "ok." : "error: illegal http frame.";
                    var status = ok ? "200 OK" : "400 Bad Request";
                    var response = Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nServer: FoscamPS\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
                    await stream.WriteAsync(response, 0, response.Length, timeout.Token).ConfigureAwait(false);
                    if (ok && remote is not null) Enqueue(Build(remote, method!, target!));
                }
            }
            catch (Exception)
            {
                // A broken or hostile client only loses its own callback.
            }
            finally
            {
                Interlocked.Decrement(ref _connections);
            }
        }

        private static async Task<string?> ReadHeadAsync(NetworkStream stream)
        {
            var buffer = new byte[MaxHeadBytes];
            var length = 0;
            while (length < buffer.Length)
            {
                var n = await stream.ReadAsync(buffer, length, buffer.Length - length).ConfigureAwait(false);
                if (n == 0) break;
                length += n;
                var text = Encoding.ASCII.GetString(buffer, 0, length);
                if (text.Contains("\r\n\r\n") || text.Contains("\n\n")) return text;
            }
            // No complete head: a request line alone still counts (some firmware closes early).
            var partial = Encoding.ASCII.GetString(buffer, 0, length);
            return partial.Contains("\n") ? partial : null;
        }

        internal static bool TryParseRequestLine(string head, out string? method, out string? target)
        {
            method = target = null;
            var line = head.Split('\n')[0].TrimEnd('\r');
            var parts = line.Split(' ');
            if (parts.Length < 2 || parts[0].Length == 0 || parts[0].Any(c => c < 'A' || c > 'Z')) return false;
            method = parts[0];
            target = parts[1];
            return target.StartsWith("/", StringComparison.Ordinal) || target.StartsWith("http", StringComparison.OrdinalIgnoreCase);
        }

        private CamAlarmCallback Build(IPAddress remote, string method, string target)
        {
            var path = target;
            var query = "";
            if (path.StartsWith("http", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(path, UriKind.Absolute, out var absolute))
                path = absolute.PathAndQuery;
            var q = path.IndexOf('?');
            if (q >= 0)
            {
                query = path.Substring(q + 1);
                path = path.Substring(0, q);
            }
            var ip = remote.ToString();
            ICamera camera = _cameras.TryGetValue(ip, out var known) ? known : new RemoteCamera(remote);
            return new CamAlarmCallback
            {
                Camera = camera,
                Time = DateTimeOffset.Now,
                RemoteAddress = ip,
                Method = method,
                Path = Clean(Uri.UnescapeDataString(path)),
                Query = ParseQuery(query),
                Listener = Name,
            };
        }

        internal static IReadOnlyDictionary<string, string> ParseQuery(string query)
        {
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in query.Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (result.Count >= 32) break;
                var eq = pair.IndexOf('=');
                var name = Clean(Unescape(eq < 0 ? pair : pair.Substring(0, eq)));
                var value = eq < 0 ? "" : Clean(Unescape(pair.Substring(eq + 1)));
                if (name.Length == 0) continue;
                if (SecretNames.Any(s => name.IndexOf(s, StringComparison.OrdinalIgnoreCase) >= 0)) value = "***";
                result[name] = value;
            }
            return result;
        }

        private static string Unescape(string s)
        {
            try { return Uri.UnescapeDataString(s.Replace('+', ' ')); }
            catch (UriFormatException) { return s; }
        }

        /// <summary>Removes control characters (ANSI escapes, line breaks) and caps the length.</summary>
        internal static string Clean(string s)
        {
            var sb = new StringBuilder(Math.Min(s.Length, 256));
            foreach (var c in s)
            {
                if (sb.Length >= 256) break;
                sb.Append(char.IsControl(c) ? '?' : c);
            }
            return sb.ToString();
        }

        private void Enqueue(CamAlarmCallback callback)
        {
            Interlocked.Increment(ref _received);
            _queue.Enqueue(callback);
            while (_queue.Count > MaxQueued && _queue.TryDequeue(out _)) Interlocked.Increment(ref _dropped);
            _signal.Release();
        }

        /// <summary>The sender of a callback that no -Camera of the listener names.</summary>
        private sealed class RemoteCamera : ICamera
        {
            public RemoteCamera(IPAddress address)
            {
                Name = address.ToString();
                Address = CamAddress.Parse(address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + Name + "]" : Name);
            }

            public string Name { get; }
            public CamAddress Address { get; }
            public string? CameraId => null;
            public override string ToString() => Name;
        }
    }
}
