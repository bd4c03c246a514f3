using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace FoscamPS.Emulator.Server;

/// <summary>A response as firmware sends it; rendered byte by byte by <see cref="ResponseSender"/>.</summary>
internal sealed class EmuResponse
{
    public const string IllegalParamsText = "error: illegal params.";
    public const string IllegalFrameText = "error: illegal http frame.";

    public int Status { get; init; } = 200;

    public string Reason { get; init; } = "OK";

    public string ContentType { get; init; } = "text/plain";

    public byte[] Body { get; set; } = [];

    /// <summary>Headers placed before Content-Type (WWW-Authenticate).</summary>
    public List<KeyValuePair<string, string>> LeadingHeaders { get; } = new();

    /// <summary>Headers placed after Content-Length (Content-Disposition).</summary>
    public List<KeyValuePair<string, string>> TrailingHeaders { get; } = new();

    /// <summary>Endless or long body without Content-Length (video). Gets the connection output and a token.</summary>
    public Func<Stream, CancellationToken, Task>? StreamBody { get; init; }

    /// <summary>False for snapshot.cgi: real firmware sends no Cache-Control header with a picture.</summary>
    public bool CacheControl { get; init; } = true;

    /// <summary>Runs after the response has been handed to the socket (reboots start here).</summary>
    public Action? AfterSent { get; set; }

    public static EmuResponse Text(string body) => new() { Body = Encoding.UTF8.GetBytes(body) };

    public static EmuResponse Text(byte[] body) => new() { Body = body };

    /// <summary>Success body of every setter: "ok." plus a newline.</summary>
    public static EmuResponse Ok() => Text("ok.\n");

    /// <summary>Failure body: no newline, still HTTP 200.</summary>
    public static EmuResponse IllegalParams() => Text(IllegalParamsText);

    public static EmuResponse IllegalFrame() => Text(IllegalFrameText);

    public static EmuResponse NotFound() => new() { Status = 404, Reason = "Not Found", Body = "File not found."u8.ToArray() };

    public static EmuResponse Unauthorized(string challenge)
    {
        var r = new EmuResponse { Status = 401, Reason = "Unauthorized", Body = "401 Unauthorized"u8.ToArray() };
        r.LeadingHeaders.Add(new("WWW-Authenticate", challenge));
        return r;
    }

    public static EmuResponse Error(int status, string reason) =>
        new() { Status = status, Reason = reason, Body = Encoding.ASCII.GetBytes($"{status} {reason}") };

    public static EmuResponse Html(string html) => new() { ContentType = "text/html", Body = Encoding.UTF8.GetBytes(html) };

    /// <summary>Renders the status line and header block.</summary>
    public byte[] RenderHead(DateTimeOffset date, long? contentLengthOverride = null)
    {
        var sb = new StringBuilder(256);
        sb.Append("HTTP/1.1 ").Append(Status).Append(' ').Append(Reason).Append("\r\n");
        sb.Append("Server: Netwave IP Camera\r\n");
        sb.Append("Date: ").Append(date.ToUniversalTime().ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n");
        foreach (var (k, v) in LeadingHeaders)
        {
            sb.Append(k).Append(": ").Append(v).Append("\r\n");
        }

        sb.Append("Content-Type: ").Append(ContentType).Append("\r\n");
        if (StreamBody is null)
        {
            sb.Append("Content-Length: ").Append(contentLengthOverride ?? Body.Length).Append("\r\n");
        }

        foreach (var (k, v) in TrailingHeaders)
        {
            sb.Append(k).Append(": ").Append(v).Append("\r\n");
        }

        if (CacheControl)
        {
            sb.Append("Cache-Control: no-cache\r\n");
        }

        sb.Append("Connection: close\r\n\r\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }
}
