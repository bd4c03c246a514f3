using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using FoscamPS.Protocol;

namespace FoscamPS.Model
{
    /// <summary>The baseline of an audit: expected administrators, approved web UI version, allowed server domains.</summary>
    public sealed class CamSecurityBaseline
    {
        /// <summary>Administrator names every camera may have (case-insensitive); null: the check is unverifiable.</summary>
        public IReadOnlyList<string>? Administrators { get; set; }
        /// <summary>The approved web UI version; null: the check is unverifiable.</summary>
        public Version? WebUiVersion { get; set; }
        /// <summary>Domains FTP and SMTP servers may be in (a host equal to one, or below it); null: unverifiable when a server is set.</summary>
        public IReadOnlyList<string>? AllowedDomains { get; set; }
    }

    /// <summary>One verdict before it becomes a finding.</summary>
    internal readonly struct CamCheckResult
    {
        public CamCheckResult(string checkId, CamSecurityVerdict verdict, IEnumerable<string>? evidence, string detail)
        {
            CheckId = checkId;
            Verdict = verdict;
            Evidence = evidence is null ? "" : string.Join(", ", evidence.Distinct());
            Detail = detail;
        }

        public string CheckId { get; }
        public CamSecurityVerdict Verdict { get; }
        public string Evidence { get; }
        public string Detail { get; }
    }

    /// <summary>What the audit read from one camera (secrets stay in here, in memory, for the run only).</summary>
    internal sealed class CamAuditInput
    {
        public CamVars Params { get; set; } = null!;
        /// <summary>get_factory_ddns.cgi reply; null when not read (check not selected) or not available.</summary>
        public CamVars? FactoryDdns { get; set; }
        public bool FactoryDdnsUnavailable { get; set; }
        /// <summary>True: get_status answered without credentials; false: refused; null: not probed or no verdict.</summary>
        public bool? AnonymousStatus { get; set; }
        public string? AnonymousStatusNote { get; set; }
        /// <summary>The id recorded for the camera (registry or session); null when none.</summary>
        public string? ExpectedCameraId { get; set; }
        public DateTimeOffset ReadAt { get; set; }
    }

    /// <summary>
    /// The audit rules over one camera's get_params reply (plus get_factory_ddns and the optional anonymous probe).
    /// Pure: no I/O. Verdicts name fields, never values. Password reuse across cameras is judged afterwards from the
    /// keyed hashes this returns (<see cref="Reuse"/>).
    /// </summary>
    internal static class CamSecurityAuditor
    {
        internal static readonly Version Fixed2560 = new Version(11, 37, 2, 49);
        internal static readonly Version Fixed1911 = new Version(11, 37, 2, 55);
        internal static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);
        internal const int MinPasswordLength = 8;
        internal const int MinPskLength = 12;

