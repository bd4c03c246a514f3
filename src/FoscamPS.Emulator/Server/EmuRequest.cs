using System;
using System.Collections.Generic;

namespace FoscamPS.Emulator.Server;

/// <summary>One parsed HTTP/1.x request as the camera firmware sees it.</summary>
internal sealed class EmuRequest
{
    public EmuRequest(string method, string target, string version, List<KeyValuePair<string, string>> headers)
    {
        Method = method;
        Target = target;
        Version = version;
        Headers = headers;

        // Absolute-form targets (proxies) are reduced to their path.
        var pathAndQuery = target;
        if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var slash = target.IndexOf('/', target.IndexOf("//", StringComparison.Ordinal) + 2);
            pathAndQuery = slash < 0 ? "/" : target[slash..];
        }

        PathAndQuery = pathAndQuery;
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        Path = Uri.UnescapeDataString(q < 0 ? pathAndQuery : pathAndQuery[..q]);
        RawQuery = q < 0 ? "" : pathAndQuery[(q + 1)..];
        Params = QueryParams.Parse(RawQuery);
    }

    public string Method { get; }

    /// <summary>The request-target exactly as sent (Digest compares its uri with this).</summary>
    public string Target { get; }

    public string PathAndQuery { get; }

    public string Version { get; }

    public string Path { get; }

    public string RawQuery { get; }

    public List<KeyValuePair<string, string>> Headers { get; }

    public byte[] Body { get; set; } = [];

    /// <summary>Query parameters, followed by urlencoded form fields of a POST body.</summary>
    public QueryParams Params { get; }

    public string ClientIp { get; set; } = "";

    public string? Header(string name)
    {
        foreach (var (k, v) in Headers)
        {
            if (string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
            {
                return v;
            }
        }

        return null;
    }
}
