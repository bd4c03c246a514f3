using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using FoscamPS.Protocol;
using FoscamPS.Tests.Protocol.TestServers;
using Xunit;

namespace FoscamPS.Tests.Protocol;

/// <summary>
/// The module's own HTTP/1.1 client (CamHttpHandler) on the wire: what it sends, the response forms real cameras and
/// clones send (LF-only heads, "Name:value", folded lines, chunked bodies, bodies read to the close, interim 1xx), what it
/// refuses, and that it never holds a connection after the response is disposed. Real loopback sockets throughout; the
/// property test feeds the response parser a byte stream cut at random places.
/// </summary>
public class CamHttpHandlerTests
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>A GET as the transport makes it; the socket-loop variant of these tests makes short-reply requests.</summary>
    protected virtual HttpRequestMessage NewGet(Uri uri) => new HttpRequestMessage(HttpMethod.Get, uri);

    private Task<HttpResponseMessage> GetAsync(LoopbackHttpServer s, string target, CancellationToken token = default, Action<HttpRequestMessage>? setup = null)
    {
        var msg = NewGet(new Uri($"http://{s.BindAddress}:{s.Port}{target}"));
        setup?.Invoke(msg);
        return CamHttpHandler.Invoker.SendAsync(msg, token);
    }

    protected static async Task<string> BodyAsync(HttpResponseMessage response)
    {
        using var stream = await response.Content.ReadAsStreamAsync();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return Encoding.Latin1.GetString(copy.ToArray());
    }

    [Fact]
    public async Task TheRequestHeadIsHttp11WithHostConnectionCloseAndOneUserAgent()
    {
        await using var s = LoopbackHttpServer.Start((r, c) => c.SendAsync(200, "ok.\n"));
        using var response = await GetAsync(s, "/get_status.cgi?a=1%202", setup: m => m.Headers.TryAddWithoutValidation("Authorization", "Basic not-a-real-credential"));
        Assert.Equal("ok.\n", await BodyAsync(response));
        var head = Assert.Single(s.Requests).RawHead;
        var lines = head.Split("\r\n");
        Assert.Equal("GET /get_status.cgi?a=1%202 HTTP/1.1", lines[0]);
        Assert.Contains($"Host: {s.BindAddress}:{s.Port}", lines);
        Assert.Contains("Connection: close", lines);
        Assert.Contains("Authorization: Basic not-a-real-credential", lines);
        Assert.Single(lines, l => l.StartsWith("User-Agent: FoscamPS/", StringComparison.Ordinal));
        Assert.EndsWith("\r\n\r\n", head);
    }

    [Fact]
    public async Task APostCarriesItsContentLengthAndTheWholeBody()
    {
        var body = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray();
        await using var s = LoopbackHttpServer.Start((r, c) => c.SendAsync(200, "ok.\n"));
        var msg = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://{s.BindAddress}:{s.Port}/upgrade.cgi")) { Content = new ByteArrayContent(body) };
        msg.Content.Headers.TryAddWithoutValidation("Content-Type", "application/octet-stream");
        using var response = await CamHttpHandler.Invoker.SendAsync(msg, default);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(s.Requests);
        Assert.Equal("70000", seen.Header("Content-Length"));
        Assert.Equal("application/octet-stream", seen.Header("Content-Type"));
        Assert.Equal(body, seen.Body);
    }

    [Fact]
    public async Task CloneHeadsWithBareLineFeedsNoSpaceAndFoldedLinesAreRead()
    {
        await using var s = LoopbackHttpServer.Start((r, c) => c.WriteAsync(
            "HTTP/1.0 200 OK\nServer:Netwave IP Camera\nContent-Type:text/plain\nX-Folded: first\n\tsecond\nContent-Length:4\n\nok.\n"));
        using var response = await GetAsync(s, "/get_status.cgi");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version10, response.Version);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(4, response.Content.Headers.ContentLength);
        Assert.Equal("first second", Assert.Single(response.Headers.GetValues("X-Folded")));
        Assert.Equal("ok.\n", await BodyAsync(response));
    }

    [Fact]
    public async Task AChunkedBodyIsDecodedWithExtensionsAndTrailers()
    {
        await using var s = LoopbackHttpServer.Start((r, c) => c.WriteAsync(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nContent-Length: 999\r\n\r\n4;x=1\r\nvar \r\nB\r\nalias='a';\n\r\n0\r\nX-Trailer: t\r\n\r\n"));
        using var response = await GetAsync(s, "/get_status.cgi");
        Assert.Null(response.Content.Headers.ContentLength); // the chunked framing wins over a stray Content-Length
        Assert.Equal("var alias='a';\n", await BodyAsync(response));
    }

    [Theory]
    [InlineData("zz\r\nhello\r\n0\r\n\r\n")]             // not a hex size
    [InlineData("3\r\nhello\r\n0\r\n\r\n")]              // longer than declared
    [InlineData("5\r\nhel")]                             // closed inside a chunk
    public async Task ABrokenChunkedBodyFailsAsAnIOException(string chunks)
    {
        await using var s = LoopbackHttpServer.Start((r, c) => c.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks));
        using var response = await GetAsync(s, "/get_status.cgi");
        await Assert.ThrowsAnyAsync<IOException>(() => BodyAsync(response));
    }

    [Fact]
    public async Task InterimResponsesAreSkipped()
    {
        await using var s = LoopbackHttpServer.Start((r, c) => c.WriteAsync("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nok.\n"));
        using var response = await GetAsync(s, "/get_status.cgi");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok.\n", await BodyAsync(response));
    }

    [Fact]
    public async Task ABodyShorterThanItsContentLengthFailsWhenRead()
    {
        await using var s = LoopbackHttpServer.Start((r, c) => c.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nok.\n"));
        using var response = await GetAsync(s, "/get_status.cgi");
        var ex = await Assert.ThrowsAnyAsync<IOException>(() => BodyAsync(response));
        Assert.Contains("6 additional bytes", ex.Message);
    }

    [Fact]
    public async Task ABodyWithoutLengthIsReadToTheClose()
    {
        var jpeg = new byte[50_000];
        new Random(7).NextBytes(jpeg);
        await using var s = LoopbackHttpServer.Start(async (r, c) =>
        {
            await c.WriteAsync("HTTP/1.0 200 OK\r\nContent-Type: image/jpeg\r\n\r\n");
            await c.WriteAsync(jpeg);
        });
        using var response = await GetAsync(s, "/snapshot.cgi");
        using var stream = await response.Content.ReadAsStreamAsync();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(jpeg, copy.ToArray());
    }

    [Fact]
    public async Task ACloseWithoutAByteIsANoReplyAndTheRequestWentOnce()
    {
        await using var s = LoopbackHttpServer.Start((r, c) => Task.CompletedTask);
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(s, "/set_alias.cgi?alias=x"));
        Assert.IsType<CamNoReplyException>(ex.InnerException);
        Assert.Equal(1, s.ConnectionCount);
        Assert.Single(s.Requests);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\nok.\n", "Content-Length")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nok.\n", "Content-Length")]
    [InlineData("ICY 200 OK\r\n\r\n", "status line")]
    [InlineData("HTTP/2 200\r\n\r\n", "status line")]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n", "status line")]
    [InlineData("HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n", "header line")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "transfer coding")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Le", "ended prematurely")]
    public async Task MalformedHeadsAreRefusedAsHttpRequestExceptions(string reply, string expected)
    {
        await using var s = LoopbackHttpServer.Start((r, c) => c.WriteAsync(reply));
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(s, "/get_status.cgi"));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public async Task AHeadLongerThan64KiBIsRefused()
    {
        await using var s = LoopbackHttpServer.Start((r, c) => c.WriteAsync("HTTP/1.1 200 OK\r\nX-Junk: " + new string('a', 64 * 1024) + "\r\nContent-Length: 4\r\n\r\nok.\n"));
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(s, "/get_status.cgi"));
        Assert.Contains("65536", ex.Message);
    }

    [Fact]
    public async Task AKeepAliveCameraSeesTheConnectionClosedWhenTheResponseIsDisposed()
    {
        var closed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var s = LoopbackHttpServer.Start(async (r, c) =>
        {
            await c.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: keep-alive\r\n\r\nok.\n");
            var one = new byte[1];
            int n = await c.Stream.ReadAsync(one, c.ServerToken); // the client's close reads as end of stream
            closed.TrySetResult(n == 0);
        });
        using (var response = await GetAsync(s, "/get_status.cgi"))
        {
            // Read the body without disposing its stream (that would close the connection too).
            var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[16];
            int n = 0, got;
            while ((got = await body.ReadAsync(buffer.AsMemory(n))) > 0) n += got;
            Assert.Equal("ok.\n", Encoding.ASCII.GetString(buffer, 0, n));
            // Still open while the response lives: give the camera's read a moment to see anything else.
            Assert.NotSame(closed.Task, await Task.WhenAny(closed.Task, Task.Delay(200)));
        }
        Assert.True(await closed.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task CancellingWhileTheCameraIsSilentEndsAtOnceAndClosesTheConnection()
    {
        // Cancelled once the camera has the request (not on a timer: on a loaded machine a timer could fire before the
        // request arrived, and the camera would never see a request to be silent about).
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var closed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var s = LoopbackHttpServer.Start(async (r, c) =>
        {
            received.TrySetResult();
            var one = new byte[1];
            int n = await c.Stream.ReadAsync(one, c.ServerToken);
            closed.TrySetResult(n == 0);
        });
        using var cts = new CancellationTokenSource();
        var send = GetAsync(s, "/get_status.cgi", cts.Token);
        await received.Task.WaitAsync(Patience);
        cts.Cancel();
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.True(await closed.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task ARefusedConnectionIsASocketError()
    {
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0))
        {
            l.Start();
            port = ((IPEndPoint)l.LocalEndpoint).Port;
        }
        var msg = NewGet(new Uri($"http://127.0.0.1:{port}/get_status.cgi"));
        var ex = await Assert.ThrowsAsync<SocketException>(() => CamHttpHandler.Invoker.SendAsync(msg, default));
        Assert.Equal(SocketError.ConnectionRefused, ex.SocketErrorCode);
    }

    [Fact]
    public async Task ALocalhostNameIsResolved()
    {
        await using var s = LoopbackHttpServer.Start((r, c) => c.SendAsync(200, "ok.\n"));
        var msg = NewGet(new Uri($"http://localhost:{s.Port}/get_status.cgi"));
        using var response = await CamHttpHandler.Invoker.SendAsync(msg, default);
        Assert.Equal("ok.\n", await BodyAsync(response));
        Assert.Equal($"localhost:{s.Port}", Assert.Single(s.Requests).Header("Host"));
    }

    // ------------------------------------------------------------------ property: any response, cut anywhere

    /// <summary>Hands out its bytes in the given piece sizes (as TCP may), then end of stream.</summary>
    private sealed class PiecesStream : Stream
    {
        private readonly byte[] _data;
        private readonly int[] _pieces;
        private int _pos, _piece;

        public PiecesStream(byte[] data, int[] pieces)
        {
            _data = data;
            _pieces = pieces;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_pos >= _data.Length) return 0;
            int size = _pieces.Length == 0 ? count : Math.Max(1, _pieces[_piece++ % _pieces.Length]);
            int n = Math.Min(Math.Min(count, size), _data.Length - _pos);
            Buffer.BlockCopy(_data, _pos, buffer, offset, n);
            _pos += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private const string HeaderNameChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
    private const string HeaderValueChars = "abc XYZ 019 =;,/\"'()<>?#%+.-_[]{}!\t";

    [Fact]
    public void AnyResponseCutAnywhereParsesToTheSameStatusHeadersAndBody()
    {
        var genHeader = Gen.Select(Gen.Char[HeaderNameChars].Array[1, 12], Gen.Char[HeaderValueChars].Array[0, 30],
            (n, v) => ("X-" + new string(n), new string(v).Trim()));
        Gen.Select(Gen.Int[100, 599].Where(c => c >= 200 && c != 204 && c != 304), genHeader.List[0, 12], Gen.Byte.Array[0, 3000],
                Gen.Select(Gen.Bool, Gen.Int[0, 2], Gen.Int[1, 700].Array[0, 8], (lf, framing, pieces) => (lf, framing, pieces)))
            .Sample(t =>
            {
                var (status, headers, body, (bareLf, framing, pieces)) = t;
                string eol = bareLf ? "\n" : "\r\n";
                var head = new StringBuilder($"HTTP/1.1 {status} Reason Phrase{eol}Content-Type: text/plain{eol}");
                foreach (var (n, v) in headers) head.Append(n).Append(':').Append(v.Length % 2 == 0 ? " " : "").Append(v).Append(eol);
                var wire = new MemoryStream();
                if (framing == 0) head.Append("Content-Length: ").Append(body.Length).Append(eol);
                if (framing == 1) head.Append("Transfer-Encoding: chunked").Append(eol);
                head.Append(eol);
                wire.Write(Encoding.ASCII.GetBytes(head.ToString()));
                if (framing == 1)
                {
                    for (int i = 0; i < body.Length; i += 777)
                    {
                        int n = Math.Min(777, body.Length - i);
                        wire.Write(Encoding.ASCII.GetBytes(n.ToString("x") + "\r\n"));
                        wire.Write(body, i, n);
                        wire.Write("\r\n"u8);
                    }
                    wire.Write("0\r\n\r\n"u8);
                }
                else
                {
                    wire.Write(body);
                }
                var request = new HttpRequestMessage(HttpMethod.Get, new Uri("http://127.0.0.1/x.cgi"));
                using var response = CamHttpHandler.ReadResponseAsync(request, new PiecesStream(wire.ToArray(), pieces), default).GetAwaiter().GetResult();
                Assert.Equal(status, (int)response.StatusCode);
                Assert.Equal("Reason Phrase", response.ReasonPhrase);
                Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
                foreach (var group in headers.GroupBy(h => h.Item1, StringComparer.OrdinalIgnoreCase))
                    Assert.Equal(group.Select(h => h.Item2), response.Headers.GetValues(group.Key));
                Assert.Equal(framing == 0 ? body.Length : (long?)null, response.Content.Headers.ContentLength);
                using var read = response.Content.ReadAsStreamAsync().GetAwaiter().GetResult();
                var copy = new MemoryStream();
                read.CopyTo(copy);
                Assert.Equal(body, copy.ToArray());
            });
    }
}

/// <summary>
/// The same wire tests with short-reply requests, which go through <see cref="CamSocketLoop"/> on Linux (one
/// thread selecting over every socket; what follows a reply runs on it), plus what only the loop has: where the
/// continuation runs, many connections at once, a connection closed or cancelled under its wait.
/// </summary>
public sealed class CamHttpHandlerOnTheSocketLoopTests : CamHttpHandlerTests
{
    protected override HttpRequestMessage NewGet(Uri uri) => new CamHttpHandler.ShortReplyRequest(HttpMethod.Get, uri);

    /// <summary>A connection through the first socket loop and the listener's end of it (the loop itself works on any OS).</summary>
    private sealed class LoopPair : IDisposable
    {
        private readonly TcpListener _listener;

        private LoopPair(TcpListener listener, Socket accepted, CamLoopStream stream)
        {
            _listener = listener;
            Accepted = accepted;
            Stream = stream;
        }

        public Socket Accepted { get; }
        public CamLoopStream Stream { get; }

        public static async Task<LoopPair> ConnectAsync(IPAddress? address = null, bool nativeFirst = true)
        {
            address ??= IPAddress.Loopback;
            var listener = new TcpListener(address, 0);
            listener.Start();
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            await CamSocketLoop.Shared.ConnectAsync(socket, listener.LocalEndpoint, nativeFirst, default);
            var accepted = await listener.AcceptSocketAsync();
            return new LoopPair(listener, accepted, new CamLoopStream(socket, CamSocketLoop.Shared));
        }

        public void Dispose()
        {
            Stream.Dispose();
            Accepted.Dispose();
            _listener.Stop();
        }
    }

    [Fact]
    public void TheLoopServesShortRepliesOnLinux()
    {
        Assert.Equal(OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("FOSCAMPS_SOCKET_LOOP") != "0", CamSocketLoop.IsAvailable);
    }

    [Fact]
    public async Task WhatFollowsAShortReplyRunsOnTheLoopThread_AMediaReplyDoesNot()
    {
        if (!CamSocketLoop.IsAvailable) return;
        // The reply comes late, so the read must wait (a reply already there when it is read needs no wait, no thread).
        await using var s = LoopbackHttpServer.Start(async (r, c) =>
        {
            await Task.Delay(200);
            await c.SendAsync(200, "var a=1;\n");
        });
        var uri = new Uri($"http://{s.BindAddress}:{s.Port}/get_status.cgi");
        bool onLoop = await ContinuesOnLoopAsync(new CamHttpHandler.ShortReplyRequest(HttpMethod.Get, uri));
        bool mediaOnLoop = await ContinuesOnLoopAsync(new HttpRequestMessage(HttpMethod.Get, uri));
        Assert.True(onLoop);
        Assert.False(mediaOnLoop);

        static async Task<bool> ContinuesOnLoopAsync(HttpRequestMessage msg)
        {
            using var response = await CamHttpHandler.Invoker.SendAsync(msg, default).ConfigureAwait(false);
            return CamSocketLoop.OnLoopThread; // checked before anything else runs here
        }
    }

    [Fact]
    public async Task ABoundedMediaReplyIsReadOnTheLoop_AStreamIsNot()
    {
        // The catalogue's size limit (snapshot, backup) marks a reply read whole at once; a stream has none.
        if (!CamSocketLoop.IsAvailable) return;
        var jpeg = MjpegBuilder.FakeJpeg(new Random(2), 35_000);
        await using var s = LoopbackHttpServer.Start(async (r, c) =>
        {
            await Task.Delay(200); // late, so the transport must wait for it
            await c.SendAsync(200, jpeg, "image/jpeg");
        });
        using var t = new CamTransport(s.Address, new NetworkCredential("admin", "fake-Pa55!"), new CamTransportOptions { Timeout = Patience });
        var snapshot = FoscamPS.Model.CgiCatalogue.Snapshot.CreateRequest();
        Assert.NotNull(snapshot.MaxBytes);
        var (snapshotOnLoop, snapshotBytes) = await OpenAndReadAsync(t, snapshot);
        var (streamOnLoop, streamBytes) = await OpenAndReadAsync(t, FoscamPS.Model.CgiCatalogue.Get("videostream.cgi").CreateRequest());
        Assert.True(snapshotOnLoop);
        Assert.False(streamOnLoop);
        Assert.Equal(jpeg, snapshotBytes);
        Assert.Equal(jpeg, streamBytes);

        static async Task<(bool, byte[])> OpenAndReadAsync(CamTransport t, CamRequest request)
        {
            using var media = await t.OpenMediaAsync(request, default).ConfigureAwait(false);
            bool onLoop = CamSocketLoop.OnLoopThread; // checked before anything else runs here
            using var copy = new MemoryStream();
            await media.Body.CopyToAsync(copy).ConfigureAwait(false);
            return (onLoop, copy.ToArray());
        }
    }

    [Fact]
    public async Task LeaveLoopMovesWhatFollowsToThePool_ElsewhereItGoesOnAtOnce()
    {
        // File work after a snapshot's or backup's reply (read on the loop) must not hold up the loop's other cameras.
        using var pair = await LoopPair.ConnectAsync();
        var read = pair.Stream.ReadAsync(new byte[4], 0, 4, default);
        await Task.Delay(100); // the read waits on the loop
        var after = AfterAsync(read);
        pair.Accepted.Send(new byte[] { 1 });
        var (before, afterLeaving) = await after.WaitAsync(Patience);
        Assert.True(before);
        Assert.False(afterLeaving);

        var caller = Environment.CurrentManagedThreadId;
        var stayed = StaysAsync(caller);
        Assert.True(stayed.IsCompleted && stayed.Result); // not on a loop: no hop at all

        static async Task<(bool, bool)> AfterAsync(Task<int> read)
        {
            await read.ConfigureAwait(false);
            bool onLoop = CamSocketLoop.OnLoopThread;
            await CamSocketLoop.LeaveLoop();
            return (onLoop, CamSocketLoop.OnLoopThread);
        }

        static async Task<bool> StaysAsync(int caller)
        {
            await CamSocketLoop.LeaveLoop();
            return Environment.CurrentManagedThreadId == caller;
        }
    }

    [Fact]
    public async Task ThreeHundredConnectionsAtOnceAllGetTheirOwnReply()
    {
        await using var s = LoopbackHttpServer.Start(async (r, c) =>
        {
            await Task.Delay(50);
            await c.SendAsync(200, "var n=" + r.Target.Split('=')[1] + ";\n");
        });
        var sends = Enumerable.Range(0, 300).Select(async i =>
        {
            using var response = await CamHttpHandler.Invoker.SendAsync(NewGet(new Uri($"http://{s.BindAddress}:{s.Port}/get_status.cgi?n={i}")), default);
            return await BodyAsync(response);
        }).ToArray();
        var bodies = await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(60));
        for (int i = 0; i < bodies.Length; i++) Assert.Equal($"var n={i};\n", bodies[i]);
    }

    [Fact]
    public void OnLinuxAConnectStartsWithoutAnException()
    {
        // Socket.Connect on a non-blocking socket reports "in progress" by throwing: the loop calls connect(2) itself.
        if (!OperatingSystem.IsLinux()) return;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
            Assert.Contains(CamSocketLoop.StartConnect(socket, listener.LocalEndpoint), new[] { SocketError.InProgress, SocketError.Success });
        }
        finally
        {
            listener.Stop();
        }
    }

    public static TheoryData<string, bool> Connects => new()
    {
        { "127.0.0.1", true }, { "::1", true }, { "127.0.0.1", false }, { "::1", false },
    };

    [Theory]
    [MemberData(nameof(Connects))]
    public async Task AConnectionThroughTheLoopCarriesDataBothWays_IPv4AndIPv6_NativeConnectOrSocketConnect(string address, bool nativeFirst)
    {
        var ip = IPAddress.Parse(address);
        if (ip.AddressFamily == AddressFamily.InterNetworkV6 && !Socket.OSSupportsIPv6) return;
        using var pair = await LoopPair.ConnectAsync(ip, nativeFirst);
        Assert.Equal(ip, ((IPEndPoint)pair.Accepted.RemoteEndPoint!).Address); // the native sockaddr was the right one
        await pair.Stream.WriteAsync(Encoding.ASCII.GetBytes("GET /\r\n"), 0, 7, default).WaitAsync(Patience);
        var got = new byte[16];
        pair.Accepted.ReceiveTimeout = (int)Patience.TotalMilliseconds;
        Assert.Equal("GET /\r\n", Encoding.ASCII.GetString(got, 0, pair.Accepted.Receive(got)));
        pair.Accepted.Send("ok.\n"u8.ToArray());
        int n = await pair.Stream.ReadAsync(got, 0, 16, default).WaitAsync(Patience);
        Assert.Equal("ok.\n", Encoding.ASCII.GetString(got, 0, n));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ARefusedConnectThroughTheLoopIsConnectionRefused_NativeConnectOrSocketConnect(bool nativeFirst)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closed = listener.LocalEndpoint;
        listener.Stop(); // nothing listens there now
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var ex = await Assert.ThrowsAsync<SocketException>(() => CamSocketLoop.Shared.ConnectAsync(socket, closed, nativeFirst, default).WaitAsync(Patience));
        Assert.Equal(SocketError.ConnectionRefused, ex.SocketErrorCode);
    }

    [Fact]
    public async Task AConnectionClosedUnderItsWaitEndsTheWaitAtOnce()
    {
        using var pair = await LoopPair.ConnectAsync();
        var (accepted, stream) = (pair.Accepted, pair.Stream);
        var read = stream.ReadAsync(new byte[16], 0, 16, default); // the camera never answers
        await Task.Delay(100);
        Assert.False(read.IsCompleted);
        var closedAt = System.Diagnostics.Stopwatch.StartNew();
        stream.Dispose();
        await Assert.ThrowsAnyAsync<Exception>(() => read.WaitAsync(Patience));
        // Not the loop's 1 s safety sweep: the close wakes it.
        Assert.True(closedAt.Elapsed < TimeSpan.FromSeconds(0.9), $"the wait ended {closedAt.Elapsed.TotalSeconds:0.00} s after the close");
    }

    [Fact]
    public async Task ClosingFromAnotherThreadWhileTheLoopWaitsClosesTheConnection_NotAReset()
    {
        // The runtime resets (RST) a socket disposed while a Select holds it; the loop closes its sockets itself.
        using var pair = await LoopPair.ConnectAsync();
        var (accepted, stream) = (pair.Accepted, pair.Stream);
        var read = stream.ReadAsync(new byte[16], 0, 16, default);
        await Task.Delay(100); // the loop is in its Select with this socket
        stream.Dispose();
        accepted.ReceiveTimeout = (int)Patience.TotalMilliseconds;
        Assert.Equal(0, accepted.Receive(new byte[4])); // end of stream, not "connection reset"
        await Assert.ThrowsAnyAsync<IOException>(() => read.WaitAsync(Patience));
    }

    [Fact]
    public async Task ACancelledWaitEndsAsCancelled_TheSocketStaysUsable()
    {
        using var pair = await LoopPair.ConnectAsync();
        var (accepted, stream) = (pair.Accepted, pair.Stream);
        using var cts = new CancellationTokenSource();
        var read = stream.ReadAsync(new byte[16], 0, 16, cts.Token);
        await Task.Delay(100);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(Patience));
        // A later wait on the same socket still sees data.
        accepted.Send("ok.\n"u8.ToArray());
        var buffer = new byte[16];
        int n = await stream.ReadAsync(buffer, 0, 16, default).WaitAsync(Patience);
        Assert.Equal("ok.\n", Encoding.ASCII.GetString(buffer, 0, n));
    }

    [Fact]
    public async Task BlockingWorkFromALoopThreadMovesToThePool_ElsewhereItRunsAtOnce()
    {
        // A registry write after a camera's reply must not hold up every other camera of the loop.
        using var pair = await LoopPair.ConnectAsync();
        var read = pair.Stream.ReadAsync(new byte[4], 0, 4, default);
        await Task.Delay(100); // the read waits on the loop
        var after = AfterAsync(read); // waiting for the read before the byte is sent: it goes on where the read ends
        pair.Accepted.Send(new byte[] { 1 });
        var (continuedOnLoop, workOnLoop) = await after;
        Assert.True(continuedOnLoop);
        Assert.False(workOnLoop);

        var caller = Thread.CurrentThread;
        bool ranHere = false;
        var task = CamSocketLoop.RunOffLoopAsync(() => ranHere = Thread.CurrentThread == caller);
        Assert.True(task.IsCompleted && ranHere);

        static async Task<(bool, bool)> AfterAsync(Task<int> read)
        {
            await read.ConfigureAwait(false);
            bool onLoop = CamSocketLoop.OnLoopThread;
            bool workOnLoop = true;
            await CamSocketLoop.RunOffLoopAsync(() => workOnLoop = CamSocketLoop.OnLoopThread).ConfigureAwait(false);
            return (onLoop, workOnLoop);
        }
    }
}
