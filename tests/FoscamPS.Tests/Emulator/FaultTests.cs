using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Emulator;
using Xunit;

namespace FoscamPS.Tests.Emulator;

/// <summary>Every FaultMode is observable on the wire; latency; counters.</summary>
public class FaultTests
{
    private static string Get(string path = "set_alias.cgi?alias=Faulty") =>
        $"GET /{path} HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {Kit.Basic("admin", Kit.AdminPwd)}\r\n\r\n";

    [Fact]
    public async Task RefuseResetsAtAcceptAndHealthyNeighboursAreUnaffected()
    {
        await using var host = await Kit.StartAsync(2);
        host.Cameras[0].Fault = FaultMode.Refuse;
        var raw = await Kit.RawAsync(host.Cameras[0], Get());
        Assert.Empty(raw.Bytes);
        Assert.IsAssignableFrom<IOException>(raw.Error); // ECONNRESET
        await Kit.AssertConnectionFailsAsync(() => Kit.GetAsync(host.Cameras[0], "get_status.cgi"));
        Assert.Equal(0, host.Cameras[0].RequestCount);

        await Kit.OkAsync(host.Cameras[1], "set_alias.cgi?alias=Fine");
        host.Cameras[0].Fault = FaultMode.None;
        await Kit.OkAsync(host.Cameras[0], "set_alias.cgi?alias=Back");
    }

