using System;
using System.Collections.Generic;

namespace FoscamPS.Emulator.Cgi;

/// <summary>The few web pages the emulated file server knows (targets of next_url and of GET /).</summary>
internal static class Pages
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["index.htm"] = Page("IP Camera", "<p>Netwave IP Camera</p>"),
        ["admin.htm"] = Page("Administration", "<p>Device settings</p>"),
        ["monitor.htm"] = Page("Live video", "<img src=\"videostream.cgi\">"),
        ["reboot.htm"] = Page("Rebooting", "<p>The device is rebooting, please wait.</p>"),
        ["upgrade.htm"] = Page("Upgrade", "<p>Upgrading, please wait.</p>"),
        ["ok.htm"] = Page("OK", "<p>Success</p>"),
    };

    /// <summary>Relative names only: "../x", "/x", "http://…" are not served.</summary>
    public static bool TryGet(string name, out string html)
    {
        html = "";
        if (name.Contains("..", StringComparison.Ordinal) || name.StartsWith('/') || name.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        if (Known.TryGetValue(name, out var page))
        {
            html = page;
            return true;
        }

        return false;
    }

    private static string Page(string title, string body) =>
        $"<html><head><title>{title}</title><meta http-equiv=\"Content-Type\" content=\"text/html\"></head><body>{body}</body></html>\n";
}
