using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Emulator;
using Xunit;

namespace FoscamPS.Tests.Emulator;

/// <summary>Starting hosts and talking to emulated cameras over real loopback HTTP.</summary>
internal static class Kit
{
    public const string AdminPwd = "fakeAdm1n-pw"; // firmware limit: 12 bytes

    /// <summary>No redirects, no cookies, no pooling surprises; Connection: close responses anyway.</summary>
    public static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>A host with one camera (or <paramref name="count"/>), admin with <see cref="AdminPwd"/>, short reboot/scan times.</summary>
    public static Task<EmulatorHost> StartAsync(int count = 1, Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions
        {
            Count = count,
            RebootTime = TimeSpan.FromMilliseconds(400),
            WifiScanDelay = TimeSpan.FromMilliseconds(300),
            SlowHeadersDelay = TimeSpan.FromSeconds(3),
        };
        options.Users.Clear();
        options.Users.Add(new EmulatedUser("admin", AdminPwd, EmulatedPrivilege.Administrator));
        options.Users.Add(new EmulatedUser("oper", "fake-0per-pw", EmulatedPrivilege.Operator));
        options.Users.Add(new EmulatedUser("guest", "fake-guestpw", EmulatedPrivilege.Visitor));
        configure?.Invoke(options);
        return EmulatorHost.StartAsync(options);
    }

