using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace FoscamPS.Model
{
    /// <summary>
    /// A weekly schedule of the camera (alarm arming, FTP upload, privacy): 7 days × 96 quarter-hours, stored by the
    /// camera as three unsigned 32-bit words per day (<c>_0</c> = 00:00–08:00, <c>_1</c> = 08:00–16:00,
    /// <c>_2</c> = 16:00–24:00; bit 0 = the first quarter-hour of the word). Immutable.
    /// Text form (ToString, Parse, and what a string converts to): <c>Never</c>, <c>Always</c>, or entries such as
    /// <c>Mon-Fri 08:00-18:00; Sat,Sun 10:00-12:00,14:00-16:00</c>. <see cref="ToGrid"/> draws the week.
    /// </summary>
    public sealed class CamSchedule : IEquatable<CamSchedule>
    {
        /// <summary>Quarter-hours per day.</summary>
        public const int QuartersPerDay = 96;

        /// <summary>Words per day.</summary>
        public const int WordsPerDay = 3;

        /// <summary>Words of a week, in the camera's order sun_0 … sat_2.</summary>
        public const int WordCount = 7 * WordsPerDay;

        /// <summary>The camera's day names in word order (sun … sat, = <see cref="DayOfWeek"/> order).</summary>
        public static readonly IReadOnlyList<string> CameraDayNames = new[] { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

        private static readonly DayOfWeek[] MondayFirst =
            { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday };

        private readonly uint[] _words;

        /// <summary>An empty schedule (never active).</summary>
        public CamSchedule() : this(new uint[WordCount]) { }

        private CamSchedule(uint[] words) => _words = words;

        /// <summary>Never active.</summary>
        public static CamSchedule Never => new CamSchedule();

        /// <summary>Active all week.</summary>
        public static CamSchedule Always => new CamSchedule(Enumerable.Repeat(uint.MaxValue, WordCount).ToArray());

        /// <summary>From the 21 words sun_0 … sat_2.</summary>
        public static CamSchedule FromWords(IEnumerable<uint> words)
        {
            if (words is null) throw new ArgumentNullException(nameof(words));
            var w = words.ToArray();
            if (w.Length != WordCount) throw new ArgumentException($"A schedule has {WordCount} words (7 days × 3); got {w.Length}.", nameof(words));
            return new CamSchedule(w);
        }

        /// <summary>From the 21 words as signed numbers (-1 means all 32 bits, as some clients send).</summary>
        public static CamSchedule FromWords(IEnumerable<long> words)
        {
            if (words is null) throw new ArgumentNullException(nameof(words));
            return FromWords(words.Select(ToWord));
        }

        /// <summary>A word value as the camera may print or accept it: 0 … 4294967295, or a negative Int32 (-1 = all ones).</summary>
        public static uint ToWord(long value)
        {
            if (value >= 0 && value <= uint.MaxValue) return (uint)value;
            if (value < 0 && value >= int.MinValue) return unchecked((uint)(int)value);
            throw new ArgumentOutOfRangeException(nameof(value), value, "A schedule word is 0 to 4294967295 (or -1 for all slots).");
        }

        /// <summary>The 21 words sun_0 … sat_2 (a copy).</summary>
        public uint[] ToWords() => (uint[])_words.Clone();

        /// <summary>One word: <paramref name="part"/> 0 = 00–08, 1 = 08–16, 2 = 16–24.</summary>
        public uint GetWord(DayOfWeek day, int part)
        {
            if (part < 0 || part >= WordsPerDay) throw new ArgumentOutOfRangeException(nameof(part));
            return _words[(int)day * WordsPerDay + part];
        }

        /// <summary>True when quarter-hour <paramref name="quarter"/> (0–95) of <paramref name="day"/> is in the schedule.</summary>
        public bool IsSet(DayOfWeek day, int quarter)
        {
            if (quarter < 0 || quarter >= QuartersPerDay) throw new ArgumentOutOfRangeException(nameof(quarter));
            return (_words[(int)day * WordsPerDay + quarter / 32] & (1u << (quarter % 32))) != 0;
        }

        /// <summary>True when the schedule is active on <paramref name="day"/> at <paramref name="timeOfDay"/>.</summary>
        public bool IsActive(DayOfWeek day, TimeSpan timeOfDay)
        {
            var q = (int)Math.Floor(timeOfDay.TotalMinutes / 15);
            return q >= 0 && q < QuartersPerDay && IsSet(day, q);
        }

        /// <summary>Number of quarter-hours in the week that are in the schedule.</summary>
        public int QuarterHours => _words.Sum(w => PopCount(w));

        public bool IsEmpty => _words.All(w => w == 0);

        public bool IsFull => _words.All(w => w == uint.MaxValue);

        /// <summary>Sunday's periods, e.g. <c>08:00-18:00</c> (empty when none).</summary>
        public string Sunday => DayText(DayOfWeek.Sunday);
        public string Monday => DayText(DayOfWeek.Monday);
        public string Tuesday => DayText(DayOfWeek.Tuesday);
        public string Wednesday => DayText(DayOfWeek.Wednesday);
        public string Thursday => DayText(DayOfWeek.Thursday);
        public string Friday => DayText(DayOfWeek.Friday);
        public string Saturday => DayText(DayOfWeek.Saturday);

        /// <summary>
        /// This schedule plus <paramref name="start"/> up to (not including) <paramref name="end"/> on each of
        /// <paramref name="days"/>. Times must be on quarter-hour boundaries, 00:00 ≤ start &lt; end ≤ 24:00.
        /// </summary>
        public CamSchedule Add(IEnumerable<DayOfWeek> days, TimeSpan start, TimeSpan end) => Change(days, start, end, true);

        /// <summary>This schedule without the given period.</summary>
        public CamSchedule Remove(IEnumerable<DayOfWeek> days, TimeSpan start, TimeSpan end) => Change(days, start, end, false);

        /// <summary>Every quarter-hour of either schedule.</summary>
        public CamSchedule Union(CamSchedule other)
        {
            if (other is null) throw new ArgumentNullException(nameof(other));
            return new CamSchedule(_words.Zip(other._words, (a, b) => a | b).ToArray());
        }

        /// <summary>Why a period is not acceptable (null when it is): quarter-hour boundaries, start before end, within the day.</summary>
        public static string? CheckPeriod(TimeSpan start, TimeSpan end)
        {
            if (start < TimeSpan.Zero || start >= TimeSpan.FromDays(1)) return $"the start {Show(start)} is not a time of day (00:00 to 23:45)";
            if (end <= TimeSpan.Zero || end > TimeSpan.FromDays(1)) return $"the end {Show(end)} is not a time of day (00:15 to 24:00)";
            if (!OnQuarter(start)) return $"the start {Show(start)} is not on a quarter-hour (the camera schedules whole quarter-hours: :00, :15, :30, :45)";
            if (!OnQuarter(end)) return $"the end {Show(end)} is not on a quarter-hour (the camera schedules whole quarter-hours: :00, :15, :30, :45)";
            if (end <= start) return $"the end {Show(end)} is not after the start {Show(start)} (use 24:00 for midnight at the end of the day)";
            return null;
        }

        private static bool OnQuarter(TimeSpan t) => t.Ticks % TimeSpan.FromMinutes(15).Ticks == 0;

        private CamSchedule Change(IEnumerable<DayOfWeek> days, TimeSpan start, TimeSpan end, bool set)
        {
            if (days is null) throw new ArgumentNullException(nameof(days));
            if (CheckPeriod(start, end) is { } problem) throw new ArgumentException(problem);
            var words = ToWords();
            var from = (int)(start.Ticks / TimeSpan.FromMinutes(15).Ticks);
            var to = (int)(end.Ticks / TimeSpan.FromMinutes(15).Ticks);
            foreach (var day in days.Distinct())
            {
                if (day < DayOfWeek.Sunday || day > DayOfWeek.Saturday) throw new ArgumentOutOfRangeException(nameof(days), day, "Not a day of the week.");
                for (var q = from; q < to; q++)
                {
                    var i = (int)day * WordsPerDay + q / 32;
                    var bit = 1u << (q % 32);
                    words[i] = set ? words[i] | bit : words[i] & ~bit;
                }
            }
            return new CamSchedule(words);
        }

        /// <summary>The periods of one day, e.g. <c>00:00-08:00,18:00-24:00</c>.</summary>
        public string DayText(DayOfWeek day) => string.Join(",", Periods(day).Select(p => Clock(p.Start) + "-" + Clock(p.End)));

        /// <summary>The day's periods as quarter-hour indexes [start, end).</summary>
        private IEnumerable<(int Start, int End)> Periods(DayOfWeek day)
        {
            var q = 0;
            while (q < QuartersPerDay)
            {
                if (!IsSet(day, q)) { q++; continue; }
                var s = q;
                while (q < QuartersPerDay && IsSet(day, q)) q++;
                yield return (s, q);
            }
        }

        private static string Clock(int quarter) => (quarter / 4).ToString("00", CultureInfo.InvariantCulture) + ":" + (quarter % 4 * 15).ToString("00", CultureInfo.InvariantCulture);

        private static string Show(TimeSpan t) => t.TotalHours >= 24 && t.Ticks % TimeSpan.TicksPerMinute == 0 && t.TotalHours == 24 ? "24:00"
            : t.ToString(t.Seconds == 0 && t.Milliseconds == 0 ? @"hh\:mm" : @"hh\:mm\:ss\.FFF", CultureInfo.InvariantCulture);

        /// <summary><c>Never</c>, <c>Always</c> or entries such as <c>Mon-Fri 08:00-18:00; Sat 10:00-12:00</c> (days with equal periods grouped).</summary>
        public override string ToString()
        {
            if (IsEmpty) return "Never";
            if (IsFull) return "Always";
            var groups = new List<(List<DayOfWeek> Days, string Periods)>();
            foreach (var day in MondayFirst)
            {
                var text = DayText(day);
                if (text.Length == 0) continue;
                var g = groups.FindIndex(x => x.Periods == text);
                if (g < 0) groups.Add((new List<DayOfWeek> { day }, text));
                else groups[g].Days.Add(day);
            }
            return string.Join("; ", groups.Select(g => DaysText(g.Days) + " " + g.Periods));
        }

        private static string DaysText(List<DayOfWeek> days)
        {
            var idx = days.Select(d => Array.IndexOf(MondayFirst, d)).OrderBy(i => i).ToList();
            var parts = new List<string>();
            for (var i = 0; i < idx.Count;)
            {
                var j = i;
                while (j + 1 < idx.Count && idx[j + 1] == idx[j] + 1) j++;
                var a = Abbrev(MondayFirst[idx[i]]);
                parts.Add(j - i >= 2 ? a + "-" + Abbrev(MondayFirst[idx[j]]) : j == i ? a : a + "," + Abbrev(MondayFirst[idx[j]]));
                i = j + 1;
            }
            return string.Join(",", parts);
        }

        private static string Abbrev(DayOfWeek d) => d.ToString().Substring(0, 3);

        /// <summary>
        /// The week as a grid: one line per day (Monday first), one character per quarter-hour (<c>#</c> in the
        /// schedule, <c>.</c> not), under an hour ruler.
        /// </summary>
        public string ToGrid()
        {
            var sb = new StringBuilder();
            sb.Append("     ");
            for (var h = 0; h < 24; h++) sb.Append(h.ToString("00", CultureInfo.InvariantCulture)).Append("  ");
            sb.AppendLine();
            foreach (var day in MondayFirst)
            {
                sb.Append(Abbrev(day)).Append("  ");
                for (var q = 0; q < QuartersPerDay; q++) sb.Append(IsSet(day, q) ? '#' : '.');
                sb.AppendLine();
            }
            return sb.ToString().TrimEnd();
        }

        /// <summary>Parses the text form (see the class remarks); also a bare list of 21 words separated by commas or spaces.</summary>
        public static CamSchedule Parse(string text)
            => TryParse(text, out var s, out var error) ? s! : throw new FormatException(error);

        /// <summary>Parses the text form; false with the reason when it is not one.</summary>
        public static bool TryParse(string? text, out CamSchedule? schedule, out string? error)
        {
            schedule = null;
            error = null;
            var t = (text ?? "").Trim();
            if (t.Length == 0 || t.Equals("Never", StringComparison.OrdinalIgnoreCase) || t.Equals("None", StringComparison.OrdinalIgnoreCase))
            {
                schedule = Never;
                return true;
            }
            if (t.Equals("Always", StringComparison.OrdinalIgnoreCase))
            {
                schedule = Always;
                return true;
            }
            var numbers = t.Split(new[] { ',', ' ', ';' }, StringSplitOptions.RemoveEmptyEntries);
            if (numbers.Length == WordCount && numbers.All(n => long.TryParse(n, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
            {
                try
                {
                    schedule = FromWords(numbers.Select(n => long.Parse(n, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)));
                    return true;
                }
                catch (ArgumentException ex)
                {
                    error = ex.Message;
                    return false;
                }
            }
            var result = Never;
            foreach (var entry in t.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var e = entry.Trim();
                if (e.Length == 0) continue;
                var space = e.IndexOf(' ');
                if (space < 0)
                {
                    error = $"'{e}' is not '<days> <from>-<to>', e.g. 'Mon-Fri 08:00-18:00'.";
                    return false;
                }
                if (!TryParseDays(e.Substring(0, space), out var days, out error)) return false;
                foreach (var range in e.Substring(space + 1).Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    var r = range.Trim();
                    var dash = r.IndexOf('-');
                    if (dash < 0 || !TryParseTime(r.Substring(0, dash), out var from) || !TryParseTime(r.Substring(dash + 1), out var to))
                    {
                        error = $"'{r}' is not a period '<from>-<to>' such as 08:00-18:00.";
                        return false;
                    }
                    if (CheckPeriod(from, to) is { } problem)
                    {
                        error = $"'{r}': {problem}.";
                        return false;
                    }
                    result = result.Add(days, from, to);
                }
            }
            schedule = result;
            return true;
        }

        private static bool TryParseDays(string text, out List<DayOfWeek> days, out string? error)
        {
            days = new List<DayOfWeek>();
            error = null;
            foreach (var part in text.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var dash = part.IndexOf('-');
                if (dash < 0)
                {
                    if (!TryParseDay(part, out var d)) { error = $"'{part}' is not a day (Mon, Tue, … or Monday, Tuesday, …)."; return false; }
                    days.Add(d);
                    continue;
                }
                if (!TryParseDay(part.Substring(0, dash), out var a) || !TryParseDay(part.Substring(dash + 1), out var b))
                {
                    error = $"'{part}' is not a range of days such as Mon-Fri.";
                    return false;
                }
                var i = Array.IndexOf(MondayFirst, a);
                var j = Array.IndexOf(MondayFirst, b);
                for (var k = i; ; k = (k + 1) % 7)
                {
                    days.Add(MondayFirst[k]);
                    if (k == j) break;
                }
            }
            return true;
        }

        private static bool TryParseDay(string text, out DayOfWeek day)
        {
            var t = text.Trim();
            foreach (DayOfWeek d in Enum.GetValues(typeof(DayOfWeek)))
            {
                if (t.Equals(d.ToString(), StringComparison.OrdinalIgnoreCase) || t.Equals(Abbrev(d), StringComparison.OrdinalIgnoreCase))
                {
                    day = d;
                    return true;
                }
            }
            day = default;
            return false;
        }

        /// <summary>A time of day: <c>H:mm</c>, <c>HH:mm[:ss]</c>, <c>24:00</c> for the end of the day, or a TimeSpan's text (<c>1.00:00:00</c>).</summary>
        public static bool TryParseTime(string? text, out TimeSpan time)
        {
            var t = (text ?? "").Trim();
            time = default;
            if (t == "24:00" || t == "24:00:00")
            {
                time = TimeSpan.FromDays(1);
                return true;
            }
            if (t.Length == 0 || t.StartsWith("-", StringComparison.Ordinal) || t.IndexOf(':') < 0) return false;
            return TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out time);
        }

        private static int PopCount(uint v)
        {
            var c = 0;
            while (v != 0) { v &= v - 1; c++; }
            return c;
        }

        public bool Equals(CamSchedule? other) => other is not null && _words.SequenceEqual(other._words);

        public override bool Equals(object? obj) => obj is CamSchedule s && Equals(s);

        public override int GetHashCode() => _words.Aggregate(17, (h, w) => unchecked(h * 31 + (int)w));
    }
}
