using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using FoscamPS.Emulator.Auth;
using FoscamPS.Emulator.Server;
using FoscamPS.Emulator.State;

namespace FoscamPS.Emulator;

/// <summary>One emulated FI8918W: its settings, clock, log, PTZ head, counters and fault switch.</summary>
public sealed class EmulatedCamera
{
    /// <summary>sys_ver of the Legacy profile.</summary>
    public const string LegacySysVer = "11.37.2.49";

    /// <summary>sys_ver of the Digest profile (first firmware answering with Digest).</summary>
    public const string DigestSysVer = "11.37.2.56";

    public const string DefaultAppVer = "2.0.10.4";

    /// <summary>sys_ver of the Clone profile (a Netwave clone build).</summary>
    public const string CloneSysVer = "0.37.2.36";

    private static readonly Version DigestFrom = new(11, 37, 2, 56);

    private readonly EmulatorOptions _options;
    private readonly InFlightGauge _gauge = new();
    private int _fault;
    private int _clone;
    private Uri? _redirectTarget;
    private long _latencyTicks;
    private long _latencyMaxTicks = -1;
    private long _rebootUntil;
    private long _wifiScanStarted;
    private long _frameNo;
    private int _extraIo;
    private SerialWrite? _lastSerialWrite;
    private CancellationTokenSource _boot = new();

    internal EmulatedCamera(int index, string id, string alias, EmulatorOptions options)
    {
        Index = index;
        _options = options;
        var sysVer = options.Profile switch
        {
            FirmwareProfile.Digest => DigestSysVer,
            FirmwareProfile.Clone => CloneSysVer,
            _ => LegacySysVer,
        };
        _clone = options.Profile == FirmwareProfile.Clone ? 1 : 0;
        State = new CameraState(CameraState.BuildFactory(id, sysVer, DefaultAppVer));
        State.Set("alias", alias);
        ApplyUsers(options.Users);
        Latency = options.Latency;
        LatencyMax = options.LatencyMax;
        BaseUri = new Uri("http://127.0.0.1/");
    }

    /// <summary>Position in <see cref="EmulatorHost.Cameras"/>.</summary>
    public int Index { get; }

    public Uri BaseUri { get; private set; }

    public int Port { get; private set; }

    /// <summary>Camera id: 12 upper-case hex digits (its MAC; set_mac.cgi changes it).</summary>
    public string Id => State.Get("id");

    /// <summary>
    /// Clone when the camera imitates a Netwave clone; otherwise derived from sys_ver (Digest from 11.37.2.56).
    /// Setting Legacy or Digest moves sys_ver to 11.37.2.49 / 11.37.2.56 when the current version belongs to the
    /// other profile; setting Clone keeps Legacy authentication (sys_ver becomes 0.37.2.36 when it was a Digest version).
    /// </summary>
    public FirmwareProfile Profile
    {
        get => Volatile.Read(ref _clone) != 0 ? FirmwareProfile.Clone : ProfileOf(State.Get("sys_ver"));
        set
        {
            var clone = value == FirmwareProfile.Clone;
            var auth = clone ? FirmwareProfile.Legacy : value;
            if (ProfileOf(State.Get("sys_ver")) != auth)
            {
                State.Set("sys_ver", auth == FirmwareProfile.Digest ? DigestSysVer : clone ? CloneSysVer : LegacySysVer);
                Nonces.Clear();
            }

            Volatile.Write(ref _clone, clone ? 1 : 0);
        }
    }

    /// <summary>True for the Clone profile (reply style, auth error body, MJPEG part headers).</summary>
    internal bool IsClone => Volatile.Read(ref _clone) != 0;

    /// <summary>Length of the header line <see cref="FaultMode.HugeHeaderLine"/> sends (without its CRLF).</summary>
    public const int HugeHeaderLineLength = 64 * 1024;

    /// <summary>
    /// Where <see cref="FaultMode.RedirectElsewhere"/> sends clients (scheme, host and port; the request's path and
    /// query are appended). Default: http://127.0.0.2:&lt;camera port + 1&gt;/, another loopback host and port.
    /// </summary>
    public Uri? RedirectTarget
    {
        get => Volatile.Read(ref _redirectTarget);
        set => Volatile.Write(ref _redirectTarget, value);
    }

    public FaultMode Fault
    {
        get => (FaultMode)Volatile.Read(ref _fault);
        set => Volatile.Write(ref _fault, (int)value);
    }

    /// <summary>
    /// When set (e.g. <c>set_wifi.cgi</c>), <see cref="Fault"/> hits only requests for that CGI and every other
    /// request is healthy: a write whose reply is lost after the camera applied it (StallMidBody, ResetMidBody,
    /// TruncatedReply) or before (AcceptThenSilence), with the reads around it answered. Refuse ignores it.
    /// </summary>
    public string? FaultCgi
    {
        get => Volatile.Read(ref _faultCgi);
        set => Volatile.Write(ref _faultCgi, value);
    }

