using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Protocol;

namespace FoscamPS.Tests.Protocol.TestServers;

/// <summary>One request as the test server saw it.</summary>
public sealed class TestRequest
{
    public required string Method { get; init; }
    public required string Target { get; init; }           // path + query as sent on the request line
    public required string Path { get; init; }
    public required List<KeyValuePair<string, string>> Query { get; init; } // decoded
    public required Dictionary<string, string> Headers { get; init; } // case-insensitive, last wins
    public required byte[] Body { get; init; }
    public required string RawHead { get; init; }

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public string? Q(string name)
    {
        foreach (var kv in Query)
            if (kv.Key == name) return kv.Value;
        return null;
    }
}

/// <summary>The server side of one connection, handed to the handler.</summary>
public sealed class TestConnection
{
    private readonly TcpClient _client;

    internal TestConnection(TcpClient client, NetworkStream stream, CancellationToken serverToken)
    {
        _client = client;
        Stream = stream;
        ServerToken = serverToken;
    }

    public NetworkStream Stream { get; }
    public CancellationToken ServerToken { get; }

    /// <summary>Run once, just before the first byte of the answer is written (the request stops being in flight).</summary>
    internal Action? BeforeFirstWrite;

    public static string Reason(int status) => status switch
    {
        200 => "OK",
        302 => "Found",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    };

    /// <summary>Netwave-style reply: exact Content-Length, Connection: close.</summary>
    public Task SendAsync(int status, string body, params (string Name, string Value)[] headers) =>
        SendAsync(status, Encoding.UTF8.GetBytes(body), "text/plain", headers);

    public async Task SendAsync(int status, byte[] body, string? contentType, params (string Name, string Value)[] headers)
    {
        var sb = new StringBuilder();
        sb.Append("HTTP/1.1 ").Append(status).Append(' ').Append(Reason(status)).Append("\r\n");
        sb.Append("Server: Netwave IP Camera\r\n");
        if (contentType != null) sb.Append("Content-Type: ").Append(contentType).Append("\r\n");
        sb.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        sb.Append("Cache-Control: no-cache\r\nConnection: close\r\n");
        foreach (var (n, v) in headers) sb.Append(n).Append(": ").Append(v).Append("\r\n");
        sb.Append("\r\n");
        await WriteAsync(Encoding.ASCII.GetBytes(sb.ToString()));
        await WriteAsync(body);
    }

    public async Task WriteAsync(byte[] bytes)
    {
        Interlocked.Exchange(ref BeforeFirstWrite, null)?.Invoke();
        await Stream.WriteAsync(bytes, ServerToken);
        await Stream.FlushAsync(ServerToken);
    }

    public Task WriteAsync(string ascii) => WriteAsync(Encoding.Latin1.GetBytes(ascii));

