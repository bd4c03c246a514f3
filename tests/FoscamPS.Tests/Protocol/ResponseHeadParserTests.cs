using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using CsCheck;
using FoscamPS.Protocol;
using Xunit;

namespace FoscamPS.Tests.Protocol;

/// <summary>
/// The response head parser reads bytes instead of line strings since issue 13 (fewer allocations per reply). Its
/// behaviour must not move: the former parser is kept here as the oracle, and any head — valid or not, odd whitespace,
/// folded lines, Latin-1 bytes, names in any case — must give the same status, reason, version, headers (as the
/// response holds them), content headers, framing and declared length, or the same error.
/// </summary>
public class ResponseHeadParserTests
{
    private static readonly string[] Names =
    {
        "Server", "server", "SERVER", "Date", "Content-Type", "content-type", "Content-Length", "content-length", "Connection",
        "Cache-Control", "WWW-Authenticate", "Www-Authenticate", "Transfer-Encoding", "transfer-encoding", "Keep-Alive",
        "Content-Disposition", "Location", "Set-Cookie", "X-Odd", "Pragma", "Expires", "Accept-Ranges", "Last-Modified",
    };

    private static readonly byte[] ValueBytes = Encoding.Latin1.GetBytes("abc XYZ 019 =;,/\"'()<>?#%+.-_[]{}!\t\u0085\u00a0\u00e9\u00ff");

    private static Gen<string> Line(Gen<byte[]> value) => Gen.OneOf(
        // name: value (space or not)
        Gen.Select(Gen.OneOfConst(Names), Gen.Bool, value, (n, sp, v) => n + ":" + (sp ? " " : "") + Encoding.Latin1.GetString(v)),
        // Content-Length with good and bad numbers
        Gen.Select(Gen.OneOfConst("Content-Length", "content-length"), Gen.OneOfConst("0", "302", " 17 ", "17", "-1", "x", "99999999999999999999", "1 2"), (n, v) => n + ":" + v),
        Gen.Select(Gen.OneOfConst("Transfer-Encoding"), Gen.OneOfConst(" chunked", "gzip, chunked", " identity", " CHUNKED"), (n, v) => n + ":" + v),
        // folded continuation
        Gen.Select(Gen.OneOfConst(" ", "\t", "  "), value, (w, v) => w + Encoding.Latin1.GetString(v)),
        // not a header line
        Gen.OneOfConst("no colon here", ": empty name", "Bad Name: x", "Na(me: x", "\u00e9t\u00e9: x"));

    private static readonly Gen<string> StatusLine = Gen.OneOf(
        Gen.Select(Gen.OneOfConst("HTTP/1.1", "HTTP/1.0", "HTTP/1.2", "HTTP/2.0", "http/1.1"), Gen.Int[0, 999],
            Gen.OneOfConst("", " OK", " Not Found", " ", "  spaced", "X", " Unauthorized", " d\u00e9j\u00e0"),
            (v, s, r) => v + " " + s.ToString("000", CultureInfo.InvariantCulture) + r),
        Gen.OneOfConst("HTTP/1.1 200 OK", "HTTP/1.1 200 OKAY", "HTTP/1.1 200 O", "HTTP/1.1 20", "garbage", ""));

    [Fact]
    public void AnyHeadParsesAsTheFormerLineByLineParserDid()
    {
        var value = Gen.Int[0, ValueBytes.Length - 1].Array[0, 24].Select(a => a.Select(i => ValueBytes[i]).ToArray());
        Gen.Select(StatusLine, Line(value).List[0, 10], Gen.Bool).Sample(t =>
        {
            var (status, lines, bareLf) = t;
            string eol = bareLf ? "\n" : "\r\n";
            var text = status + eol + string.Concat(lines.Select(l => l + eol));
            var bytes = Encoding.Latin1.GetBytes(text);
            Assert.Equal(Run(bytes, former: true), Run(bytes, former: false));
        }, iter: 20000);
    }

    [Fact]
    public void TheCamerasUsualHeadUsesSharedNamesAndTheStandardReason()
    {
        var bytes = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nServer: Netwave IP Camera\r\nContent-Type: text/plain\r\nContent-Length: 302\r\nConnection: close\r\n");
        using var response = CamHttpHandler.ParseHead(bytes, bytes.Length, out var framing, out var declared, out var content);
        Assert.Equal("OK", response.ReasonPhrase);
        Assert.Equal(CamHttpHandler.Framing.Length, framing);
        Assert.Equal(302, declared);
        Assert.Equal("Netwave IP Camera", response.Headers.NonValidated["Server"].ToString());
        Assert.Contains(content, h => ReferenceEquals(h.Name, "Content-Type") && h.Value == "text/plain");
    }

    /// <summary>What a parse gives, as text: the response as it holds it, or the error.</summary>
    private static string Run(byte[] bytes, bool former)
    {
        CamHttpHandler.Framing framing = default;
        long declared = 0;
        List<(string Name, string Value)> content = new();
        HttpResponseMessage response;
        try
        {
            response = former ? FormerHeadParser.ParseHead(bytes, bytes.Length, out framing, out declared, out content)
                              : CamHttpHandler.ParseHead(bytes, bytes.Length, out framing, out declared, out content);
        }
        catch (HttpRequestException ex)
        {
            return "error: " + ex.Message;
        }
        using (response)
        {
            var sb = new StringBuilder();
            sb.Append((int)response.StatusCode).Append(' ').Append(response.Version).Append(" [").Append(response.ReasonPhrase).Append("] ").Append(framing).Append(' ').Append(declared).Append('\n');
            foreach (var h in response.Headers) sb.Append(h.Key).Append('=').Append(string.Join("|", h.Value)).Append('\n');
            foreach (var (n, v) in content) sb.Append("content ").Append(n).Append('=').Append(v).Append('\n');
            return sb.ToString();
        }
    }
}

