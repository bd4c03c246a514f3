using System;
using FoscamPS.Emulator.Media;
using Xunit;

namespace FoscamPS.Tests.EmulatorMedia;

public class RateCodesTests
{
    [Theory]
    [InlineData(0, 40.0)]
    [InlineData(1, 50.0)]
    [InlineData(2, 1000.0 / 15)]
    [InlineData(3, 1000.0 / 15)]
    [InlineData(4, 100.0)]
    [InlineData(5, 100.0)]
    [InlineData(6, 100.0)]
    [InlineData(7, 200.0)]
    [InlineData(10, 200.0)]
    [InlineData(11, 200.0)]
    [InlineData(12, 250.0)]
    [InlineData(13, 1000.0 / 3)]
    [InlineData(14, 500.0)]
    [InlineData(15, 1000.0)]
    [InlineData(16, 2000.0)]
    [InlineData(17, 2000.0)]
    [InlineData(18, 3000.0)]
    [InlineData(19, 3000.0)]
    [InlineData(20, 4000.0)]
    [InlineData(21, 4000.0)]
    [InlineData(22, 5000.0)]
    [InlineData(23, 5000.0)]
    public void FrameInterval_MapsCodes(int rate, double expectedMs)
    {
        TimeSpan? interval = RateCodes.FrameInterval(rate);
        Assert.NotNull(interval);
        Assert.Equal(expectedMs, interval!.Value.TotalMilliseconds, 0.01);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(24)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void FrameInterval_OutOfRangeIsNull(int rate) => Assert.Null(RateCodes.FrameInterval(rate));

    [Fact]
    public void FrameInterval_NeverGetsFasterAsTheCodeGrows()
    {
        for (int rate = 1; rate <= 23; rate++)
        {
            Assert.True(RateCodes.FrameInterval(rate) >= RateCodes.FrameInterval(rate - 1));
        }
    }
}