    private string? _faultCgi;

    private readonly System.Collections.Concurrent.ConcurrentQueue<(FaultMode Fault, long SentAt, TimeSpan After)> _faultDeliveries = new();

    /// <summary>
    /// The faulty answers sent since the last call, oldest first: the fault, when it went out
    /// (<see cref="Stopwatch.GetTimestamp"/>) and how long after its request (emulated latency, the fault's own delay
    /// and any wait for the processor). A test that expects a fast failure can tell a client that timed out because the
    /// answer really came late (the machine was starved) from one that missed an answer which came in time.
    /// </summary>
    public IReadOnlyList<(FaultMode Fault, long SentAt, TimeSpan After)> TakeFaultDeliveries()
    {
        var list = new List<(FaultMode, long, TimeSpan)>();
        while (_faultDeliveries.TryDequeue(out var d)) list.Add(d);
        return list;
    }

    internal void NoteFaultDelivered(FaultMode fault, TimeSpan after)
    {
        _faultDeliveries.Enqueue((fault, Stopwatch.GetTimestamp(), after));
        // bounded: a long run of faulty requests nobody takes keeps the newest
        while (_faultDeliveries.Count > 1024 && _faultDeliveries.TryDequeue(out _)) { }
    }

    /// <summary>The fault for a request path (<see cref="FaultCgi"/> applied).</summary>
    internal FaultMode FaultFor(string path)
    {
        var fault = Fault;
        var only = FaultCgi;
        if (fault == FaultMode.None || only is null) return fault;
        return string.Equals(path.TrimStart('/'), only.TrimStart('/'), StringComparison.OrdinalIgnoreCase) ? fault : FaultMode.None;
    }