/// <summary>The response head parser as it was before issue 13's byte-wise one: the oracle of <see cref="ResponseHeadParserTests"/>.</summary>
internal static class FormerHeadParser
{
        /// <summary>Status line and headers. Content headers (Content-Type, -Length, -Disposition, …) are handed back apart: the content does not exist yet.</summary>
    internal static HttpResponseMessage ParseHead(byte[] buffer, int length, out CamHttpHandler.Framing framing, out long declared, out List<(string Name, string Value)> contentHeaders)
    {
        // Latin-1: one char per byte, whatever the camera sent.
        int pos = 0;
        string statusLine = NextLine(buffer, ref pos, length);
        if (!TryParseStatusLine(statusLine, out var version, out int status, out string reason))
            throw new HttpRequestException("Received an invalid status line: '" + Shorten(statusLine) + "'.");
        var response = new HttpResponseMessage((HttpStatusCode)status) { Version = version };
        try
        {
            response.ReasonPhrase = reason;
        }
        catch (FormatException)
        {
            // an odd reason phrase is not worth failing for
        }
        var pending = contentHeaders = new List<(string Name, string Value)>(4);
        framing = CamHttpHandler.Framing.ToClose;
        long contentLength = -1;
        bool chunked = false;
        string? name = null;
        var value = new StringBuilder();
        void Flush()
        {
            if (name is null) return;
            string v = value.ToString().Trim();
            if (string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out long len) || (contentLength >= 0 && contentLength != len))
                    throw new HttpRequestException("The response has an invalid Content-Length: '" + Shorten(v) + "'.");
                contentLength = len;
            }
            else if (string.Equals(name, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                if (v.EndsWith("chunked", StringComparison.OrdinalIgnoreCase)) chunked = true;
                else throw new HttpRequestException("The response uses an unsupported transfer coding: '" + Shorten(v) + "'.");
            }
            if (!response.Headers.TryAddWithoutValidation(name, v)) pending.Add((name, v));
            name = null;
        }
        while (pos < length)
        {
            string line = NextLine(buffer, ref pos, length);
            if (line.Length == 0) break;
            if (line[0] == ' ' || line[0] == '\t')
            {
                if (name is null) throw new HttpRequestException("The response's first header line is a continuation line.");
                value.Append(' ').Append(line.Trim()); // obsolete line folding
                continue;
            }
            Flush();
            int colon = line.IndexOf(':');
            if (colon <= 0 || !IsToken(line, colon))
                throw new HttpRequestException("The response has an invalid header line: '" + Shorten(line) + "'.");
            name = line.Substring(0, colon);
            value.Clear().Append(line, colon + 1, line.Length - colon - 1);
        }
        Flush();
        declared = contentLength;
        if (chunked)
        {
            framing = CamHttpHandler.Framing.Chunked;
            declared = -1;
            pending.RemoveAll(h => string.Equals(h.Name, "Content-Length", StringComparison.OrdinalIgnoreCase));
        }
        else if (declared >= 0)
        {
            framing = CamHttpHandler.Framing.Length;
        }
        return response;
    }


    private static bool IsToken(string line, int end)
    {
        for (int i = 0; i < end; i++)
        {
            char c = line[i];
            if (c <= ' ' || c >= 0x7f || c == '(' || c == ')' || c == '<' || c == '>' || c == '@' || c == ',' || c == ';' || c == '\\' || c == '"' || c == '/' || c == '[' || c == ']' || c == '?' || c == '=' || c == '{' || c == '}')
                return false;
        }
        return true;
    }

    private static bool TryParseStatusLine(string line, out Version version, out int status, out string reason)
    {
        version = HttpVersion.Version11;
        status = 0;
        reason = string.Empty;
        if (line.Length < 12 || !line.StartsWith("HTTP/1.", StringComparison.Ordinal) || line[8] != ' ') return false;
        char minor = line[7];
        if (minor == '0') version = HttpVersion.Version10;
        else if (minor != '1') return false;
        for (int i = 9; i < 12; i++)
        {
            char c = line[i];
            if (c < '0' || c > '9') return false;
            status = status * 10 + (c - '0');
        }
        if (status < 100) return false;
        if (line.Length > 12)
        {
            if (line[12] != ' ') return false;
            reason = line.Substring(13);
        }
        return true;
    }

    private static string NextLine(byte[] buffer, ref int pos, int length)
    {
        int start = pos;
        int end = Array.IndexOf(buffer, (byte)'\n', start, length - start);
        if (end < 0) end = length;
        pos = end + 1;
        int stop = end > start && buffer[end - 1] == (byte)'\r' ? end - 1 : end;
        return CamHttpHandler.Latin1(buffer, start, stop - start);
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text.Substring(0, 80) + "…";
}