    /// <summary>Hangs until the server is disposed.</summary>
    public async Task SilenceAsync()
    {
        try
        {
            await Task.Delay(Timeout.Infinite, ServerToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Closes with RST.</summary>
    public void Reset()
    {
        _client.Client.LingerState = new LingerOption(true, 0);
        _client.Client.Close();
    }
}

/// <summary>
/// Minimal HTTP/1.1 server on 127.0.0.1 for transport tests: one request per connection (camera style), the handler
/// writes the whole response (or misbehaves on purpose), then the connection is closed.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<TestRequest, TestConnection, Task> _handler;
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _acceptLoop;
    private int _inFlight;
    private int _maxInFlight;

    private LoopbackHttpServer(Func<TestRequest, TestConnection, Task> handler, IPAddress? bind)
    {
        _handler = handler;
        BindAddress = bind ?? IPAddress.Loopback;
        _listener = new TcpListener(BindAddress, 0);
        _listener.Start(64);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public static LoopbackHttpServer Start(Func<TestRequest, TestConnection, Task> handler) => new(handler, null);

    /// <summary>A server on another loopback address (e.g. 127.0.0.2, loopback only).</summary>
    public static LoopbackHttpServer Start(Func<TestRequest, TestConnection, Task> handler, IPAddress bind) => new(handler, bind);

    public IPAddress BindAddress { get; }
    public int Port { get; }
    public CamAddress Address => CamAddress.Parse(BindAddress + ":" + Port);

    /// <summary>Connections accepted (also those that never sent a complete request).</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);
    private int _connections;
    public ConcurrentQueue<TestRequest> Requests { get; } = new();
    public ConcurrentQueue<Exception> HandlerErrors { get; } = new();
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);
    public int RequestCount => Requests.Count;

    private async Task AcceptLoopAsync()
    {
        while (!_cts.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_cts.Token);
            }
            catch
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => HandleAsync(client));
        }
    }

    /// <summary>
    /// A request is in flight from the moment it has been read until the first byte of its answer is written (or its
    /// handler ends without one). Not until this server's task has finished with the connection: a client that sends
    /// its next request the moment it has read an answer must not be counted as having two in flight (a soak at load ~3
    /// caught exactly that: the previous handler had not yet reached its bookkeeping).
    /// </summary>
    private async Task HandleAsync(TcpClient client)
    {
        int released = 1;
        void Release()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) Interlocked.Decrement(ref _inFlight);
        }
        try
        {
            using (client)
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream, _cts.Token);
                if (request is null) return;
                Volatile.Write(ref released, 0);
                int now = Interlocked.Increment(ref _inFlight);
                int max;
                while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max) { }
                Requests.Enqueue(request);
                await _handler(request, new TestConnection(client, stream, _cts.Token) { BeforeFirstWrite = Release });
                try
                {
                    client.Client.Shutdown(SocketShutdown.Send);
                }
                catch
                {
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            HandlerErrors.Enqueue(ex);
        }
        finally
        {
            Release();
        }
    }

    private static async Task<TestRequest?> ReadRequestAsync(NetworkStream stream, CancellationToken ct)
    {
        var head = new MemoryStream();
        var one = new byte[1];
        while (true)
        {
            int n = await stream.ReadAsync(one, ct);
            if (n == 0) return null;
            head.WriteByte(one[0]);
            if (head.Length >= 4)
            {
                var b = head.GetBuffer();
                long l = head.Length;
                if (b[l - 4] == '\r' && b[l - 3] == '\n' && b[l - 2] == '\r' && b[l - 1] == '\n') break;
            }
            if (head.Length > 65536) return null;
        }
        string text = Encoding.Latin1.GetString(head.ToArray());
        var lines = text.Split("\r\n");
        var parts = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 1; i < lines.Length; i++)
        {
            int c = lines[i].IndexOf(':');
            if (c > 0) headers[lines[i][..c].Trim()] = lines[i][(c + 1)..].Trim();
        }
        byte[] body = Array.Empty<byte>();
        if (headers.TryGetValue("Content-Length", out var cl) && int.TryParse(cl, out int len) && len > 0)
        {
            body = new byte[len];
            int got = 0;
            while (got < len)
            {
                int n = await stream.ReadAsync(body.AsMemory(got, len - got), ct);
                if (n == 0) break;
                got += n;
            }
        }
        string target = parts.Length > 1 ? parts[1] : "/";
        int q = target.IndexOf('?');
        var query = new List<KeyValuePair<string, string>>();
        if (q >= 0)
        {
            foreach (var pair in target[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.IndexOf('=');
                string k = eq < 0 ? pair : pair[..eq];
                string v = eq < 0 ? "" : pair[(eq + 1)..];
                query.Add(new(Uri.UnescapeDataString(k), Uri.UnescapeDataString(v)));
            }
        }
        return new TestRequest
        {
            Method = parts[0],
            Target = target,
            Path = q < 0 ? target : target[..q],
            Query = query,
            Headers = headers,
            Body = body,
            RawHead = text,
        };
    }

    public async ValueTask DisposeAsync()
    {
        _cts.Cancel();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch
        {
        }
        _cts.Dispose();
    }
}
