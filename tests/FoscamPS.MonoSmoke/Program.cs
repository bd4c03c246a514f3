using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Security;
using System.Threading;
using FoscamPS.Fleet.Store;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.MonoSmoke
{
    /// <summary>
    /// FoscamPS.MonoSmoke &lt;legacy camera&gt; &lt;digest camera&gt; &lt;user&gt; &lt;store dir&gt;; the password comes on
    /// standard input (never on the command line). One line per check, "ok &lt;check&gt;: ..." or "FAIL &lt;check&gt;: ...";
    /// the exit code is the number of failed checks. Uses the protocol and store layers exactly as the cmdlets do.
    /// </summary>
    internal static class Program
    {
        private static int _failed;

        private static int Main(string[] args)
        {
            if (args.Length != 4)
            {
                Console.Error.WriteLine("usage: FoscamPS.MonoSmoke <legacy camera> <digest camera> <user> <store dir>  (password on stdin)");
                return 100;
            }
            string password = Console.In.ReadLine() ?? "";
            var credential = new NetworkCredential(args[2], password);
            Console.WriteLine("runtime: " + RuntimeName() + ", FoscamPS " + typeof(CamTransport).Assembly.GetName().Version);

            using (var legacy = new CamTransport(CamAddress.Parse(args[0]), credential, new CamTransportOptions { Timeout = TimeSpan.FromSeconds(10) }))
            {
                Check("status read", () =>
                {
                    var reply = legacy.SendAsync(CgiCatalogue.GetStatus.CreateRequest(), CancellationToken.None).GetAwaiter().GetResult();
                    string? id = reply.Vars.GetString("id");
                    if (string.IsNullOrEmpty(id) || reply.Vars.GetString("sys_ver") is null) throw new Exception("no id/sys_ver in get_status: " + reply);
                    return "id " + id + ", sys_ver " + reply.Vars.GetString("sys_ver") + ", auth " + legacy.NegotiatedScheme;
                });
                Check("params read", () =>
                {
                    var reply = legacy.SendAsync(CgiCatalogue.Get("get_params.cgi").CreateRequest(), CancellationToken.None).GetAwaiter().GetResult();
                    int fields = 0;
                    foreach (var unused in reply.Vars) fields++;
                    if (fields < 20 || reply.Vars.GetString("alias") is null) throw new Exception(fields + " fields");
                    return fields + " fields, alias '" + CamText.Sanitize(reply.Vars.GetString("alias")) + "'";
                });
                Check("setter", () =>
                {
                    string alias = "mono-" + Environment.TickCount % 10000;
                    legacy.SendAsync(CgiCatalogue.Get("set_alias.cgi").CreateRequest(new[] { new KeyValuePair<string, string>("alias", alias) }), CancellationToken.None)
                        .GetAwaiter().GetResult().EnsureOk();
                    var back = legacy.SendAsync(CgiCatalogue.GetStatus.CreateRequest(), CancellationToken.None).GetAwaiter().GetResult().Vars.GetString("alias");
                    if (back != alias) throw new Exception("alias reads back as '" + back + "', not '" + alias + "'");
                    return "alias set to " + alias + " and read back";
                });
                Check("snapshot", () =>
                {
                    using (var media = legacy.OpenMediaAsync(CgiCatalogue.Get("snapshot.cgi").CreateRequest(), CancellationToken.None).GetAwaiter().GetResult())
                    using (var ms = new MemoryStream())
                    {
                        media.Body.CopyTo(ms);
                        byte[] jpeg = ms.ToArray();
                        if (jpeg.Length < 100 || jpeg[0] != 0xFF || jpeg[1] != 0xD8 || jpeg[jpeg.Length - 2] != 0xFF || jpeg[jpeg.Length - 1] != 0xD9)
                            throw new Exception(jpeg.Length + " bytes, not a whole JPEG");
                        return jpeg.Length + " bytes of JPEG (" + media.ContentType + ")";
                    }
                });
                Check("wrong password", () =>
                {
                    using (var wrong = new CamTransport(CamAddress.Parse(args[0]), new NetworkCredential(args[2], "fake-wrong1"), new CamTransportOptions { Timeout = TimeSpan.FromSeconds(10) }))
                    {
                        try
                        {
                            wrong.SendAsync(CgiCatalogue.Get("get_params.cgi").CreateRequest(), CancellationToken.None).GetAwaiter().GetResult();
                        }
                        catch (CamException ex) when (ex.ErrorId == "AuthenticationFailed")
                        {
                            return "AuthenticationFailed, the message names no password: " + (ex.Message.IndexOf("fake-wrong1", StringComparison.Ordinal) < 0);
                        }
                        throw new Exception("a wrong password was accepted");
                    }
                });
            }

            using (var digest = new CamTransport(CamAddress.Parse(args[1]), credential, new CamTransportOptions { Timeout = TimeSpan.FromSeconds(10) }))
            {
                Check("digest", () =>
                {
                    var reply = digest.SendAsync(CgiCatalogue.Get("get_params.cgi").CreateRequest(), CancellationToken.None).GetAwaiter().GetResult();
                    if (digest.NegotiatedScheme != CamAuthScheme.Digest) throw new Exception("negotiated " + digest.NegotiatedScheme + ", not Digest");
                    if (reply.Vars.GetString("alias") is null) throw new Exception("no alias over Digest");
                    return "get_params over Digest (sys_ver " + digest.SendAsync(CgiCatalogue.GetStatus.CreateRequest(), CancellationToken.None).GetAwaiter().GetResult().Vars.GetString("sys_ver") + ")";
                });
            }

            Check("store round trip", () =>
            {
                var location = CamConfigLocation.ForDirectory(args[3]);
                var secret = new SecureString();
                foreach (char c in "fake-pw-1") secret.AppendChar(c);
                using (var store = new CamCredentialStore(location, new KeyFileMasterKeyProvider(args[3])))
                {
                    store.Set("porch", "cam1:80", "admin", secret);
                    store.Set("garage", "cam2:80", "viewer", secret);
                }
                using (var store = new CamCredentialStore(location, new KeyFileMasterKeyProvider(args[3])))
                {
                    if (!store.TryGet("porch", "cam1:80", out var back) || back.UserName != "admin" || back.Password != "fake-pw-1")
                        throw new Exception("porch did not read back");
                    try
                    {
                        store.TryGet("porch", "cam9:80", out _);
                        throw new Exception("a credential came back for another address");
                    }
                    catch (CamStoreException)
                    {
                        // bound to its address: refused for another one
                    }
                }
                var file = location.CredentialStorePath!;
                byte[] raw = File.ReadAllBytes(file);
                if (System.Text.Encoding.UTF8.GetString(raw).Contains("fake-pw-1")) throw new Exception("the password is readable in " + file);
                return "2 records written, reopened, read back (key file); " + raw.Length + " bytes, no clear text";
            });

            Console.WriteLine(_failed == 0 ? "mono smoke: all checks passed" : "mono smoke: " + _failed + " check(s) failed");
            return _failed;
        }

        private static void Check(string name, Func<string> check)
        {
            try
            {
                Console.WriteLine("ok " + name + ": " + check());
            }
            catch (Exception ex)
            {
                _failed++;
                Console.WriteLine("FAIL " + name + ": " + ex.GetType().Name + ": " + ex.Message);
            }
        }

        private static string RuntimeName()
        {
            var mono = Type.GetType("Mono.Runtime");
            if (mono is null) return ".NET " + Environment.Version;
            var display = mono.GetMethod("GetDisplayName", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static);
            return "Mono " + (display?.Invoke(null, null) ?? Environment.Version);
        }
    }
}
