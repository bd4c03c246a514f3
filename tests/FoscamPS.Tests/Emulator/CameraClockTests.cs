using System;
using System.Reflection;
using Xunit;

namespace FoscamPS.Tests.Emulator
{
    /// <summary>The emulated RTC after a reboot without NTP (the flaky "1969" Date header seen under load).</summary>
    public sealed class CameraClockTests
    {
        private static readonly Type ClockType = typeof(FoscamPS.Emulator.EmulatorHost).Assembly.GetType("FoscamPS.Emulator.State.CameraClock", throwOnError: true)!;

        [Fact]
        public void ClockReadBeforeThePlannedBootInstant_ReadsTheEpochNot1969()
        {
            var clock = Activator.CreateInstance(ClockType, nonPublic: true)!;
            // The boot completes 10 s from now; a request answered before that instant (a timer that fires early
            // relative to the wall clock) must still see 1970-01-01, never a time before the epoch.
            ClockType.GetMethod("ResetToEpoch", BindingFlags.Public | BindingFlags.Instance)!.Invoke(clock, new object[] { TimeSpan.FromSeconds(10) });
            var now = (DateTimeOffset)ClockType.GetProperty("UtcNow")!.GetValue(clock)!;
            Assert.Equal(1970, now.Year);
            Assert.Equal(DateTimeOffset.UnixEpoch, now);
            Assert.Equal(0L, (long)ClockType.GetProperty("UnixNow")!.GetValue(clock)!);
        }
    }
}
