using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace FoscamPS.Tests.Protocol.TestServers;

/// <summary>Independent server-side Digest check (RFC 2617/7616, MD5, qop=auth), not sharing code with the client.</summary>
public static class DigestVerifier
{
    private static readonly Regex Param = new(@"(\w+)\s*=\s*(?:""((?:[^""\\]|\\.)*)""|([^,\s]+))", RegexOptions.Compiled);

    public static Dictionary<string, string> ParseParams(string header)
    {
        var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int sp = header.IndexOf(' ');
        foreach (Match m in Param.Matches(sp < 0 ? header : header[(sp + 1)..]))
            d[m.Groups[1].Value] = m.Groups[2].Success ? Regex.Replace(m.Groups[2].Value, @"\\(.)", "$1") : m.Groups[3].Value;
        return d;
    }

    public static string Md5(string s) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s)));

    /// <summary>True when <paramref name="authorization"/> is a correct Digest answer for the given secret.</summary>
    public static bool Verify(string? authorization, string method, string requestTarget, string user, string password, string realm, string nonce, string? opaque, out Dictionary<string, string> p)
    {
        p = new(StringComparer.OrdinalIgnoreCase);
        if (authorization is null || !authorization.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase)) return false;
        p = ParseParams(authorization);
        if (!p.TryGetValue("username", out var u) || u != user) return false;
        if (!p.TryGetValue("realm", out var r) || r != realm) return false;
        if (!p.TryGetValue("nonce", out var n) || n != nonce) return false;
        if (!p.TryGetValue("uri", out var uri) || uri != requestTarget) return false;
        if (opaque != null && (!p.TryGetValue("opaque", out var o) || o != opaque)) return false;
        if (!p.TryGetValue("qop", out var qop) || qop != "auth") return false;
        if (!p.TryGetValue("nc", out var nc) || nc.Length != 8) return false;
        if (!p.TryGetValue("cnonce", out var cnonce) || cnonce.Length == 0) return false;
        string ha1 = Md5($"{user}:{realm}:{password}");
        string ha2 = Md5($"{method}:{uri}");
        string expected = Md5($"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");
        return p.TryGetValue("response", out var resp) && resp == expected;
    }
}
