using System;

namespace FoscamPS.Emulator.Media;

/// <summary>The <c>rate</c> parameter of videostream.cgi / videostream.asf mapped to a frame interval.</summary>
public static class RateCodes
{
    // Index = rate code; defined codes per the spec, undefined codes in 0..23 take the nearest slower defined code.
    private static readonly TimeSpan[] Intervals = BuildTable();

    /// <summary>
    /// The frame interval for a rate code: 0 full speed (40 ms, 25 fps), 1 20 fps, 3 15, 6 10, 11 5, 12 4, 13 3,
    /// 14 2, 15 1, 17 one frame per 2 s, 19 per 3 s, 21 per 4 s, 23 per 5 s. Other codes in 0..23 use the nearest
    /// slower defined code (2 → 15 fps, 16 → 1/2 s). Codes outside 0..23 give <c>null</c>.
    /// </summary>
    public static TimeSpan? FrameInterval(int rate) => rate >= 0 && rate < Intervals.Length ? Intervals[rate] : null;

    private static TimeSpan[] BuildTable()
    {
        var defined = new (int Code, TimeSpan Interval)[]
        {
            (0, TimeSpan.FromMilliseconds(40)),
            (1, PerSecond(20)),
            (3, PerSecond(15)),
            (6, PerSecond(10)),
            (11, PerSecond(5)),
            (12, PerSecond(4)),
            (13, PerSecond(3)),
            (14, PerSecond(2)),
            (15, TimeSpan.FromSeconds(1)),
            (17, TimeSpan.FromSeconds(2)),
            (19, TimeSpan.FromSeconds(3)),
            (21, TimeSpan.FromSeconds(4)),
            (23, TimeSpan.FromSeconds(5)),
        };
        var table = new TimeSpan[24];
        int next = defined.Length - 1;
        for (int code = 23; code >= 0; code--)
        {
            while (next > 0 && defined[next - 1].Code >= code)
            {
                next--;
            }

            table[code] = defined[next].Interval;
        }

        return table;
    }

    private static TimeSpan PerSecond(int fps) => TimeSpan.FromTicks(TimeSpan.TicksPerSecond / fps);
}
