using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Tests.Commands;
using Xunit;
using Xunit.Abstractions;

namespace FoscamPS.Tests.Hardening;

/// <summary>What each of <see cref="ManyCameras"/> does.</summary>
internal enum ManyCameraMode
{
    /// <summary>Accepts and never answers.</summary>
    Silent,
    /// <summary>Answers get_status with <c>Connection: keep-alive</c> and waits for the client.</summary>
    KeepAlive,
    /// <summary>Answers get_status; streams MJPEG on videostream.cgi (a frame every 200 ms, forever); reads an upload POST and never answers it.</summary>
    Busy,
}

/// <summary>
/// Many raw "cameras" on 127.0.0.1 (one listener each): Silent ones accept and never answer; KeepAlive ones answer
/// get_status with <c>Connection: keep-alive</c> (as some clones do) and then wait for the client, counting when it
/// closes the connection; Busy ones keep recordings and uploads in flight.
/// </summary>
internal sealed class ManyCameras : IAsyncDisposable
{
    private const string Body = "var id='00626E4F1A2B';\nvar sys_ver='11.37.2.49';\nvar app_ver='2.4.10.5';\nvar alias='clone';\n";

    /// <summary>The smallest whole JPEG: every frame a Busy camera streams.</summary>
    public static readonly byte[] Frame = { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 2, 0, 0, 1, 0, 1, 0, 0, 0xFF, 0xD9 };
    private readonly List<TcpListener> _listeners = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly List<Task> _loops = new();
    private readonly ManyCameraMode _mode;
    private int _accepted, _open, _answered, _streaming, _uploading;

    public ManyCameras(int count, bool keepAlive) : this(count, keepAlive ? ManyCameraMode.KeepAlive : ManyCameraMode.Silent)
    {
    }