    [Fact]
    public async Task AcceptThenSilenceNeverAnswersAndCountsAsInFlight()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        cam.Fault = FaultMode.AcceptThenSilence;
        // The client stays until the request has been seen in flight, then gives up. It used to give up after a fixed
        // 700 ms: when the emulator took the request late (two CI runs side by side), InFlight was 1 for less than a
        // poll, or not at all, and the check failed.
        using var giveUp = new CancellationTokenSource();
        var pending = Kit.RawAsync(cam, Get(), TimeSpan.FromSeconds(30), giveUp: giveUp.Token);
        await Kit.EventuallyAsync(() => cam.InFlight == 1, 20000);
        await Task.Delay(300);
        Assert.Equal(1, cam.InFlight); // still held: silence, no answer
        giveUp.Cancel();
        var raw = await pending;
        Assert.Empty(raw.Bytes);
        Assert.IsAssignableFrom<OperationCanceledException>(raw.Error);
        await Kit.EventuallyAsync(() => cam.InFlight == 0); // released when the client gives up
        Assert.NotEqual("Faulty", cam.Snapshot()["alias"]); // never processed
    }

    [Fact]
    public async Task SlowHeadersTrickleTheHeaderBlock()
    {
        await using var host = await Kit.StartAsync(configure: o => o.SlowHeadersDelay = TimeSpan.FromMilliseconds(1500));
        var cam = host.Cameras[0];
        cam.Fault = FaultMode.SlowHeaders;
        var early = await Kit.RawAsync(cam, Get(), TimeSpan.FromMilliseconds(400));
        Assert.IsAssignableFrom<OperationCanceledException>(early.Error);
        Assert.InRange(early.Bytes.Length, 1, 100);
        Assert.StartsWith("HTTP/1.1 200"[..Math.Min(12, early.Bytes.Length)], early.Text, StringComparison.Ordinal);

        var sw = Stopwatch.StartNew();
        var full = await Kit.RawAsync(cam, Get(), TimeSpan.FromSeconds(10));
        Assert.True(full.ClosedByServer);
        Assert.Equal("ok.\n", Encoding.ASCII.GetString(full.Body));
        Assert.InRange(sw.ElapsedMilliseconds, 1300, 9000);
    }

    [Fact]
    public async Task StallMidBodySendsHalfThenHangs()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        cam.Fault = FaultMode.StallMidBody;
        var raw = await Kit.RawAsync(cam, Get("get_params.cgi"), TimeSpan.FromMilliseconds(600));
        Assert.IsAssignableFrom<OperationCanceledException>(raw.Error);
        var declared = int.Parse(raw.Header("Content-Length")!, CultureInfo.InvariantCulture);
        Assert.Equal(declared / 2, raw.Body.Length);
    }

    [Fact]
    public async Task ResetMidBodySendsHalfThenResets()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        cam.Fault = FaultMode.ResetMidBody;
        var raw = await Kit.RawAsync(cam, Get("get_params.cgi"));
        Assert.IsAssignableFrom<IOException>(raw.Error);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", raw.Text, StringComparison.Ordinal);
        var declared = int.Parse(raw.Header("Content-Length")!, CultureInfo.InvariantCulture);
        Assert.InRange(raw.Body.Length, 1, declared - 1);
        await Assert.ThrowsAnyAsync<Exception>(() => Kit.GetAsync(cam, "get_params.cgi"));
    }

    [Fact]
    public async Task FaultyAnswersAreRecordedWithWhenTheyWentOut_HealthyOnesAreNot()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        await Kit.OkAsync(cam, "set_alias.cgi?alias=Healthy");
        Assert.Empty(cam.TakeFaultDeliveries());

        cam.Fault = FaultMode.ResetMidBody;
        var before = Stopwatch.GetTimestamp();
        var raw = await Kit.RawAsync(cam, Get("get_params.cgi"));
        Assert.IsAssignableFrom<IOException>(raw.Error);
        // recorded just after the reset went out: the client may see the reset first
        var deliveries = new System.Collections.Generic.List<(FaultMode Fault, long SentAt, TimeSpan After)>();
        var deadline = Stopwatch.StartNew();
        while (deliveries.Count == 0 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            deliveries.AddRange(cam.TakeFaultDeliveries());
            if (deliveries.Count == 0) await Task.Delay(10);
        }
        var d = Assert.Single(deliveries);
        Assert.Equal(FaultMode.ResetMidBody, d.Fault);
        Assert.True(d.SentAt > before);
        Assert.True(d.After >= TimeSpan.FromMilliseconds(100), $"the reset waits its grace before it goes out: {d.After}");
        Assert.Empty(cam.TakeFaultDeliveries()); // taken once
    }

    [Fact]
    public async Task TruncatedReplyAnnouncesMoreThanItSends()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        cam.Fault = FaultMode.TruncatedReply;
        var raw = await Kit.RawAsync(cam, Get());
        Assert.True(raw.ClosedByServer);
        Assert.True(int.Parse(raw.Header("Content-Length")!, CultureInfo.InvariantCulture) > raw.Body.Length);
        await Assert.ThrowsAnyAsync<Exception>(() => Kit.GetAsync(cam, "get_params.cgi"));
    }

    [Fact]
    public async Task GarbageReplyAndHttp500()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        cam.Fault = FaultMode.GarbageReply;
        var g = await Kit.GetAsync(cam, "get_params.cgi");
        Assert.Equal(200, g.Status);
        Assert.Equal("text/plain", g.Header("Content-Type"));
        Assert.True(g.Body.Length >= 64);
        Assert.False(g.Text.StartsWith("var ", StringComparison.Ordinal));

        cam.Fault = FaultMode.Http500;
        var e = await Kit.GetAsync(cam, "get_params.cgi");
        Assert.Equal(500, e.Status);
        Assert.Equal("Netwave IP Camera", e.Header("Server"));
    }

    [Fact]
    public async Task TruncatedMjpegCutsTheStreamAndOtherCgisStayHealthy()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        cam.Fault = FaultMode.TruncatedMjpeg;
        await Kit.OkAsync(cam, "set_alias.cgi?alias=StillFine");
        var raw = await Kit.RawAsync(cam, Get("videostream.cgi?resolution=8&rate=0"));
        Assert.True(raw.ClosedByServer); // the stream ends in the middle of a part
        var parts = Parts(raw.Body);
        Assert.True(parts.Length >= 2);
        Assert.Contains(parts, p => !p.Intact);
    }

    [Fact]
    public async Task MalformedMjpegDamagesSomeParts()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        cam.Fault = FaultMode.MalformedMjpeg;
        var raw = await Kit.RawAsync(cam, Get("videostream.cgi?resolution=8&rate=0"), TimeSpan.FromMilliseconds(1500));
        var parts = Parts(raw.Body);
        Assert.True(parts.Length >= 2, $"{parts.Length} parts"); // part 0 is good, part 1 has a wrong Content-Length
        Assert.Contains(parts, p => p.Intact);
        Assert.Contains(parts, p => !p.Intact);
    }

    [Fact]
    public async Task StallAndResetApplyToStreamsToo()
    {
        await using var host = await Kit.StartAsync();
        var cam = host.Cameras[0];
        cam.Fault = FaultMode.ResetMidBody;
        var reset = await Kit.RawAsync(cam, Get("videostream.cgi?resolution=32&rate=0"));
        Assert.IsAssignableFrom<IOException>(reset.Error);
        Assert.True(reset.Body.Length > 0);

        cam.Fault = FaultMode.StallMidBody;
        var stalled = await Kit.RawAsync(cam, Get("videostream.cgi?resolution=32&rate=0"), TimeSpan.FromMilliseconds(700));
        Assert.IsAssignableFrom<OperationCanceledException>(stalled.Error);
        Assert.Equal(16 * 1024, stalled.Body.Length);
    }

    [Fact]
    public async Task LatencyFixedAndRandomRange()
    {
        await using var host = await Kit.StartAsync(2, o => o.Latency = TimeSpan.FromMilliseconds(250));
        var sw = Stopwatch.StartNew();
        await Kit.GetAsync(host.Cameras[0], "get_status.cgi", null);
        Assert.True(sw.ElapsedMilliseconds >= 240);

        var cam = host.Cameras[1];
        cam.Latency = TimeSpan.FromMilliseconds(100);
        cam.LatencyMax = TimeSpan.FromMilliseconds(200);
        for (var i = 0; i < 3; i++)
        {
            sw.Restart();
            await Kit.GetAsync(cam, "get_status.cgi", null);
            Assert.InRange(sw.ElapsedMilliseconds, 95, 1500);
        }

        cam.Latency = TimeSpan.Zero;
        cam.LatencyMax = null;
        sw.Restart();
        await Kit.GetAsync(cam, "get_status.cgi", null);
        Assert.True(sw.ElapsedMilliseconds < 240);
    }

    [Fact]
    public async Task InFlightCountersPerCameraAndGlobal()
    {
        await using var host = await Kit.StartAsync(2, o => o.Latency = TimeSpan.FromMilliseconds(300));
        var a = host.Cameras[0];
        var b = host.Cameras[1];
        var calls = Enumerable.Range(0, 5).Select(_ => Kit.GetAsync(a, "get_status.cgi", null))
            .Concat(Enumerable.Range(0, 2).Select(_ => Kit.GetAsync(b, "get_status.cgi", null))).ToArray();
        await Kit.EventuallyAsync(() => host.InFlight == 7);
        Assert.Equal(5, a.InFlight);
        await Task.WhenAll(calls);
        await Kit.EventuallyAsync(() => host.InFlight == 0);
        Assert.Equal(5, a.MaxInFlight);
        Assert.Equal(2, b.MaxInFlight);
        Assert.Equal(7, host.MaxInFlight);
        Assert.Equal(5, a.RequestCount);
        Assert.Equal(7, host.RequestCount);

        host.ResetCounters();
        Assert.Equal(0, a.MaxInFlight);
        Assert.Equal(0, host.MaxInFlight);
        Assert.Equal(0, a.RequestCount);

        // sequential requests never overlap on the counter
        a.Latency = TimeSpan.Zero;
        for (var i = 0; i < 20; i++)
        {
            await Kit.GetAsync(a, "get_status.cgi", null);
        }

        Assert.Equal(1, a.MaxInFlight);
    }

    /// <summary>Splits an MJPEG body by its part headers; a part is intact when its length, CRLF and SOI/EOI agree.</summary>
    private static (int Declared, bool Intact)[] Parts(byte[] body)
    {
        var text = Encoding.Latin1.GetString(body);
        var result = new System.Collections.Generic.List<(int, bool)>();
        var at = 0;
        while ((at = text.IndexOf("Content-Length: ", at, StringComparison.Ordinal)) >= 0)
        {
            var eol = text.IndexOf("\r\n", at, StringComparison.Ordinal);
            if (eol < 0 || !int.TryParse(text.AsSpan(at + 16, eol - at - 16), NumberStyles.None, CultureInfo.InvariantCulture, out var declared))
            {
                break;
            }

            var start = eol + 4;
            var end = start + declared;
            var intact = end + 2 <= body.Length && body[start] == 0xFF && body[start + 1] == 0xD8 && body[end - 2] == 0xFF && body[end - 1] == 0xD9 &&
                body[end] == '\r' && body[end + 1] == '\n' && (end + 2 == body.Length || text.AsSpan(end + 2).StartsWith("--ipcamera"));
            result.Add((declared, intact));
            at = eol;
        }

        return result.ToArray();
    }
}