        private static readonly HashSet<string> Common = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "admin", "administrator", "password", "passw0rd", "password1", "12345678", "123456789", "1234567890", "123456", "1234567",
            "12345", "1234", "111111", "11111111", "000000", "00000000", "888888", "88888888", "666666", "123123", "654321", "987654321",
            "qwerty", "qwertyui", "qwerty123", "abc123", "abcd1234", "letmein", "welcome", "welcome1", "foscam", "foscam123", "ipcam",
            "ipcamera", "camera", "camera123", "admin123", "admin1234", "root", "toor", "guest", "user", "default", "changeme", "iloveyou",
        };

        /// <summary>Runs every selected check except <see cref="CamSecurityChecks.ReusedPassword"/>; adds the keyed hashes of account passwords to <paramref name="hashes"/>.</summary>
        public static List<CamCheckResult> Audit(CamAuditInput input, CamSecurityBaseline baseline, ISet<string> selected, Func<string, string> keyedHash, List<(string Field, string Hash)> hashes)
        {
            var v = input.Params;
            var results = new List<CamCheckResult>();
            void Add(string id, CamSecurityVerdict verdict, IEnumerable<string>? evidence, string detail)
            {
                if (selected.Contains(id)) results.Add(new CamCheckResult(id, verdict, evidence, detail));
            }
            string S(string name) => v.GetString(name) ?? "";
            bool On(string name) => v.GetInt32(name) == 1;

            // ---- accounts
            var accounts = new List<(int Slot, string Name, string Pwd, int? Pri)>();
            for (var i = 1; i <= CamFieldTable.UserSlots; i++)
            {
                var n = i.ToString(CultureInfo.InvariantCulture);
                var name = S($"user{n}_name");
                if (name.Length == 0) continue;
                accounts.Add((i, name, S($"user{n}_pwd"), v.GetInt32($"user{n}_pri")));
            }
            string F(int slot, string what) => $"user{slot.ToString(CultureInfo.InvariantCulture)}_{what}";
            var blank = accounts.Where(a => a.Pwd.Length == 0).ToList();
            Add(CamSecurityChecks.BlankPassword, blank.Count > 0 ? CamSecurityVerdict.Fail : CamSecurityVerdict.Pass, blank.Select(a => F(a.Slot, "pwd")),
                blank.Count > 0 ? Plural(blank.Count, "account has", "accounts have") + " a blank password." : $"{Plural(accounts.Count, "account", "accounts")}, none blank.");

            var admins = accounts.Where(a => a.Pri == 2).ToList();
            var named = admins.Where(a => a.Name.Equals("admin", StringComparison.OrdinalIgnoreCase)).ToList();
            Add(CamSecurityChecks.DefaultAdminName, named.Count > 0 ? CamSecurityVerdict.Fail : CamSecurityVerdict.Pass, named.Select(a => F(a.Slot, "name")),
                named.Count > 0 ? "An administrator account uses the factory name admin." : $"{Plural(admins.Count, "administrator", "administrators")}, none named admin.");

            var weak = accounts.Where(a => a.Pwd.Length > 0 && IsWeak(a.Pwd, a.Name)).ToList();
            Add(CamSecurityChecks.WeakPassword, weak.Count > 0 ? CamSecurityVerdict.Fail : CamSecurityVerdict.Pass, weak.Select(a => F(a.Slot, "pwd")),
                weak.Count > 0 ? Plural(weak.Count, "password is", "passwords are") + " short, common, the user name or a simple pattern." : "No weak password.");

            if (selected.Contains(CamSecurityChecks.ReusedPassword))
            {
                foreach (var a in accounts.Where(a => a.Pwd.Length > 0)) hashes.Add((F(a.Slot, "pwd"), keyedHash(a.Pwd)));
            }

            if (baseline.Administrators is null)
                Add(CamSecurityChecks.UnknownAdministrator, CamSecurityVerdict.Unverifiable, admins.Select(a => F(a.Slot, "name")), "No baseline administrators (use -Baseline).");
            else
            {
                var unknown = admins.Where(a => !baseline.Administrators.Contains(a.Name, StringComparer.OrdinalIgnoreCase)).ToList();
                Add(CamSecurityChecks.UnknownAdministrator, unknown.Count > 0 ? CamSecurityVerdict.Fail : CamSecurityVerdict.Pass, (unknown.Count > 0 ? unknown : admins).Select(a => F(a.Slot, "name")),
                    unknown.Count > 0 ? Plural(unknown.Count, "administrator is", "administrators are") + " not in the baseline." : "Every administrator is in the baseline.");
            }

            // ---- firmware
            var sys = Version.TryParse(S("sys_ver").Trim(), out var sv) ? sv : null;
            if (sys is null)
            {
                Add(CamSecurityChecks.FirmwareVulnerable, CamSecurityVerdict.Unverifiable, new[] { "sys_ver" }, "The system firmware version is missing or unreadable.");
                Add(CamSecurityChecks.CloneFirmware, CamSecurityVerdict.Unverifiable, new[] { "sys_ver" }, "The system firmware version is missing or unreadable.");
            }
            else
            {
                var text = sys.ToString();
                if (sys.Major == 11 && sys.Minor == 37)
                {
                    if (sys < Fixed2560) Add(CamSecurityChecks.FirmwareVulnerable, CamSecurityVerdict.Fail, new[] { "sys_ver" }, $"Firmware {text} is below 11.37.2.49 (CVE-2013-2560) and 11.37.2.55 (CVE-2014-1911).");
                    else if (sys < Fixed1911) Add(CamSecurityChecks.FirmwareVulnerable, CamSecurityVerdict.Fail, new[] { "sys_ver" }, $"Firmware {text} is below 11.37.2.55 (CVE-2014-1911).");
                    else Add(CamSecurityChecks.FirmwareVulnerable, CamSecurityVerdict.Pass, new[] { "sys_ver" }, $"Firmware {text} has both fixes.");
                }
                else Add(CamSecurityChecks.FirmwareVulnerable, CamSecurityVerdict.Unverifiable, new[] { "sys_ver" }, $"Firmware {text} is not of the 11.37 family: no published fix level to compare with.");
                Add(CamSecurityChecks.CloneFirmware, sys.Major == 11 ? CamSecurityVerdict.Pass : CamSecurityVerdict.Fail, new[] { "sys_ver" },
                    sys.Major == 11 ? $"Firmware {text} is a Foscam 11.x build." : $"Firmware {text} is a clone build (not 11.x): no vendor fixes.");
            }

            var app = Version.TryParse(S("app_ver").Trim(), out var av) ? av : null;
            if (baseline.WebUiVersion is null) Add(CamSecurityChecks.WebUiDrift, CamSecurityVerdict.Unverifiable, new[] { "app_ver" }, "No baseline web UI version (use -Baseline).");
            else if (app is null) Add(CamSecurityChecks.WebUiDrift, CamSecurityVerdict.Unverifiable, new[] { "app_ver" }, "The web UI version is missing or unreadable.");
            else Add(CamSecurityChecks.WebUiDrift, app == baseline.WebUiVersion ? CamSecurityVerdict.Pass : CamSecurityVerdict.Fail, new[] { "app_ver" },
                app == baseline.WebUiVersion ? $"Web UI {app} as in the baseline." : $"Web UI {app}, baseline {baseline.WebUiVersion}.");

            // ---- exposure
            Add(CamSecurityChecks.UpnpEnabled, On("upnp_enable") ? CamSecurityVerdict.Fail : CamSecurityVerdict.Pass, new[] { "upnp_enable" }, On("upnp_enable") ? "UPnP port mapping is on." : "UPnP is off.");

            if (selected.Contains(CamSecurityChecks.VendorDdns))
            {
                if (input.FactoryDdns is { } fd)
                {
                    var service = fd.GetInt32("factory_ddns_service") ?? 0;
                    var host = fd.GetString("factory_ddns_host") ?? "";
                    var inUse = service != 0 && host.Length > 0;
                    Add(CamSecurityChecks.VendorDdns, inUse ? CamSecurityVerdict.Fail : CamSecurityVerdict.Pass, new[] { "factory_ddns_service", "factory_ddns_host" },
                        inUse ? "The vendor DDNS name is registered for this camera." : "Vendor DDNS is off.");
                }
                else Add(CamSecurityChecks.VendorDdns, CamSecurityVerdict.Unverifiable, new[] { "get_factory_ddns.cgi" }, "The camera did not answer get_factory_ddns.cgi.");
            }

            Add(CamSecurityChecks.MailPublicIp, On("mail_inet_ip") ? CamSecurityVerdict.Fail : CamSecurityVerdict.Pass, new[] { "mail_inet_ip" },
                On("mail_inet_ip") ? "The camera mails its internet address when it changes." : "No mail on address change.");

            // ---- Wi-Fi
            if (!On("wifi_enable")) Add(CamSecurityChecks.WifiWeak, CamSecurityVerdict.Pass, new[] { "wifi_enable" }, "Wi-Fi is off.");
            else
            {
                var problems = new List<string>();
                var evidence = new List<string> { "wifi_enable" };
                var enc = v.GetInt32("wifi_encrypt") ?? 0;
                if (enc == 0) { problems.Add("open (no encryption)"); evidence.Add("wifi_encrypt"); }
                else if (enc == 1) { problems.Add("WEP"); evidence.Add("wifi_encrypt"); }
                else if (S("wifi_wpa_psk").Length < MinPskLength) { problems.Add($"WPA key shorter than {MinPskLength} characters"); evidence.Add("wifi_wpa_psk"); }
                if (v.GetInt32("wifi_mode") == 1) { problems.Add("ad-hoc mode"); evidence.Add("wifi_mode"); }
                Add(CamSecurityChecks.WifiWeak, problems.Count > 0 ? CamSecurityVerdict.Fail : CamSecurityVerdict.Pass, problems.Count > 0 ? evidence : new List<string> { "wifi_enable", "wifi_encrypt", "wifi_wpa_psk" },
                    problems.Count > 0 ? "Wi-Fi is " + string.Join(", ", problems) + "." : "Wi-Fi uses WPA with a long key.");
            }

            Add(CamSecurityChecks.PppoeDialOut, On("pppoe_enable") ? CamSecurityVerdict.Fail : CamSecurityVerdict.Pass, new[] { "pppoe_enable" },
                On("pppoe_enable") ? "The camera dials out with PPPoE." : "PPPoE is off.");

            // ---- FTP / SMTP
            var ftpSet = S("ftp_svr").Length > 0 && (S("ftp_user").Length > 0 || S("ftp_pwd").Length > 0);
            Add(CamSecurityChecks.FtpCredentialsInClear, ftpSet ? CamSecurityVerdict.Fail : CamSecurityVerdict.Pass, ftpSet ? Present(v, "ftp_user", "ftp_pwd") : new[] { "ftp_svr", "ftp_user" },
                ftpSet ? "An FTP account is configured; plain FTP sends it unencrypted." : "No FTP account.");
            var mailAccount = S("mail_user").Length > 0 || S("mail_pwd").Length > 0;
            var tls = v.GetInt32("mail_tls") ?? 0;
            var mailClear = mailAccount && tls == 0;
            Add(CamSecurityChecks.MailCredentialsInClear, mailClear ? CamSecurityVerdict.Fail : CamSecurityVerdict.Pass, mailClear ? Present(v, "mail_user", "mail_pwd").Concat(new[] { "mail_tls" }) : new[] { "mail_user", "mail_tls" },
                mailClear ? "An SMTP account is configured without TLS." : mailAccount ? "The SMTP account is used with TLS." : "No SMTP account.");

            var servers = new[] { "ftp_svr", "mail_svr" }.Where(n => S(n).Trim().Length > 0).ToList();
            if (servers.Count == 0) Add(CamSecurityChecks.ServerOutsideAllowedDomain, CamSecurityVerdict.Pass, new[] { "ftp_svr", "mail_svr" }, "No FTP or SMTP server configured.");
            else if (baseline.AllowedDomains is null) Add(CamSecurityChecks.ServerOutsideAllowedDomain, CamSecurityVerdict.Unverifiable, servers, "No allowed domains (use -AllowedDomain or the baseline's AllowedDomains).");
            else
            {
                var outside = servers.Where(n => !InDomains(S(n), baseline.AllowedDomains)).ToList();
                Add(CamSecurityChecks.ServerOutsideAllowedDomain, outside.Count > 0 ? CamSecurityVerdict.Fail : CamSecurityVerdict.Pass, outside.Count > 0 ? outside : servers,
                    outside.Count > 0 ? Plural(outside.Count, "server is", "servers are") + " outside the allowed domains." : "Every server is in an allowed domain.");
            }

            // ---- alarm callback
            var url = S("alarm_http_url").Trim();
            if (url.Length == 0) Add(CamSecurityChecks.AlarmCallbackInsecure, CamSecurityVerdict.Pass, new[] { "alarm_http_url" }, "No alarm callback URL.");
            else
            {
                var issues = UrlIssues(url);
                Add(CamSecurityChecks.AlarmCallbackInsecure, issues.Count > 0 ? CamSecurityVerdict.Fail : CamSecurityVerdict.Pass, new[] { "alarm_http_url" },
                    issues.Count > 0 ? "The alarm callback URL " + string.Join(" and ", issues) + "." : "The alarm callback uses https without credentials.");
            }

            var msn = S("msn_user").Length > 0 || S("msn_pwd").Length > 0;
            Add(CamSecurityChecks.StaleMsnCredentials, msn ? CamSecurityVerdict.Fail : CamSecurityVerdict.Pass, msn ? Present(v, "msn_user", "msn_pwd") : new[] { "msn_user", "msn_pwd" },
                msn ? "An MSN account is stored." : "No MSN account.");

            var devs = new List<string>();
            for (var d = CamFieldTable.FirstDevice; d <= CamFieldTable.LastDevice; d++)
            {
                var n = d.ToString(CultureInfo.InvariantCulture);
                devs.AddRange(Present(v, $"dev{n}_user", $"dev{n}_pwd"));
            }
            Add(CamSecurityChecks.DeviceCredentials, devs.Count > 0 ? CamSecurityVerdict.Fail : CamSecurityVerdict.Pass, devs.Count > 0 ? devs : new List<string> { "dev2_user..dev9_pwd" },
                devs.Count > 0 ? "Credentials of other cameras are stored in the multi-device slots." : "No multi-device credentials.");

            // ---- time
            Add(CamSecurityChecks.NtpDisabled, On("ntp_enable") ? CamSecurityVerdict.Pass : CamSecurityVerdict.Fail, new[] { "ntp_enable" },
                On("ntp_enable") ? "NTP is on." : "NTP is off.");
            var now = v.GetInt64("now");
            if (now is null) Add(CamSecurityChecks.ClockSkew, CamSecurityVerdict.Unverifiable, new[] { "now" }, "The camera did not report its clock.");
            else
            {
                var skew = DateTimeOffset.FromUnixTimeSeconds(now.Value) - input.ReadAt;
                var off = skew.Duration() > MaxSkew;
                Add(CamSecurityChecks.ClockSkew, off ? CamSecurityVerdict.Fail : CamSecurityVerdict.Pass, new[] { "now" },
                    off ? $"The camera clock is off by {Describe(skew)}." : "The camera clock is within 5 minutes.");
            }

            // ---- anonymous probe
            if (input.AnonymousStatus is { } anon)
                Add(CamSecurityChecks.AnonymousStatus, anon ? CamSecurityVerdict.Fail : CamSecurityVerdict.Pass, new[] { "get_status.cgi" },
                    anon ? "get_status.cgi answered a request without credentials." : "get_status.cgi refused a request without credentials.");
            else Add(CamSecurityChecks.AnonymousStatus, CamSecurityVerdict.Unverifiable, new[] { "get_status.cgi" }, input.AnonymousStatusNote ?? "Not probed (use -Probe).");

            // ---- text
            var unsafeFields = new List<string>();
            foreach (var n in new[] { "alias", "wifi_ssid" }.Concat(Enumerable.Range(CamFieldTable.FirstDevice, CamFieldTable.LastDevice - CamFieldTable.FirstDevice + 1).Select(d => $"dev{d.ToString(CultureInfo.InvariantCulture)}_alias")))
            {
                var t = v.GetString(n);
                if (t is not null && IsUnsafeText(t)) unsafeFields.Add(n);
            }
            Add(CamSecurityChecks.UnsafeText, unsafeFields.Count > 0 ? CamSecurityVerdict.Fail : CamSecurityVerdict.Pass, unsafeFields.Count > 0 ? unsafeFields : new List<string> { "alias", "wifi_ssid" },
                unsafeFields.Count > 0 ? "Control, invisible or HTML characters in " + Plural(unsafeFields.Count, "name", "names") + "." : "Names are plain text.");

            // ---- identity
            var id = S("id");
            if (input.ExpectedCameraId is null) Add(CamSecurityChecks.CameraIdMismatch, CamSecurityVerdict.Unverifiable, new[] { "id" }, "No camera id is recorded for this camera (Register-Cam -CameraId or Set-CamRegistration).");
            else
            {
                var same = string.Equals(id, input.ExpectedCameraId, StringComparison.OrdinalIgnoreCase);
                Add(CamSecurityChecks.CameraIdMismatch, same ? CamSecurityVerdict.Pass : CamSecurityVerdict.Fail, new[] { "id" },
                    same ? "The camera id is the recorded one." : $"The camera answers as {CamText.Sanitize(id)}, recorded {input.ExpectedCameraId}.");
            }
            return results;
        }

        /// <summary>Results of a camera whose anonymous identity probe named another camera: nothing else was read.</summary>
        public static List<CamCheckResult> Impostor(ISet<string> selected, string expected, string actual)
        {
            var list = new List<CamCheckResult>();
            foreach (var c in CamSecurityChecks.All)
            {
                if (!selected.Contains(c.Id)) continue;
                list.Add(c.Id == CamSecurityChecks.CameraIdMismatch
                    ? new CamCheckResult(c.Id, CamSecurityVerdict.Fail, new[] { "get_status.cgi", "id" }, $"The camera answers as {CamText.Sanitize(actual)}, recorded {expected}; no credential was sent.")
                    : new CamCheckResult(c.Id, CamSecurityVerdict.Unverifiable, null, "Not checked: the camera id differs from the recorded one and no credential was sent."));
            }
            return list;
        }

        /// <summary>
        /// Password reuse across cameras: a keyed hash found on two or more cameras fails on each of them (field names
        /// and the other cameras' names as evidence and detail).
        /// </summary>
        public static Dictionary<string, CamCheckResult> Reuse(IReadOnlyDictionary<string, List<(string Field, string Hash)>> byCamera)
        {
            var cameras = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var kv in byCamera)
            {
                foreach (var (_, h) in kv.Value)
                {
                    if (!cameras.TryGetValue(h, out var set)) cameras[h] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    set.Add(kv.Key);
                }
            }
            var result = new Dictionary<string, CamCheckResult>(StringComparer.OrdinalIgnoreCase);
            foreach (var kv in byCamera)
            {
                var shared = kv.Value.Where(x => cameras[x.Hash].Count > 1).ToList();
                if (shared.Count == 0)
                {
                    result[kv.Key] = new CamCheckResult(CamSecurityChecks.ReusedPassword, CamSecurityVerdict.Pass, kv.Value.Select(x => x.Field),
                        kv.Value.Count == 0 ? "No account password to compare." : "No account password is used on another audited camera.");
                    continue;
                }
                var others = shared.SelectMany(x => cameras[x.Hash]).Where(c => !c.Equals(kv.Key, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(c => c, StringComparer.OrdinalIgnoreCase).ToList();
                var names = others.Count <= 5 ? string.Join(", ", others) : string.Join(", ", others.Take(5)) + $" and {others.Count - 5} more";
                result[kv.Key] = new CamCheckResult(CamSecurityChecks.ReusedPassword, CamSecurityVerdict.Fail, shared.Select(x => x.Field),
                    $"{Plural(shared.Count, "password is", "passwords are")} also used on {Plural(others.Count, "other camera", "other cameras")}: {names}.");
            }
            return result;
        }

        /// <summary>A keyed hash function with a fresh random 256-bit key (HMAC-SHA256): equal passwords give equal hashes within one run only.</summary>
        public static Func<string, string> NewKeyedHash(out IDisposable key)
        {
            var secret = new byte[32];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(secret);
            var hmac = new HMACSHA256(secret);
            Array.Clear(secret, 0, secret.Length);
            var gate = new object();
            key = hmac;
            return text =>
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                try
                {
                    lock (gate) return Convert.ToBase64String(hmac.ComputeHash(bytes));
                }
                finally { Array.Clear(bytes, 0, bytes.Length); }
            };
        }

        internal static bool IsWeak(string pwd, string user)
        {
            if (pwd.Length < MinPasswordLength) return true;
            if (Common.Contains(pwd)) return true;
            if (user.Length > 0 && pwd.IndexOf(user, StringComparison.OrdinalIgnoreCase) >= 0) return true;
            if (pwd.All(c => c == pwd[0])) return true;
            if (pwd.All(char.IsDigit))
            {
                var up = true;
                var down = true;
                for (var i = 1; i < pwd.Length; i++)
                {
                    up &= pwd[i] == pwd[i - 1] + 1;
                    down &= pwd[i] == pwd[i - 1] - 1;
                }
                if (up || down) return true;
            }
            return false;
        }

        internal static bool IsUnsafeText(string text)
            => !CamText.IsSafe(text) || text.IndexOfAny(new[] { '<', '>', '"' }) >= 0;

        internal static bool InDomains(string server, IReadOnlyList<string> domains)
        {
            var host = server.Trim();
            if (Uri.TryCreate(host.Contains("://") ? host : "ftp://" + host, UriKind.Absolute, out var u)) host = u.Host;
            host = host.TrimEnd('.');
            foreach (var raw in domains)
            {
                var d = raw.Trim().TrimStart('.').TrimEnd('.');
                if (d.Length == 0) continue;
                if (host.Equals(d, StringComparison.OrdinalIgnoreCase)) return true;
                if (!IPAddress.TryParse(host, out _) && host.EndsWith("." + d, StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }

        internal static List<string> UrlIssues(string url)
        {
            var issues = new List<string>();
            if (!Uri.TryCreate(url, UriKind.Absolute, out var u))
            {
                if (!url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) issues.Add("is not an https URL");
                if (url.IndexOf('@') >= 0 || HasCredentialQuery(url)) issues.Add("carries credentials");
                return issues;
            }
            if (!u.Scheme.Equals("https", StringComparison.OrdinalIgnoreCase)) issues.Add("uses " + u.Scheme + " instead of https");
            if (u.UserInfo.Length > 0 || HasCredentialQuery(u.Query)) issues.Add("carries credentials");
            return issues;
        }

        private static bool HasCredentialQuery(string text)
        {
            var q = text.IndexOf('?') >= 0 ? text.Substring(text.IndexOf('?') + 1) : text;
            foreach (var part in q.Split('&', ';'))
            {
                var eq = part.IndexOf('=');
                var key = (eq >= 0 ? part.Substring(0, eq) : part).ToLowerInvariant();
                if (key.Length == 0) continue;
                if (key is "user" or "usr" or "username" or "login" or "pwd" or "pass" or "passwd" or "password" or "key" or "apikey" or "api_key" or "token" or "secret" or "auth")
                    return true;
                if (key.Contains("pwd") || key.Contains("pass") || key.Contains("token") || key.Contains("secret")) return true;
            }
            return false;
        }

        private static IEnumerable<string> Present(CamVars v, params string[] names) => names.Where(n => (v.GetString(n) ?? "").Length > 0);

        private static string Plural(int n, string one, string many) => n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many);

        private static string Describe(TimeSpan skew)
        {
            var d = skew.Duration();
            var text = d.TotalDays >= 2 ? $"{Math.Floor(d.TotalDays).ToString(CultureInfo.InvariantCulture)} days"
                : d.TotalHours >= 2 ? $"{Math.Floor(d.TotalHours).ToString(CultureInfo.InvariantCulture)} hours"
                : $"{Math.Floor(d.TotalMinutes).ToString(CultureInfo.InvariantCulture)} minutes";
            return text + (skew < TimeSpan.Zero ? " (behind)" : " (ahead)");
        }
    }
}