    public ManyCameras(int count, ManyCameraMode mode)
    {
        _mode = mode;
        for (int i = 0; i < count; i++)
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start(16);
            _listeners.Add(l);
            _loops.Add(Task.Run(() => AcceptLoop(l)));
        }
    }

    public string[] Addresses => _listeners.Select(l => "127.0.0.1:" + ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
    public int Accepted => Volatile.Read(ref _accepted);
    public int Open => Volatile.Read(ref _open);
    public int Answered => Volatile.Read(ref _answered);
    /// <summary>Busy: streams that delivered at least one frame and are still open.</summary>
    public int Streaming => Volatile.Read(ref _streaming);
    /// <summary>Busy: upload POSTs received and held open.</summary>
    public int Uploading => Volatile.Read(ref _uploading);

    private async Task AcceptLoop(TcpListener l)
    {
        while (!_cts.IsCancellationRequested)
        {
            TcpClient c;
            try { c = await l.AcceptTcpClientAsync(_cts.Token); }
            catch { return; }
            Interlocked.Increment(ref _accepted);
            Interlocked.Increment(ref _open);
            _ = Task.Run(() => Serve(c));
        }
    }

    private async Task Serve(TcpClient c)
    {
        try
        {
            using (c)
            {
                var s = c.GetStream();
                var buf = new byte[4096];
                var head = new StringBuilder();
                while (true)
                {
                    int n = await s.ReadAsync(buf, _cts.Token);
                    if (n == 0) return; // the client closed: nothing held on its side any more
                    head.Append(Encoding.ASCII.GetString(buf, 0, n));
                    if (!head.ToString().Contains("\r\n\r\n")) continue;
                    var request = head.ToString();
                    head.Clear();
                    if (_mode == ManyCameraMode.Silent) continue; // silent: never answer, wait for the client to give up
                    if (_mode == ManyCameraMode.Busy)
                    {
                        await BusyAsync(s, request);
                        return;
                    }
                    var reply = $"HTTP/1.1 200 OK\r\nServer: Netwave IP Camera\r\nContent-Type: text/plain\r\nContent-Length: {Body.Length}\r\nConnection: keep-alive\r\nKeep-Alive: timeout=300\r\n\r\n{Body}";
                    // Counted before the write: once the bytes are out the client may read them, close and return
                    // before this task runs again (soak red: 499 of 500 answered with all 500 replies received).
                    Interlocked.Increment(ref _answered);
                    await s.WriteAsync(Encoding.ASCII.GetBytes(reply), _cts.Token);
                }
            }
        }
        catch
        {
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    private async Task BusyAsync(NetworkStream s, string request)
    {
        var buf = new byte[16 * 1024];
        if (request.StartsWith("POST", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _uploading);
            try
            {
                while (await s.ReadAsync(buf, _cts.Token) > 0) { } // the upload: taken in, never answered
            }
            finally
            {
                Interlocked.Decrement(ref _uploading);
            }
            return;
        }
        if (!request.Contains("/videostream.cgi", StringComparison.Ordinal))
        {
            await s.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {Body.Length}\r\nConnection: close\r\n\r\n{Body}"), _cts.Token);
            return;
        }
        await s.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace;boundary=ipcamera\r\nConnection: close\r\n\r\n"), _cts.Token);
        var part = Encoding.ASCII.GetBytes($"--ipcamera\r\nContent-Type: image/jpeg\r\nContent-Length: {Frame.Length}\r\n\r\n").Concat(Frame).Concat(Encoding.ASCII.GetBytes("\r\n")).ToArray();
        bool counted = false;
        try
        {
            while (true)
            {
                await s.WriteAsync(part, _cts.Token);
                if (!counted) Interlocked.Increment(ref _streaming);
                counted = true;
                await Task.Delay(200, _cts.Token);
            }
        }
        finally
        {
            if (counted) Interlocked.Decrement(ref _streaming);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _cts.Cancel();
        foreach (var l in _listeners) l.Stop();
        try { await Task.WhenAll(_loops); } catch { }
        _cts.Dispose();
    }
}

/// <summary>Issue 10: Ctrl+C on a 1,000-camera run, and no idle socket held per camera that keeps connections alive.</summary>
[Collection(FaultMatrixCollection.Name)]
public sealed class ScaleTests : IDisposable
{
    private readonly HostedPowerShell _ps = new();
    private readonly ITestOutputHelper _out;

    public ScaleTests(ITestOutputHelper output) => _out = output;

    public void Dispose() => _ps.Dispose();

    /// <summary>Cameras for the keep-alive run: FOSCAMPS_SCALE_CAMERAS overrides (10,000 was run by hand for the report).</summary>
    private static int KeepAliveCount => int.TryParse(Environment.GetEnvironmentVariable("FOSCAMPS_SCALE_CAMERAS"), out var n) && n > 0 ? n : 500;

    [Fact]
    public async Task KeepAliveCamerasHoldNoIdleSocketAfterTheirOperation()
    {
        int count = KeepAliveCount;
        await using var cams = new ManyCameras(count, keepAlive: true);
        var sw = Stopwatch.StartNew();
        var r = _ps.Run("Get-CamStatus -Camera $cams -ThrottleLimit 128 -TimeoutSec 30", new Dictionary<string, object?> { ["cams"] = cams.Addresses });
        var run = sw.Elapsed;
        Assert.Empty(r.Errors);
        Assert.Equal(count, r.Output.Count);
        Assert.Equal(count, cams.Answered);
        // Every connection is closed by the client once its reply is read (Connection: close on every request;
        // the transport never pools). Give the last closes a moment to reach the server side.
        for (int i = 0; i < 100 && cams.Open > 0; i++) await Task.Delay(50);
        _out.WriteLine($"{count} keep-alive cameras: run {run.TotalSeconds:0.0} s, {cams.Accepted} connections, {cams.Open} still open afterwards");
        Assert.Equal(count, cams.Accepted); // one connection per camera, no retries
        Assert.Equal(0, cams.Open);
    }

    [Fact]
    public async Task StopOfAThousandCameraRunReturnsPromptly()
    {
        await using var cams = new ManyCameras(1000, keepAlive: false);
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _ps.Runspace;
        ps.AddCommand("Get-CamStatus").AddParameter("Camera", cams.Addresses).AddParameter("ThrottleLimit", 256).AddParameter("TimeoutSec", 600);
        var handle = ps.BeginInvoke();
        for (int i = 0; i < 400 && cams.Accepted < 256; i++) await Task.Delay(50);
        Assert.True(cams.Accepted >= 256, $"only {cams.Accepted} requests in flight");
        var sw = Stopwatch.StartNew();
        ps.Stop();
        var stopped = sw.Elapsed;
        Assert.Equal(System.Management.Automation.PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        // the in-flight requests are abandoned: the silent cameras see their clients go
        for (int i = 0; i < 100 && cams.Open > 0; i++) await Task.Delay(50);
        // (connections still in the listeners' backlog when the run stopped are accepted late, and find their client gone)
        _out.WriteLine($"Stop of a 1,000-camera run with {cams.Accepted} requests in flight: {stopped.TotalMilliseconds:0} ms; {cams.Open} connections left open");
        Assert.Equal(0, cams.Open);
        Assert.True(stopped < TimeSpan.FromSeconds(5), $"Stop took {stopped.TotalMilliseconds:0} ms (target 2,000 ms)"); // generous: shared CI cores
    }

    /// <summary>
    /// Ctrl+C races inside PowerShell: Stop first marks the pipeline as stopping (PipelineStopper.Stop), then calls
    /// StopProcessing — and skips it when the pipeline has ended meanwhile (PipelineProcessor.RecordFailure finds it
    /// disposed and stopping). A command that sees Stopping and ends within that window never hears StopProcessing.
    /// Seen in CI on a loaded machine: "Stop … with 686 uploads in flight: 4 ms; 982 upload connections left open".
    /// Recreated here deterministically: the pipeline is marked stopping (PowerShell's own flag, through reflection) and
    /// Stop is never called; every upload must still be let go.
    /// </summary>
    [Fact]
    public async Task AStopThatNeverReachesStopProcessingStillLetsEveryUploadGo()
    {
        await using var cams = new ManyCameras(200, ManyCameraMode.Busy);
        using var run = await UploadRun.StartAsync(_ps, cams, throttleLimit: 200, inFlight: 100);
        var ps = run.PowerShell;

        const System.Reflection.BindingFlags Internal = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance;
        var running = typeof(System.Management.Automation.Runspaces.Runspace).Assembly
            .GetType("System.Management.Automation.Runspaces.RunspaceBase")?.GetMethod("GetCurrentlyRunningPipeline", Internal);
        Assert.True(running is not null, "RunspaceBase.GetCurrentlyRunningPipeline is gone: this PowerShell is not the one the test was written for");
        var pipeline = running!.Invoke(ps.Runspace, null);
        Assert.NotNull(pipeline);
        var stopper = pipeline!.GetType().GetProperty("Stopper", Internal)?.GetValue(pipeline);
        var isStopping = stopper?.GetType().GetProperty("IsStopping", Internal);
        Assert.True(isStopping is not null, "LocalPipeline.Stopper.IsStopping is gone: this PowerShell is not the one the test was written for");
        isStopping!.SetValue(stopper, true); // what Stop does first; its StopProcessing call never comes

        int inFlight = cams.Uploading;
        for (int i = 0; i < 200 && !run.Handle.IsCompleted; i++) await Task.Delay(50);
        Assert.True(run.Handle.IsCompleted, "the command did not end when its pipeline was stopping");
        for (int i = 0; i < 100 && cams.Uploading > 0; i++) await Task.Delay(50);
        _out.WriteLine($"Pipeline marked stopping, no StopProcessing, {inFlight} uploads in flight: ended as {ps.InvocationStateInfo.State}; {cams.Uploading} upload connections left open");
        Assert.Equal(0, cams.Uploading);
    }

    /// <summary>
    /// <c>… | Select-Object -First 1</c> ends a fleet run as Ctrl+C does: PowerShell stops the upstream command by
    /// throwing from its WriteObject and never calls its StopProcessing, so the run's other requests must be cancelled
    /// when the command is disposed — not left to run to their timeout (a firmware rollout would go on, unseen).
    /// </summary>
    [Fact]
    public async Task SelectFirstDownstreamEndsTheRestOfTheRun()
    {
        await using var answering = new ManyCameras(1, keepAlive: true);
        await using var silent = new ManyCameras(200, keepAlive: false);
        var cameras = answering.Addresses.Concat(silent.Addresses).ToArray();
        var sw = Stopwatch.StartNew();
        var r = _ps.Run("Get-CamStatus -Camera $cams -ThrottleLimit 256 -TimeoutSec 600 | Select-Object -First 1", new Dictionary<string, object?> { ["cams"] = cameras });
        var run = sw.Elapsed;
        Assert.Empty(r.Errors);
        Assert.Single(r.Output);
        // every silent camera had its request sent before the answer came back? not necessarily: count what got there
        int reached = silent.Accepted;
        for (int i = 0; i < 100 && silent.Open > 0; i++) await Task.Delay(50);
        _out.WriteLine($"Select-Object -First 1 over 1 answering + 200 silent cameras: {run.TotalMilliseconds:0} ms; {reached} silent cameras reached, {silent.Open} connections left open after 5 s");
        Assert.True(reached > 0, "no request reached a silent camera before the run ended");
        Assert.Equal(0, silent.Open);
    }

    /// <summary>
    /// Ctrl+C while 1,000 recordings are in flight: returns promptly, and every file left is whole frames only (playable
    /// to its last whole frame) and was named by a Verbose line when it was opened; a recording without a frame leaves
    /// no file.
    /// </summary>
    [Fact]
    public async Task StopWhileAThousandRecordingsAreInFlightLeavesOnlyWholeFrames()
    {
        await using var cams = new ManyCameras(1000, ManyCameraMode.Busy);
        var dir = Path.Combine(Path.GetTempPath(), "foscamps-stop-rec-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = _ps.Runspace;
            ps.AddCommand("Save-CamVideo").AddParameter("Camera", cams.Addresses).AddParameter("Path", dir).AddParameter("TimeoutSec", 30).AddParameter("Verbose");
            var handle = ps.BeginInvoke();
            for (int i = 0; i < 1200 && cams.Streaming < 1000; i++) await Task.Delay(50);
            Assert.True(cams.Streaming >= 900, $"only {cams.Streaming} recordings in flight");
            await Task.Delay(500); // a few frames each
            var sw = Stopwatch.StartNew();
            ps.Stop();
            var stopped = sw.Elapsed;
            Assert.Equal(System.Management.Automation.PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            for (int i = 0; i < 100 && cams.Streaming > 0; i++) await Task.Delay(50);
            var named = ps.Streams.Verbose.Select(v => v.Message).ToList();
            var files = Directory.GetFiles(dir);
            long frames = 0;
            foreach (var file in files)
            {
                var bytes = File.ReadAllBytes(file);
                Assert.True(bytes.Length > 0 && bytes.Length % ManyCameras.Frame.Length == 0, $"{Path.GetFileName(file)}: {bytes.Length} bytes is not whole frames");
                for (int at = 0; at < bytes.Length; at += ManyCameras.Frame.Length)
                    Assert.True(bytes.AsSpan(at, ManyCameras.Frame.Length).SequenceEqual(ManyCameras.Frame), $"{Path.GetFileName(file)}: damaged frame at {at}");
                Assert.True(named.Any(m => m.Contains(file, StringComparison.Ordinal)), $"no Verbose line names {file}");
                frames += bytes.Length / ManyCameras.Frame.Length;
            }
            _out.WriteLine($"Stop of a 1,000-camera recording: {stopped.TotalMilliseconds:0} ms; {files.Length} files of whole frames ({frames} frames), {cams.Streaming} streams left open");
            Assert.True(files.Length >= 900, $"{files.Length} files");
            Assert.True(stopped < TimeSpan.FromSeconds(5), $"Stop took {stopped.TotalMilliseconds:0} ms (target 2,000 ms)"); // generous: shared CI cores
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Ctrl+C while 1,000 firmware uploads wait for their answer: returns promptly, every upload connection is let go.</summary>
    [Fact]
    public async Task StopWhileAThousandUploadsAreInFlightReturnsPromptly()
    {
        await using var cams = new ManyCameras(1000, ManyCameraMode.Busy);
        using var run = await UploadRun.StartAsync(_ps, cams, throttleLimit: 1000, inFlight: 500);
        var ps = run.PowerShell;
        var sw = Stopwatch.StartNew();
        ps.Stop();
        var stopped = sw.Elapsed;
        Assert.Equal(System.Management.Automation.PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        int inFlight = cams.Uploading;
        for (int i = 0; i < 100 && cams.Uploading > 0; i++) await Task.Delay(50);
        _out.WriteLine($"Stop of a 1,000-camera firmware update with {inFlight} uploads in flight: {stopped.TotalMilliseconds:0} ms; {cams.Uploading} upload connections left open");
        Assert.Equal(0, cams.Uploading);
        Assert.True(stopped < TimeSpan.FromSeconds(5), $"Stop took {stopped.TotalMilliseconds:0} ms (target 2,000 ms)"); // generous: shared CI cores
    }

    /// <summary>An Update-CamFirmware run over Busy cameras (uploads taken in, never answered), started and waited for until enough uploads are in flight.</summary>
    private sealed class UploadRun : IDisposable
    {
        private readonly string _dir;

        private UploadRun(string dir, System.Management.Automation.PowerShell ps, IAsyncResult handle)
        {
            _dir = dir;
            PowerShell = ps;
            Handle = handle;
        }

        public System.Management.Automation.PowerShell PowerShell { get; }
        public IAsyncResult Handle { get; }

        public static async Task<UploadRun> StartAsync(HostedPowerShell host, ManyCameras cams, int throttleLimit, int inFlight)
        {
            var dir = Path.Combine(Path.GetTempPath(), "foscamps-stop-up-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(dir);
            var version = new Version(11, 37, 2, 49);
            var fw = Path.Combine(dir, FoscamPS.Emulator.Maintenance.FirmwarePackage.FileNameFor(version));
            File.WriteAllBytes(fw, FoscamPS.Emulator.Maintenance.FirmwarePackage.Build(version, new byte[96 * 1024]));
            var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = host.Runspace;
            ps.AddCommand("Update-CamFirmware").AddParameter("Camera", cams.Addresses).AddParameter("Path", fw).AddParameter("Force")
                .AddParameter("ThrottleLimit", throttleLimit).AddParameter("TimeoutSec", 30).AddParameter("Confirm", false);
            var run = new UploadRun(dir, ps, ps.BeginInvoke());
            for (int i = 0; i < 1200 && cams.Uploading < inFlight; i++) await Task.Delay(50);
            if (cams.Uploading < inFlight)
            {
                var errors = string.Join(" | ", ps.Streams.Error.Take(3));
                run.Dispose();
                Assert.Fail($"only {cams.Uploading} uploads in flight; errors: {errors}");
            }
            return run;
        }

        public void Dispose()
        {
            PowerShell.Dispose();
            try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
