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

    /// <summary>
    /// The camera's UTC time. It never reads before the epoch: after <see cref="ResetToEpoch"/> the boot may be seen as
    /// complete a few milliseconds before the host clock reaches the planned boot instant (timers and the wall clock are
    /// different clocks), and a real camera's RTC starts at 1970-01-01 00:00:00, not in 1969.
    /// </summary>
    public DateTimeOffset UtcNow
    {
        get
        {
            var now = DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref _offsetTicks));
            return now < DateTimeOffset.UnixEpoch ? DateTimeOffset.UnixEpoch : now;
        }
    }

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