    /// <summary>Delay before the response headers (lower bound when <see cref="LatencyMax"/> is set).</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, Math.Max(0, value.Ticks));
    }

    /// <summary>When set, each request waits a random time in [Latency, LatencyMax].</summary>
    public TimeSpan? LatencyMax
    {
        get
        {
            var t = Interlocked.Read(ref _latencyMaxTicks);
            return t < 0 ? null : TimeSpan.FromTicks(t);
        }

        set => Interlocked.Exchange(ref _latencyMaxTicks, value is { } v ? Math.Max(0, v.Ticks) : -1);
    }

    public int InFlight => _gauge.InFlight;

    public int MaxInFlight => _gauge.MaxInFlight;

    /// <summary>Requests received since start or <see cref="ResetCounters"/> (connections reset by Refuse or a reboot are not requests).</summary>
    public long RequestCount => _gauge.Requests;

    /// <summary>Pan/tilt head state.</summary>
    public PtzState Ptz => PtzController.Snapshot();

    /// <summary>Last set_extra_io.cgi value (bit n = io n).</summary>
    public int ExtraIo => Volatile.Read(ref _extraIo);

    /// <summary>Last comm_write.cgi write, or null.</summary>
    public SerialWrite? LastSerialWrite => Volatile.Read(ref _lastSerialWrite);

    /// <summary>True while the camera reboots (connections are reset).</summary>
    public bool IsRebooting => Stopwatch.GetTimestamp() < Interlocked.Read(ref _rebootUntil);

    /// <summary>Number of get_log.cgi entries.</summary>
    public int LogCount => Log.Count;

    internal CameraState State { get; }

    internal CameraClock Clock { get; } = new();

    internal CameraLog Log { get; } = new();

    internal PtzController PtzController { get; } = new();

    internal DigestNonceStore Nonces { get; } = new();

    internal InFlightGauge Gauge => _gauge;

    /// <summary>Cancelled when the camera reboots: live video connections end.</summary>
    internal CancellationToken BootToken => Volatile.Read(ref _boot).Token;

    internal EmulatorOptions Options => _options;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int Width, int Height), byte[]?[]> _videoLoop = new();

    /// <summary>
    /// <see cref="EmulatorOptions.VideoLoopFrames"/>: frame <paramref name="frameNo"/> of the loop of the camera's first N
    /// frames at this size, each rendered once (on first use) by the normal renderer.
    /// </summary>
    internal byte[] LoopedFrame(int width, int height, long frameNo)
    {
        var loop = _videoLoop.GetOrAdd((width, height), _ => new byte[]?[_options.VideoLoopFrames]);
        var i = (int)(frameNo % loop.Length);
        return loop[i] ??= MediaAdapter.Frame(this, width, height, i);
    }

    /// <summary>Current state: every get_params/get_misc/get_forbidden/get_camera_params/factory ddns field, plus now.</summary>
    public IReadOnlyDictionary<string, string> Snapshot()
    {
        var dict = State.ToDictionary();
        dict["now"] = Clock.UnixNow.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return dict;
    }

    /// <summary>
    /// Sets fields directly (tests, state files). Names are the get_* variable names (id included);
    /// values are validated like the CGIs do. Throws <see cref="ArgumentException"/> on unknown names or bad values.
    /// </summary>
    public void Update(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var changes = CameraState.Validate(values, includeIdentity: true, rejectUnknown: true, out var error)
            ?? throw new ArgumentException(error, nameof(values));
        State.Apply(changes);
        if (values.TryGetValue("now", out var now) && long.TryParse(now, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var unix))
        {
            Clock.SetUnix(unix);
        }
    }

    /// <summary>Starts a reboot now: connections are reset for <paramref name="duration"/> (default RebootTime).</summary>
    public void Reboot(TimeSpan? duration = null)
    {
        var time = duration ?? _options.RebootTime;
        Interlocked.Exchange(ref _rebootUntil, Stopwatch.GetTimestamp() + (long)(time.TotalSeconds * Stopwatch.Frequency));
        var old = Interlocked.Exchange(ref _boot, new CancellationTokenSource());
        old.Cancel();
        old.Dispose();
        Nonces.Clear();
        Log.Clear();
        Interlocked.Exchange(ref _wifiScanStarted, 0);
        if (State.Get("ntp_enable") == "1")
        {
            Clock.Synchronise();
        }
        else
        {
            Clock.ResetToEpoch(time);
        }

        PtzController.Boot(State.Get("ptz_center_onstart") == "1");
        Rebooted?.Invoke(this);
    }

    /// <summary>Runs at the start of every reboot (the host moves the camera to its configured port, <see cref="EmulatorOptions.MovePortOnReboot"/>).</summary>
    internal Action<EmulatedCamera>? Rebooted { get; set; }

    /// <summary>Max in-flight becomes the current in-flight count; RequestCount restarts at 0.</summary>
    public void ResetCounters() => _gauge.Reset();

    internal static FirmwareProfile ProfileOf(string sysVer) =>
        Version.TryParse(sysVer, out var v) && v >= DigestFrom ? FirmwareProfile.Digest : FirmwareProfile.Legacy;

    internal void Bind(string host, int port)
    {
        Port = port;
        BaseUri = new Uri($"http://{host}:{port}/");
    }

    internal void SetExtraIo(int value) => Volatile.Write(ref _extraIo, value);

    internal void RecordSerialWrite(SerialWrite write) => Volatile.Write(ref _lastSerialWrite, write);

    internal long NextFrameNo() => Interlocked.Increment(ref _frameNo);

    internal void StartWifiScan() => Interlocked.Exchange(ref _wifiScanStarted, Stopwatch.GetTimestamp());

    /// <summary>Scan results are ready once WifiScanDelay has passed since the last wifi_scan.cgi.</summary>
    internal bool WifiScanReady
    {
        get
        {
            var started = Interlocked.Read(ref _wifiScanStarted);
            return started != 0 && Stopwatch.GetElapsedTime(started) >= _options.WifiScanDelay;
        }
    }

    /// <summary>
    /// True while the forbidden (privacy) schedule covers the current quarter hour of camera-local time:
    /// schedule_enable=1 and the bit of that quarter hour set in schedule_&lt;day&gt;_&lt;word&gt;.
    /// </summary>
    internal bool VideoForbidden()
    {
        if (State.Get("schedule_enable") != "1")
        {
            return false;
        }

        var local = LocalNow();
        var quarter = (local.Hour * 4) + (local.Minute / 15);
        var day = FieldCatalog.Days[(int)local.DayOfWeek];
        var word = uint.Parse(State.Get($"schedule_{day}_{quarter / 32}"), System.Globalization.CultureInfo.InvariantCulture);
        return ((word >> (quarter % 32)) & 1) != 0;
    }

    /// <summary>Camera-local time (tz is seconds west of UTC).</summary>
    internal DateTime LocalNow() => Clock.Local(State.GetInt("tz"));

    internal TimeSpan NextLatency()
    {
        var min = Latency;
        if (LatencyMax is { } max && max > min)
        {
            return min + TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * (max - min).Ticks));
        }

        return min;
    }

    private void ApplyUsers(IReadOnlyList<EmulatedUser> users)
    {
        if (users.Count > FieldCatalog.UserSlots)
        {
            throw new ArgumentException($"At most {FieldCatalog.UserSlots} users are supported.", nameof(users));
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < FieldCatalog.UserSlots; i++)
        {
            var u = i < users.Count ? users[i] : null;
            values[$"user{i + 1}_name"] = u?.Name ?? "";
            values[$"user{i + 1}_pwd"] = u?.Password ?? "";
            values[$"user{i + 1}_pri"] = ((int)(u?.Privilege ?? EmulatedPrivilege.Visitor)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var changes = CameraState.Validate(values, includeIdentity: false, rejectUnknown: true, out var error)
            ?? throw new ArgumentException("Invalid user: " + error + " (names and passwords are at most 12 bytes).", nameof(users));
        State.Apply(changes);
    }
}
