using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace FoscamPS.Emulator.State;

/// <summary>The access log printed by get_log.cgi (a bounded ring, like the firmware's RAM log).</summary>
internal sealed class CameraLog
{
    public const int Capacity = 200;

    private readonly Queue<string> _entries = new();
    private readonly object _sync = new();

    public int Count
    {
        get
        {
            lock (_sync)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Fields separated by runs of spaces: weekday, date, time, user, client IP, action.</summary>
    public void Add(DateTime local, string user, string clientIp, string action = "access")
    {
        var line = string.Format(
            CultureInfo.InvariantCulture,
            "{0}, {1:yyyy-MM-dd HH:mm:ss}    {2,-12}  {3,-15}  {4}",
            local.ToString("ddd", CultureInfo.InvariantCulture),
            local,
            user.Length == 0 ? "-" : user,
            clientIp,
            action);
        lock (_sync)
        {
            _entries.Enqueue(line);
            while (_entries.Count > Capacity)
            {
                _entries.Dequeue();
            }
        }
    }

    public void Clear()
    {
        lock (_sync)
        {
            _entries.Clear();
        }
    }

    /// <summary>Entries each followed by a newline; the reply writer turns newlines into literal \n.</summary>
    public string Text()
    {
        var sb = new StringBuilder();
        lock (_sync)
        {
            foreach (var e in _entries)
            {
                sb.Append(e).Append('\n');
            }
        }

        return sb.ToString();
    }
}
