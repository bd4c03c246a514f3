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
        ["upload-validators"] = UploadTarget,
    };

    /// <summary>
    /// The upload path (Update-CamFirmware, Update-CamWebUI, Restore-CamConfig): the first byte picks the validator —
    /// the package reader for either kind (file name and bytes split at the first NUL), the backup manifest parser, and
    /// the multipart body the module sends, parsed back by the camera's multipart parser (it must find exactly the file).
    /// </summary>
    public static void UploadTarget(byte[] data)
    {
        if (data.Length == 0) return;
        var rest = new ReadOnlySpan<byte>(data, 1, data.Length - 1);
        int nul = rest.IndexOf((byte)0);
        string name = Encoding.UTF8.GetString(nul < 0 ? rest : rest.Slice(0, nul));
        byte[] body = nul < 0 ? rest.ToArray() : rest.Slice(nul + 1).ToArray();
        switch (data[0] % 5)
        {
            case 0:
            case 1:
                {
                    var kind = data[0] % 5 == 0 ? CamPackageKind.WebUi : CamPackageKind.SystemFirmware;
                    bool ok = CamPackageReader.TryValidate(kind, name, body, out var package, out var error);
                    if (ok != (package is not null) || ok == (error is not null)) throw new InvalidOperationException("package result and reason disagree");
                    if (package is not null) _ = package.Family + package.Sha256 + package.EntryCount;
                    break;
                }
            case 2:
                {
                    var manifest = CamBackupManifest.Parse(rest.ToArray(), "fuzz.bin.xml", out var error);
                    if (manifest is null && error is null) throw new InvalidOperationException("manifest refused without a reason");
                    break;
                }
            case 3:
                {
                    // what the module sends, as the camera parses it
                    using var file = new MemoryStream(body);
                    using var content = new MultipartFormContent("file", name, file);
                    byte[] wire = content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
                    if (content.Headers.ContentLength != wire.Length) throw new InvalidOperationException("Content-Length differs from the body");
                    var request = new FoscamPS.Emulator.Server.EmuRequest("POST", "/upgrade_firmware.cgi", "HTTP/1.1",
                        new List<KeyValuePair<string, string>> { new("Content-Type", content.Headers.ContentType!.ToString()) }) { Body = wire };
                    var parsed = FoscamPS.Emulator.Cgi.Multipart.TryGetFile(request);
                    if (parsed is null || !parsed.AsSpan().SequenceEqual(body)) throw new InvalidOperationException("the camera does not read back the file the module sent");
                    break;
                }
            default:
                {
                    // the camera's parser on a hostile body (the emulator must not be crashable by a client either)
                    var request = new FoscamPS.Emulator.Server.EmuRequest("POST", "/restore_params.cgi", "HTTP/1.1",
                        new List<KeyValuePair<string, string>> { new("Content-Type", "multipart/form-data; boundary=" + (name.Length is > 0 and < 70 ? name : "x")) }) { Body = body };
                    FoscamPS.Emulator.Cgi.Multipart.TryGetFile(request);
                    break;
                }
        }
    }

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
        var webui = WebUiPackage.Build(new Version(2, 4, 10, 5), new[] { new KeyValuePair<string, byte[]?>("index.htm", A("<html></html>")), new KeyValuePair<string, byte[]?>("img", null) });
        yield return ("upload-validators", "webui", new byte[] { 0 }.Concat(A("2.4.10.5.bin\0")).Concat(webui).ToArray());
        yield return ("upload-validators", "firmware-name", new byte[] { 1 }.Concat(A("lr_cmos_11_37_2_56.bin\0")).Concat(A("PK\u0003\u0004 not firmware")).ToArray());
        yield return ("upload-validators", "manifest", new byte[] { 2 }.Concat(new CamBackupManifest { CameraName = "Porch", Address = "cam1:80", CameraId = "00626E4F1A2B", SystemVersion = new Version(11, 37, 2, 49), TakenAt = DateTimeOffset.UnixEpoch, Length = 12, Sha256 = new string('a', 64) }.ToBytes()).ToArray());
        yield return ("upload-validators", "multipart", new byte[] { 3 }.Concat(A("params.bin\0")).Concat(ParamsBin.Write(new Dictionary<string, string> { ["alias"] = "Lobby" })).ToArray());
        yield return ("upload-validators", "camera-multipart", new byte[] { 4 }.Concat(A("b0\0--b0\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\r\nxyz\r\n--b0--\r\n")).ToArray());
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
