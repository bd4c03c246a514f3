using System;
using System.Threading;

namespace FoscamPS.Emulator.State;

/// <summary>
/// The camera's real-time clock: host UTC plus an offset. set_datetime moves it; a reboot without
/// NTP restarts it at 1970-01-01 (as real cameras do, which is why their Date header can read 1970).
/// </summary>
internal sealed class CameraClock
{
    private long _offsetTicks;

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref _offsetTicks));

    public long UnixNow => UtcNow.ToUnixTimeSeconds();

    public void SetUnix(long unixSeconds) =>
        Interlocked.Exchange(ref _offsetTicks, DateTimeOffset.FromUnixTimeSeconds(unixSeconds).Ticks - DateTimeOffset.UtcNow.Ticks);

    /// <summary>Clock restarts at the epoch when the boot completes, <paramref name="bootDelay"/> from now.</summary>
    public void ResetToEpoch(TimeSpan bootDelay) =>
        Interlocked.Exchange(ref _offsetTicks, DateTimeOffset.UnixEpoch.Ticks - (DateTimeOffset.UtcNow + bootDelay).Ticks);

    /// <summary>NTP synchronisation: the host clock.</summary>
    public void Synchronise() => Interlocked.Exchange(ref _offsetTicks, 0);

    /// <summary>Local wall-clock time of the camera. tz is seconds WEST of UTC.</summary>
    public DateTime Local(int tzSecondsWest) => UtcNow.UtcDateTime.AddSeconds(-tzSecondsWest);
}
