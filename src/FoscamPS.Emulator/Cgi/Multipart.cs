using System;
using System.Text;
using FoscamPS.Emulator.Server;

namespace FoscamPS.Emulator.Cgi;

/// <summary>Extracts the field "file" from a multipart/form-data POST body.</summary>
internal static class Multipart
{
    /// <summary>The file bytes, or null when the request is not a usable upload (→ "error: illegal http frame.").</summary>
    public static byte[]? TryGetFile(EmuRequest request, string fieldName = "file")
    {
        if (request.Method != "POST" || request.Body.Length == 0)
        {
            return null;
        }

        var boundary = Boundary(request.Header("Content-Type"));
        if (boundary is null)
        {
            return null;
        }

        var body = request.Body.AsSpan();
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var pos = body.IndexOf(delimiter);
        while (pos >= 0)
        {
            var rest = body[(pos + delimiter.Length)..];
            if (rest.StartsWith("--"u8))
            {
                return null; // closing delimiter
            }

            var headEnd = rest.IndexOf("\r\n\r\n"u8);
            if (headEnd < 0)
            {
                return null;
            }

            var headers = Encoding.UTF8.GetString(rest[..headEnd]);
            var content = rest[(headEnd + 4)..];
            var next = content.IndexOf(Encoding.ASCII.GetBytes("\r\n--" + boundary));
            if (next < 0)
            {
                return null;
            }

            if (IsField(headers, fieldName))
            {
                return content[..next].ToArray();
            }

            pos = body.Length - content.Length + next + 2;
        }

        return null;
    }

    private static string? Boundary(string? contentType)
    {
        if (contentType is null || !contentType.TrimStart().StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        foreach (var part in contentType.Split(';'))
        {
            var p = part.Trim();
            if (p.StartsWith("boundary=", StringComparison.OrdinalIgnoreCase))
            {
                var b = p[9..].Trim('"');
                return b.Length == 0 ? null : b;
            }
        }

        return null;
    }

    private static bool IsField(string headers, string name)
    {
        foreach (var line in headers.Split("\r\n"))
        {
            if (line.StartsWith("Content-Disposition:", StringComparison.OrdinalIgnoreCase) &&
                (line.Contains($"name=\"{name}\"", StringComparison.Ordinal) || line.Contains($"name={name};", StringComparison.Ordinal) || line.EndsWith($"name={name}", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
