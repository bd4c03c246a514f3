using System;
using System.Collections.Generic;

namespace FoscamPS.Emulator;

/// <summary>userN_pri scale of get_params/set_users: 0 visitor, 1 operator, 2 administrator.</summary>
public enum EmulatedPrivilege
{
    Visitor = 0,
    Operator = 1,
    Administrator = 2,
}

/// <summary>An account in one of the camera's eight user slots.</summary>
public sealed record EmulatedUser(string Name, string Password, EmulatedPrivilege Privilege)
{
    /// <summary>Factory account of every camera: admin with an empty password.</summary>
    public static EmulatedUser FactoryAdmin { get; } = new("admin", "", EmulatedPrivilege.Administrator);
}

/// <summary>Configuration of an <see cref="EmulatorHost"/>.</summary>
public sealed class EmulatorOptions
{
    /// <summary>Number of cameras (each gets its own listen endpoint).</summary>
    public int Count { get; set; } = 1;

    /// <summary>0 = an ephemeral port per camera; otherwise camera i listens on BasePort + i.</summary>
    public int BasePort { get; set; }

    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Delay before the response headers (all cameras; per camera via <see cref="EmulatedCamera.Latency"/>).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>When set, each request waits a random time between <see cref="Latency"/> and this.</summary>
    public TimeSpan? LatencyMax { get; set; }

    public FirmwareProfile Profile { get; set; } = FirmwareProfile.Legacy;

    /// <summary>Initial accounts, at most eight (slots user1..user8). Default: admin / "" / administrator.</summary>
    public List<EmulatedUser> Users { get; } = [EmulatedUser.FactoryAdmin];

    /// <summary>
    /// When true, a camera whose configured HTTP port (set_network.cgi's <c>port</c>) differs from the port it listens
    /// on moves to the configured port when it reboots, as real firmware rebinds: it listens there (on the same bind
    /// address) and resets connections on its old port. A port another camera uses, or one that cannot be bound, is
    /// refused: the camera stays where it was and its configured port goes back. Off by default, so a test that
    /// writes port values keeps its camera where it is.
    /// </summary>
    public bool MovePortOnReboot { get; set; }

    /// <summary>
    /// Benchmarks: 0 (default) renders every video frame (time stamp and frame number, like a sensor); N &gt; 0 renders a
    /// camera's first N frames per resolution once and then repeats them, so many streams at full rate measure the
    /// client rather than the emulator's JPEG encoder. Fault modes still apply to the parts sent.
    /// </summary>
    public int VideoLoopFrames { get; set; }

    /// <summary>How long a rebooting camera resets connections (reboot, upgrades, restore, set_network, set_wifi).</summary>
    public TimeSpan RebootTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Time after wifi_scan.cgi before get_wifi_scan_result.cgi reports access points.</summary>
    public TimeSpan WifiScanDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>JSON file with per-camera state overrides, loaded at start and written back on dispose.</summary>
    public string? StateFile { get; set; }

    // ---- beyond the contract ----

    /// <summary>Time over which <see cref="FaultMode.SlowHeaders"/> trickles the response header block.</summary>
    public TimeSpan SlowHeadersDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// First 6 hex digits of every camera id (MAC); the last 6 are the camera index + 1. Null = a random
    /// locally administered prefix per host, so two hosts never share ids.
    /// </summary>
    public string? IdPrefix { get; set; }

    /// <summary>
    /// UDP port of the LAN search responder (MO_I, on <see cref="BindAddress"/>): null = no responder, 0 = an
    /// ephemeral port (tests; see <see cref="EmulatorHost.DiscoveryEndPoint"/>). The CLI uses 10000.
    /// </summary>
    public int? DiscoveryPort { get; set; }
}
