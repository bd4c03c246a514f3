using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Emulator.Server;
using FoscamPS.Emulator.State;
using Microsoft.AspNetCore.Connections;

namespace FoscamPS.Emulator;

/// <summary>
/// Runs a fleet of emulated cameras in-process: one Kestrel server, one listen endpoint per camera
/// (connections are mapped to their camera by the endpoint they arrive on).
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly EmulatedCamera[] _cameras;
    private readonly InFlightGauge _global;
    private readonly CancellationTokenSource _stopping;
    private readonly EmulatorOptions _options;
    private KestrelListener? _listener;
    private readonly List<KestrelListener> _movedListeners = new();
    private readonly Dictionary<int, EmulatedCamera> _portOwners = new();
    private IPAddress _bindAddress = IPAddress.Loopback;
    private string _hostText = "127.0.0.1";
    private DiscoveryResponder? _discovery;
    private int _disposed;

    private EmulatorHost(EmulatorOptions options, EmulatedCamera[] cameras, InFlightGauge global, CancellationTokenSource stopping)
    {
        _options = options;
        _cameras = cameras;
        _global = global;
        _stopping = stopping;
    }

    public IReadOnlyList<EmulatedCamera> Cameras => _cameras;

    /// <summary>Requests being served by all cameras now.</summary>
    public int InFlight => _global.InFlight;

    public int MaxInFlight => _global.MaxInFlight;

    /// <summary>Requests served by all cameras since start or <see cref="ResetCounters"/>.</summary>
    public long RequestCount => _global.Requests;

    public EmulatorOptions Options => _options;

    /// <summary>Where the LAN search responder listens (null when <see cref="EmulatorOptions.DiscoveryPort"/> is null).</summary>
    public IPEndPoint? DiscoveryEndPoint => _discovery?.EndPoint;

    public static async Task<EmulatorHost> StartAsync(EmulatorOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var bindAddress = ParseAddress(options.BindAddress);
        var prefix = options.IdPrefix?.ToUpperInvariant() ?? ("02" + Convert.ToHexString(RandomNumberGenerator.GetBytes(2)));
        var overrides = options.StateFile is null ? new Dictionary<int, Dictionary<string, string>>() : StateFile.Load(options.StateFile);

        var cameras = new EmulatedCamera[options.Count];
        for (var i = 0; i < cameras.Length; i++)
        {
            var id = prefix + (i + 1).ToString("X6", CultureInfo.InvariantCulture);
            cameras[i] = new EmulatedCamera(i, id, "EmuCam-" + (i + 1).ToString("D4", CultureInfo.InvariantCulture), options);
            if (overrides.TryGetValue(i, out var values))
            {
                var changes = CameraState.Validate(values, includeIdentity: true, rejectUnknown: false, out var error)
                    ?? throw new System.IO.InvalidDataException($"State file '{options.StateFile}', camera {i}: {error}");
                cameras[i].State.Apply(changes);
            }
        }

        var global = new InFlightGauge();
        var stopping = new CancellationTokenSource();
        var host = new EmulatorHost(options, cameras, global, stopping);
        var endpoints = new List<(IPEndPoint, Func<ConnectionContext, Task>)>(cameras.Length);
        foreach (var camera in cameras)
        {
            var handler = new CameraConnectionHandler(camera, global, stopping.Token);
            var port = options.BasePort == 0 ? 0 : options.BasePort + camera.Index;
            endpoints.Add((new IPEndPoint(bindAddress, port), handler.HandleAsync));
        }

        try
        {
            host._listener = await KestrelListener.StartAsync(endpoints, ct).ConfigureAwait(false);
        }
        catch
        {
            stopping.Dispose();
            throw;
        }

        var bound = host._listener.EndPoints;
        var hostText = bindAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{bindAddress}]" : bindAddress.ToString();
        for (var i = 0; i < cameras.Length; i++)
        {
            cameras[i].Bind(hostText, bound[i].Port);
            cameras[i].State.Set("port", bound[i].Port.ToString(CultureInfo.InvariantCulture));
        }

        host._bindAddress = bindAddress;
        host._hostText = hostText;
        for (var i = 0; i < cameras.Length; i++)
        {
            host._portOwners[bound[i].Port] = cameras[i];
            if (options.MovePortOnReboot)
            {
                cameras[i].Rebooted = host.MoveToConfiguredPort;
            }
        }

        if (options.DiscoveryPort is { } discoveryPort)
        {
            try
            {
                host._discovery = DiscoveryResponder.Start(bindAddress, discoveryPort, cameras);
            }
            catch
            {
                await host.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return host;
    }

    /// <summary>
    /// On reboot (<see cref="EmulatorOptions.MovePortOnReboot"/>): a camera whose configured port differs from the one
    /// it listens on starts listening there; its old port resets connections from then on. A port held by another
    /// camera or that cannot be bound leaves the camera where it was (its configured port goes back).
    /// </summary>
    private void MoveToConfiguredPort(EmulatedCamera camera)
    {
        if (!int.TryParse(camera.State.Get("port"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port == camera.Port || _stopping.IsCancellationRequested)
        {
            return;
        }

        lock (_portOwners)
        {
            if (_portOwners.TryGetValue(port, out var owner))
            {
                if (ReferenceEquals(owner, camera))
                {
                    camera.Bind(_hostText, port);
                }
                else
                {
                    camera.State.Set("port", camera.Port.ToString(CultureInfo.InvariantCulture));
                }

                return;
            }

            try
            {
                var handler = new CameraConnectionHandler(camera, _global, _stopping.Token);
                var listener = KestrelListener.StartAsync([(new IPEndPoint(_bindAddress, port), handler.HandleAsync)], CancellationToken.None).GetAwaiter().GetResult();
                _movedListeners.Add(listener);
                _portOwners[port] = camera;
                camera.Bind(_hostText, port);
            }
            catch (Exception e) when (e is System.IO.IOException or System.Net.Sockets.SocketException or InvalidOperationException or UnauthorizedAccessException)
            {
                camera.State.Set("port", camera.Port.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>Resets the host's and every camera's counters.</summary>
    public void ResetCounters()
    {
        _global.Reset();
        foreach (var camera in _cameras)
        {
            camera.ResetCounters();
        }
    }

    /// <summary>Writes every camera's state to <paramref name="path"/> (default: <see cref="EmulatorOptions.StateFile"/>).</summary>
    public void SaveState(string? path = null)
    {
        var target = path ?? _options.StateFile ?? throw new InvalidOperationException("No state file configured.");
        StateFile.Save(target, _cameras);
    }

    /// <summary>Stops listening, ends hanging connections and writes the state file when one is configured.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        if (_discovery is not null)
        {
            await _discovery.DisposeAsync().ConfigureAwait(false);
        }

        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
        }

        KestrelListener[] moved;
        lock (_portOwners)
        {
            moved = [.. _movedListeners];
        }

        foreach (var listener in moved)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        if (_options.StateFile is not null)
        {
            StateFile.Save(_options.StateFile, _cameras);
        }

        _stopping.Dispose();
    }

    private static void Validate(EmulatorOptions options)
    {
        if (options.Count < 1 || options.Count > 60000)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Count, "Count must be between 1 and 60000.");
        }

        if (options.BasePort < 0 || options.BasePort + options.Count - 1 > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BasePort, "BasePort + Count - 1 must not exceed 65535.");
        }

        if (options.Users.Count is 0 or > FieldCatalog.UserSlots)
        {
            throw new ArgumentException($"Between 1 and {FieldCatalog.UserSlots} users are required.", nameof(options));
        }

        if (options.IdPrefix is { } p && (p.Length != 6 || CameraState.NormalizeMac(p + "000000") is null))
        {
            throw new ArgumentException("IdPrefix must be 6 hex digits.", nameof(options));
        }

        if (options.DiscoveryPort is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.DiscoveryPort, "DiscoveryPort must be between 0 and 65535.");
        }

        if (options.Latency < TimeSpan.Zero || options.LatencyMax < options.Latency)
        {
            throw new ArgumentException("Latency must be >= 0 and LatencyMax >= Latency.", nameof(options));
        }
    }

    private static IPAddress ParseAddress(string text) =>
        string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(text, out var address) ? address
        : throw new ArgumentException($"BindAddress '{text}' is not an IP address.", nameof(text));
}
