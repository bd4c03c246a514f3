using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using FoscamPS.Emulator.Server;
using FoscamPS.Emulator.State;

namespace FoscamPS.Emulator.Auth;

/// <summary>Outcome of authentication: the user (null = anonymous allowed) or the 401 to send.</summary>
internal readonly record struct AuthResult(AuthUser? User, EmuResponse? Failure);

/// <summary>
/// Camera authentication as the firmware does it.
/// Legacy (&lt; 11.37.2.56): HTTP Basic (realm "ipcamera") or query credentials; get_status.cgi is anonymous.
/// Digest (11.37.2.56+): HTTP Digest MD5 with qop=auth (realm "ipcamera_&lt;MAC&gt;"), Basic is refused, and
/// get_status.cgi needs credentials. Reports conflict on whether such firmware still takes query
/// credentials; the emulator ACCEPTS them (user/pwd, or cam_user/cam_pwd on the six setters whose own
/// fields are called user/pwd), so a client that negotiates down to query auth keeps working.
/// A valid user lacking the privilege gets the same 401 + challenge as a wrong password (as real firmware).
/// </summary>
internal static class Authenticator
{
    public const string BasicRealm = "ipcamera";

    /// <summary>The 200 body of a Netwave clone for refused credentials.</summary>
    public const string CloneAuthErrorText = "user or passwd is error";

    private static readonly IReadOnlyList<FieldDef> UserFields = BuildUserFields();

    public static string DigestRealm(string id) => "ipcamera_" + id;

    public static AuthResult Authenticate(EmulatedCamera camera, EmuRequest request, Privilege required, bool anonymousOnLegacy, bool camUserLogin)
    {
        var digest = camera.Profile == FirmwareProfile.Digest;
        if (anonymousOnLegacy && !digest)
        {
            return new AuthResult(null, null);
        }

        AuthUser? user;
        var stale = false;
        var header = request.Header("Authorization");
        if (header is not null)
        {
            user = !digest && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) ? VerifyBasic(camera, header[6..].Trim())
                : digest && header.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase) ? VerifyDigest(camera, request, header[7..], out stale)
                : null;
        }
        else
        {
            var name = request.Params.Get(camUserLogin ? "cam_user" : "user");
            user = name is null ? null : Find(camera, name, request.Params.Get(camUserLogin ? "cam_pwd" : "pwd") ?? "");
        }

        if (user is null || user.Privilege < required)
        {
            // Clones answer credentials they refuse with a 200 body; a request without any still gets the challenge.
            var presented = header is not null || request.Params.Has(camUserLogin ? "cam_user" : "user");
            if (camera.IsClone && presented)
            {
                return new AuthResult(null, EmuResponse.Text(CloneAuthErrorText));
            }

            return new AuthResult(null, EmuResponse.Unauthorized(Challenge(camera, stale)));
        }

        return new AuthResult(user, null);
    }

    public static string Challenge(EmulatedCamera camera, bool stale = false) =>
        camera.Profile == FirmwareProfile.Digest
            ? $"Digest realm=\"{DigestRealm(camera.Id)}\", qop=\"auth\", nonce=\"{camera.Nonces.Create()}\"" + (stale ? ", stale=true" : "")
            : $"Basic realm=\"{BasicRealm}\"";

    /// <summary>The first of the eight slots with this (non-empty) name; password compared exactly.</summary>
    public static AuthUser? Find(EmulatedCamera camera, string name, string? password)
    {
        if (name.Length == 0)
        {
            return null;
        }

        var values = camera.State.Read(UserFields);
        for (var i = 0; i < values.Length; i += 3)
        {
            if (string.Equals(values[i], name, StringComparison.Ordinal))
            {
                if (password is not null && !string.Equals(values[i + 1], password, StringComparison.Ordinal))
                {
                    return null;
                }

                var pri = values[i + 2] switch { "2" => Privilege.Administrator, "1" => Privilege.Operator, _ => Privilege.Visitor };
                return new AuthUser(values[i], values[i + 1], pri);
            }
        }

        return null;
    }

    public static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Parses the comma-separated auth-params of a Digest header (quoted strings with \ escapes, or tokens).</summary>
    public static Dictionary<string, string> ParseAuthParams(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ' ' || text[i] == ',' || text[i] == '\t'))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && text[i] != '=' && text[i] != ',')
            {
                i++;
            }

            var key = text[start..i].Trim();
            if (i >= text.Length || text[i] != '=')
            {
                continue;
            }

            i++;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                var sb = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    sb.Append(text[i++]);
                }

                i++;
                value = sb.ToString();
            }
            else
            {
                start = i;
                while (i < text.Length && text[i] != ',')
                {
                    i++;
                }

                value = text[start..i].Trim();
            }

            if (key.Length > 0)
            {
                result[key] = value;
            }
        }

        return result;
    }

    private static AuthUser? VerifyBasic(EmulatedCamera camera, string token)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : Find(camera, decoded[..colon], decoded[(colon + 1)..]);
    }

    private static AuthUser? VerifyDigest(EmulatedCamera camera, EmuRequest request, string header, out bool stale)
    {
        stale = false;
        var p = ParseAuthParams(header);
        if (!p.TryGetValue("username", out var username) || !p.TryGetValue("realm", out var realm) ||
            !p.TryGetValue("nonce", out var nonce) || !p.TryGetValue("uri", out var uri) || !p.TryGetValue("response", out var response))
        {
            return null;
        }

        if (realm != DigestRealm(camera.Id) ||
            (uri != request.Target && uri != request.PathAndQuery) ||
            (p.TryGetValue("algorithm", out var algorithm) && !string.Equals(algorithm, "MD5", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var account = Find(camera, username, null);
        if (account is null)
        {
            return null;
        }

        var ha1 = Md5Hex($"{username}:{realm}:{account.Password}");
        var ha2 = Md5Hex($"{request.Method}:{uri}");
        long? nc = null;
        string expected;
        if (p.TryGetValue("qop", out var qop))
        {
            if (!string.Equals(qop, "auth", StringComparison.OrdinalIgnoreCase) ||
                !p.TryGetValue("nc", out var ncText) || ncText.Length != 8 ||
                !long.TryParse(ncText, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var ncValue) ||
                !p.TryGetValue("cnonce", out var cnonce) || cnonce.Length == 0)
            {
                return null;
            }

            nc = ncValue;
            expected = Md5Hex($"{ha1}:{nonce}:{ncText}:{cnonce}:{qop}:{ha2}");
        }
        else
        {
            expected = Md5Hex($"{ha1}:{nonce}:{ha2}");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(response.ToLowerInvariant())))
        {
            return null;
        }

        switch (camera.Nonces.Check(nonce, nc))
        {
            case NonceCheck.Valid:
                return account;
            case NonceCheck.Stale:
                stale = true;
                return null;
            default:
                return null;
        }
    }

    private static List<FieldDef> BuildUserFields()
    {
        var list = new List<FieldDef>();
        for (var i = 1; i <= FieldCatalog.UserSlots; i++)
        {
            list.Add(FieldCatalog.Get($"user{i}_name"));
            list.Add(FieldCatalog.Get($"user{i}_pwd"));
            list.Add(FieldCatalog.Get($"user{i}_pri"));
        }

        return list;
    }
}