    public static string Basic(string user, string pwd) => Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + pwd));

    /// <summary>GET with Basic admin credentials (or the given ones; null user = no credentials).</summary>
    public static async Task<Reply> GetAsync(EmulatedCamera camera, string pathAndQuery, string? user = "admin", string? pwd = AdminPwd)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(camera.BaseUri, pathAndQuery));
        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Basic(user, pwd ?? ""));
        }

        return await SendAsync(request);
    }

    /// <summary>
    /// Asserts that a request to a camera that resets every connection at accept fails as a connection failure.
    /// SocketsHttpHandler reports that as HttpRequestException, except when the reset lands between connect and its
    /// RemoteEndPoint lookup: then the raw SocketException (NotConnected) escapes (seen 1 in ~10 loaded full runs).
    /// Both mean the same thing here; the module's transport maps both to CamUnreachableException.
    /// </summary>
    public static async Task<Exception> AssertConnectionFailsAsync(Func<Task> request)
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(request);
        Assert.True(ex is HttpRequestException || ex is System.Net.Sockets.SocketException, "expected a connection failure, got " + ex);
        return ex;
    }

    public static async Task<Reply> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        return new Reply(response, body);
    }

    /// <summary>Asserts the firmware's success body "ok.\n".</summary>
    public static async Task OkAsync(EmulatedCamera camera, string pathAndQuery)
    {
        var r = await GetAsync(camera, pathAndQuery);
        Assert.Equal(200, r.Status);
        Assert.Equal("ok.\n", r.Text);
    }

    /// <summary>Asserts "error: illegal params." (no newline) at HTTP 200.</summary>
    public static async Task IllegalAsync(EmulatedCamera camera, string pathAndQuery)
    {
        var r = await GetAsync(camera, pathAndQuery);
        Assert.Equal(200, r.Status);
        Assert.Equal("error: illegal params.", r.Text);
    }

    /// <summary>A get_* reply parsed into name → value (quotes stripped, escapes resolved).</summary>
    public static async Task<Dictionary<string, string>> VarsAsync(EmulatedCamera camera, string cgi, string? user = "admin", string? pwd = AdminPwd)
    {
        var r = await GetAsync(camera, cgi, user, pwd);
        Assert.Equal(200, r.Status);
        return ParseVars(r.Text);
    }

    /// <summary>Minimal parser of the reply grammar for the tests (the module has its own).</summary>
    public static Dictionary<string, string> ParseVars(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rawLine in text.Split('\n'))
        {
            if (rawLine.Length == 0)
            {
                continue;
            }

            Assert.EndsWith(";", rawLine);
            var line = rawLine.StartsWith("var ", StringComparison.Ordinal) ? rawLine[4..] : rawLine;
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            var name = line[..eq];
            var value = line[(eq + 1)..^1];
            if (value.StartsWith('\''))
            {
                Assert.EndsWith("'", value);
                value = Unescape(value[1..^1]);
            }

            result[name] = value;
        }

        return result;
    }

    public static string Unescape(string s)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
                sb.Append(s[i] switch { 'n' => '\n', 'r' => '\r', var c => c });
            }
            else
            {
                sb.Append(s[i]);
            }
        }

        return sb.ToString();
    }

    public static string Q(params (string Name, string Value)[] pairs) =>
        string.Join("&", pairs.Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value)));

    /// <summary>Sends raw bytes on a fresh TCP connection and reads until the server closes (or the timeout).</summary>
    public static async Task<RawReply> RawAsync(EmulatedCamera camera, string request, TimeSpan? timeout = null, bool halfClose = false, CancellationToken giveUp = default)
    {
        using var client = new TcpClient();
        NetworkStream stream;
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, camera.Port);
            stream = client.GetStream();
            await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
            if (halfClose)
            {
                client.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            return new RawReply([], false, new IOException("reset before the request was sent", e));
        }

        // The client gives up at the timeout, or earlier when the test says so (giveUp).
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(giveUp);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(10));
        var ms = new MemoryStream();
        var buffer = new byte[8192];
        var closed = false;
        Exception? error = null;
        try
        {
            while (true)
            {
                var n = await stream.ReadAsync(buffer, cts.Token);
                if (n == 0)
                {
                    closed = true;
                    break;
                }

                ms.Write(buffer, 0, n);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            error = e;
        }

        return new RawReply(ms.ToArray(), closed, error);
    }

    public static string Md5(string s) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s)));

    /// <summary>Parses the auth-params of a WWW-Authenticate Digest challenge.</summary>
    public static Dictionary<string, string> ChallengeParams(string header)
    {
        Assert.StartsWith("Digest ", header);
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in header[7..].Split(','))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            result[part[..eq].Trim()] = part[(eq + 1)..].Trim().Trim('"');
        }

        return result;
    }

    /// <summary>RFC 2617 Digest Authorization header computed by hand (MD5, qop=auth).</summary>
    public static string DigestHeader(string user, string pwd, string realm, string nonce, string method, string uri, int nc, string cnonce)
    {
        var ha1 = Md5($"{user}:{realm}:{pwd}");
        var ha2 = Md5($"{method}:{uri}");
        var ncText = nc.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        var response = Md5($"{ha1}:{nonce}:{ncText}:{cnonce}:auth:{ha2}");
        return $"Digest username=\"{user}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", qop=auth, nc={ncText}, cnonce=\"{cnonce}\", response=\"{response}\"";
    }

    /// <summary>multipart/form-data POST with the file in field "file".</summary>
    public static async Task<Reply> UploadAsync(EmulatedCamera camera, string cgi, byte[]? file, string user = "admin", string pwd = AdminPwd)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(camera.BaseUri, cgi));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Basic(user, pwd));
        if (file is not null)
        {
            var content = new MultipartFormDataContent("----emu-test-boundary");
            var part = new ByteArrayContent(file);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, "file", "upload.bin");
            request.Content = content;
        }

        return await SendAsync(request);
    }

    /// <summary>Polls until the condition holds (counters update just after the client sees the reply).</summary>
    public static async Task EventuallyAsync(Func<bool> condition, int timeoutMs = 3000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail("Condition not reached in time.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Waits until a rebooting camera answers again.</summary>
    public static async Task WaitUpAsync(EmulatedCamera camera)
    {
        await EventuallyAsync(() => !camera.IsRebooting, 10000);
    }
}

/// <summary>An HttpClient reply with its body read.</summary>
internal sealed class Reply(HttpResponseMessage response, byte[] body)
{
    public int Status { get; } = (int)response.StatusCode;

    public byte[] Body { get; } = body;

    public string Text => Encoding.UTF8.GetString(Body);

    public HttpResponseHeaders Headers { get; } = response.Headers;

    public HttpContentHeaders ContentHeaders { get; } = response.Content.Headers;

    /// <summary>The header as received (not re-formatted by HttpClient's parsers).</summary>
    public string? Header(string name) =>
        Headers.NonValidated.TryGetValues(name, out var v) ? string.Join(",", v)
        : ContentHeaders.NonValidated.TryGetValues(name, out var c) ? string.Join(",", c)
        : null;
}

/// <summary>Raw bytes received on a TCP connection.</summary>
internal sealed class RawReply(byte[] bytes, bool closedByServer, Exception? error)
{
    public byte[] Bytes { get; } = bytes;

    /// <summary>The server closed (FIN) and all bytes were read.</summary>
    public bool ClosedByServer { get; } = closedByServer;

    /// <summary>Timeout (OperationCanceledException) or reset (IOException).</summary>
    public Exception? Error { get; } = error;

    public string Text => Encoding.Latin1.GetString(Bytes);

    public string Head => Text.Contains("\r\n\r\n", StringComparison.Ordinal) ? Text[..Text.IndexOf("\r\n\r\n", StringComparison.Ordinal)] : Text;

    public byte[] Body
    {
        get
        {
            var i = Text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            return i < 0 ? [] : Bytes[(i + 4)..];
        }
    }

    public string? Header(string name)
    {
        foreach (var line in Head.Split("\r\n").Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && string.Equals(line[..colon], name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }
}
