using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using FoscamPS.Emulator.Maintenance;
using FoscamPS.Fleet.Store;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Fuzzing;

/// <summary>
/// Fuzz harness targets, shared by the AFL++/SharpFuzz console (fuzz/FoscamPS.Fuzz, which links this file) and the
/// corpus-replay test in the normal run. Each target takes arbitrary bytes; the only exceptions it lets through are
/// the typed ones the parser documents (anything else, a hang or a crash is a finding).
/// </summary>
public static class FuzzTargets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>
    {
        ["reply-parser"] = ReplyParserTarget,
        ["mjpeg-reader"] = MjpegTarget,
        ["digest-challenge"] = DigestTarget,
        ["credential-store"] = CredentialStoreTarget,
        ["params-bin"] = d => ParamsBin.TryRead(d, out _, out _),
        ["webui-package"] = d => WebUiPackage.TryValidate(d, out _, out _),
        ["firmware-package"] = d => FirmwarePackage.TryValidate(d, out _, out _),
        ["camera-text"] = CameraTextTarget,
    };

    public static void ReplyParserTarget(byte[] data)
    {
        string text = CamTransport.Decode(data);
        var vars = ReplyParser.Parse(text);
        foreach (var kv in vars)
        {
            vars.GetString(kv.Key);
            vars.GetInt32(kv.Key);
            vars.GetUInt32(kv.Key);
            vars.GetInt64(kv.Key);
            vars.GetArray(kv.Key);
        }
        CamOutcome.CheckExpectation(CamReplyExpectation.Vars, text, () => vars, "get_params.cgi", "fuzz", null);
        CamOutcome.CheckExpectation(CamReplyExpectation.Ok, text, () => vars, "set_alias.cgi", "fuzz", null);
        CamOutcome.Classify(200, text, "get_params.cgi", "fuzz", null);
    }

    public static void MjpegTarget(byte[] data)
    {
        // the first byte picks the Content-Type variant (camera-facts: boundary forms differ between clones)
        string?[] types = { "multipart/x-mixed-replace;boundary=ipcamera", "multipart/x-mixed-replace; boundary=\"--ipcamera\"", "multipart/x-mixed-replace", null };
        string? type = data.Length == 0 ? types[0] : types[data[0] % types.Length];
        using var reader = new MjpegReader(new MemoryStream(data, data.Length == 0 ? 0 : 1, Math.Max(0, data.Length - 1)), type, 1024);
        try
        {
            for (int i = 0; i < 10_000 && reader.ReadFrame() is { } frame; i++)
            {
                if (frame.Data.Length > 1024 * 2) throw new InvalidOperationException("frame above the part cap");
            }
        }
        catch (CamException)
        {
            // documented: typed protocol errors for streams it cannot resynchronise
        }
    }

    public static void DigestTarget(byte[] data)
    {
        string header = Encoding.UTF8.GetString(data);
        var challenge = AuthChallenge.Parse(header);
        if (challenge is null) return;
        _ = challenge.DigestProblem;
        _ = challenge.Realm;
        _ = challenge.Stale;
        if (challenge.IsDigest && challenge.DigestProblem is null)
            HttpAuth.Digest(new System.Net.NetworkCredential("admin", "fake-pw-1"), challenge, "GET", "/get_status.cgi", 1, "0a4f113b");
    }

    public static void CredentialStoreTarget(byte[] data)
    {
        try
        {
            var format = CredentialStoreFormat.Parse(data, "fuzz");
            int calls = 0;
            format.Recover(r => (++calls & 3) == 0); // some records "verify": exercises the resynchronising scan
        }
        catch (CamStoreException)
        {
            // documented: StoreCorrupt / StoreVersionUnsupported
        }
    }

    public static void CameraTextTarget(byte[] data)
    {
        string text = CamTransport.Decode(data);
        string shown = CamText.Sanitize(text)!;
        if (!CamText.IsSafe(shown)) throw new InvalidOperationException("sanitised text is not safe");
        CamText.CheckInput(text, 20);
        CamText.CheckInput(Encoding.Unicode.GetString(data, 0, data.Length & ~1), 64);
    }

    /// <summary>Seed inputs per target (valid replies, streams and files of the emulator and camera-facts' variants).</summary>
    public static IEnumerable<(string Target, string Name, byte[] Data)> Seeds()
    {
        byte[] A(string s) => Encoding.UTF8.GetBytes(s);
        yield return ("reply-parser", "get_params", A(FoscamPS.Tests.Protocol.SampleReplies.GetParams4K()));
        yield return ("reply-parser", "variants", A("var a='x';\r\nb=\"y\";\nc=-1;\nvar ap_ssid=new Array();\nap_ssid[0]='n&e=t;';\nd+='more';\nvar e='\\'q\\' \\\\ \\n';\n"));
        yield return ("reply-parser", "cr-only", A("var a=1;\rvar b='two';\r"));
        yield return ("reply-parser", "ok", A("ok.\n"));
        yield return ("reply-parser", "illegal", A("error: illegal params."));
        yield return ("reply-parser", "cut", A("var id='00626E4F1A2B';\nvar alias='cu"));
        var jpeg = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 2, 0, 0, 1, 0, 1, 0, 0, 0xFF, 0xD9 };
        string part(bool len) => "--ipcamera\r\nContent-Type: image/jpeg\r\n" + (len ? "Content-Length: " + jpeg.Length + "\r\n" : "") + "\r\n";
        byte[] stream(bool len) => new byte[] { 0 }.Concat(A(part(len))).Concat(jpeg).Concat(A("\r\n")).Concat(A(part(len))).Concat(jpeg).Concat(A("\r\n")).ToArray();
        yield return ("mjpeg-reader", "with-length", stream(true));
        yield return ("mjpeg-reader", "boundary-scan", stream(false));
        yield return ("digest-challenge", "digest", A("Digest realm=\"ipcamera_00626E4F1A2B\", nonce=\"4f1a2b3c\", qop=\"auth\", algorithm=MD5, stale=false"));
        yield return ("digest-challenge", "basic", A("Basic realm=\"ipcamera\""));
        yield return ("digest-challenge", "no-nonce", A("Digest realm=\"x\", qop=\"auth-int\""));
        yield return ("params-bin", "state", ParamsBin.Write(new Dictionary<string, string> { ["alias"] = "Lobby", ["user1_name"] = "admin", ["user1_pwd"] = "fake-pw-1" }));
        yield return ("webui-package", "webui", WebUiPackage.Build(new Version(2, 4, 10, 5), new[] { new KeyValuePair<string, byte[]?>("index.htm", A("<html></html>")) }));
        yield return ("firmware-package", "firmware", FirmwarePackage.Build(new Version(11, 37, 2, 49), new byte[256]));
        yield return ("camera-text", "hostile", A("\u001b[2J\u0007Lobby\r\n\u009b\u202e zero\u200bwidth Café"));
    }

    /// <summary>A small valid credential store for the seed corpus (fixed test key, fake secret).</summary>
    public static byte[] StoreSeed()
    {
        var format = new CredentialStoreFormat { Protection = CamKeyProtection.KeyFile, ProtectedKey = Array.Empty<byte>() };
        using var keys = new StoreCrypto.StoreKeys(new byte[32]);
        format.KeyCheck = keys.KeyCheck;
        foreach (var (id, address) in new[] { ("Porch", "cam1:80"), ("Garage", "cam2:80") })
        {
            StoreCrypto.Seal(keys, id, address, StoreCrypto.EncodeCredential("admin", null), out var iv, out var ct, out var mac);
            format.Records.Add(new CredentialStoreFormat.Record { Id = id, Address = address, Iv = iv, Ciphertext = ct, Mac = mac });
        }
        return format.Serialize(keys.MacKey);
    }
}
