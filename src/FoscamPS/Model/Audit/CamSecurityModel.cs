using System;
using System.Collections.Generic;
using System.Linq;
using FoscamPS.Protocol;

namespace FoscamPS.Model
{
    /// <summary>How bad a failed security check is.</summary>
    public enum CamSecuritySeverity { Info = 0, Low = 1, Medium = 2, High = 3, Critical = 4 }

    /// <summary>Outcome of one check on one camera.</summary>
    public enum CamSecurityVerdict { Pass = 0, Fail = 1, Unverifiable = 2 }

    /// <summary>What Test-CamSecurity -Summary groups by.</summary>
    public enum CamSecuritySummaryKind { Camera, Check }

    /// <summary>One audit check: id, what it looks at, why it matters and the FoscamPS command that fixes it.</summary>
    public sealed class CamSecurityCheck
    {
        internal CamSecurityCheck(string id, string title, CamSecuritySeverity severity, string what, string why, string remediation)
        {
            Id = id;
            Title = title;
            Severity = severity;
            What = what;
            Why = why;
            Remediation = remediation;
        }

        public string Id { get; }
        public string Title { get; }
        public CamSecuritySeverity Severity { get; }
        public string What { get; }
        public string Why { get; }
        public string Remediation { get; }
        public override string ToString() => Id;
    }

    /// <summary>The audit list (security.md "Fleet security audit"), in report order.</summary>
    public static class CamSecurityChecks
    {
        public const string BlankPassword = "BlankPassword";
        public const string DefaultAdminName = "DefaultAdminName";
        public const string WeakPassword = "WeakPassword";
        public const string ReusedPassword = "ReusedPassword";
        public const string UnknownAdministrator = "UnknownAdministrator";
        public const string FirmwareVulnerable = "FirmwareVulnerable";
        public const string CloneFirmware = "CloneFirmware";
        public const string WebUiDrift = "WebUiDrift";
        public const string UpnpEnabled = "UpnpEnabled";
        public const string VendorDdns = "VendorDdns";
        public const string MailPublicIp = "MailPublicIp";
        public const string WifiWeak = "WifiWeak";
        public const string PppoeDialOut = "PppoeDialOut";
        public const string FtpCredentialsInClear = "FtpCredentialsInClear";
        public const string MailCredentialsInClear = "MailCredentialsInClear";
        public const string ServerOutsideAllowedDomain = "ServerOutsideAllowedDomain";
        public const string AlarmCallbackInsecure = "AlarmCallbackInsecure";
        public const string StaleMsnCredentials = "StaleMsnCredentials";
        public const string DeviceCredentials = "DeviceCredentials";
        public const string NtpDisabled = "NtpDisabled";
        public const string ClockSkew = "ClockSkew";
        public const string AnonymousStatus = "AnonymousStatus";
        public const string UnsafeText = "UnsafeText";
        public const string CameraIdMismatch = "CameraIdMismatch";

        /// <summary>Every check, in report order.</summary>
        public static IReadOnlyList<CamSecurityCheck> All { get; } = new[]
        {
            new CamSecurityCheck(BlankPassword, "Account with a blank password", CamSecuritySeverity.Critical,
                "Every used user slot (user1..user8) has a password.",
                "New cameras ship as admin with an empty password; a blank account opens the camera (and every secret in get_params) to anyone on the network.",
                "Set-CamUser -UserName <name> -Account (Get-Credential)"),
            new CamSecurityCheck(DefaultAdminName, "Administrator named 'admin'", CamSecuritySeverity.Medium,
                "No administrator account is called admin (the factory name).",
                "Attackers and botnets try admin first; a known name halves the guessing.",
                "Add-CamUser (a new administrator), then Remove-CamUser -UserName admin"),
            new CamSecurityCheck(WeakPassword, "Weak password", CamSecuritySeverity.High,
                "Passwords are at least 8 characters, not a common password, not the user name and not one repeated character or a digit run.",
                "The firmware has no lock-out: short or common passwords are guessed quickly.",
                "Set-CamUser -UserName <name> -Account (Get-Credential)"),
            new CamSecurityCheck(ReusedPassword, "Password reused on other cameras", CamSecuritySeverity.High,
                "No account password is also used on another camera of the audit (compared as keyed hashes held in memory only).",
                "get_params.cgi hands every password to anyone with administrator access, and the path traversal of old firmware leaks them: one camera then opens all.",
                "Set-CamUser -UserName <name> -Account (Get-Credential)"),
            new CamSecurityCheck(UnknownAdministrator, "Administrator not in the baseline", CamSecuritySeverity.High,
                "Every administrator account is listed in the baseline's Administrators.",
                "An unexpected administrator is a sign of compromise or a forgotten account.",
                "Remove-CamUser -UserName <name> (or add the name to the baseline)"),
            new CamSecurityCheck(FirmwareVulnerable, "Firmware with known vulnerabilities", CamSecuritySeverity.Critical,
                "11.37 firmware is at least 11.37.2.55 (below 11.37.2.49: CVE-2013-2560 path traversal; below .55: CVE-2014-1911 blank login). Other families cannot be judged.",
                "Both flaws give an attacker the camera and every credential it stores without a password.",
                "Update-CamFirmware -Path lr_cmos_11_37_2_55.bin (or later)"),
            new CamSecurityCheck(CloneFirmware, "Clone firmware family", CamSecuritySeverity.High,
                "The system firmware is a Foscam 11.x build, not a Netwave clone build.",
                "Clone builds share the old flaws and receive no fixes.",
                "Set-CamUpnp -Enable $false and Set-CamDdns -Service Disabled (keep it off the internet); replace the camera"),
            new CamSecurityCheck(WebUiDrift, "Web UI version differs from the baseline", CamSecuritySeverity.Low,
                "app_ver equals the baseline's WebUiVersion.",
                "A web UI other than the approved one may carry old page flaws and shows that an update was missed.",
                "Update-CamWebUI -Path <approved web UI package>"),
            new CamSecurityCheck(UpnpEnabled, "UPnP port mapping enabled", CamSecuritySeverity.High,
                "upnp_enable is off.",
                "UPnP maps the camera's port on the router: the camera becomes reachable from the internet (how botnets found these cameras).",
                "Set-CamUpnp -Enable $false"),
            new CamSecurityCheck(VendorDdns, "Vendor DDNS in use", CamSecuritySeverity.Medium,
                "The factory (vendor) DDNS of get_factory_ddns.cgi is disabled.",
                "Vendor DDNS names are derived from the camera and guessable (CVE-2014-1849): they publish the camera's address.",
                "Set-CamFactoryDdns -Service Disabled"),
            new CamSecurityCheck(MailPublicIp, "Camera mails its public IP", CamSecuritySeverity.Medium,
                "mail_inet_ip is off.",
                "The camera announces its internet address by mail whenever it changes: it only makes sense for a camera exposed to the internet.",
                "Set-CamMail -NotifyIpChange $false"),
            new CamSecurityCheck(WifiWeak, "Weak Wi-Fi settings", CamSecuritySeverity.High,
                "When Wi-Fi is on: not open, not WEP, not ad-hoc, and a WPA key of at least 12 characters.",
                "Open, WEP and ad-hoc networks are readable by anyone in range; short pre-shared keys are cracked offline.",
                "Set-CamWifi -Encryption Wpa2Aes -WpaPsk <key of 12 or more characters>"),
            new CamSecurityCheck(PppoeDialOut, "PPPoE dial-out enabled", CamSecuritySeverity.Medium,
                "pppoe_enable is off.",
                "A camera that dials out on its own gets a public address, bypassing the firewall.",
                "Set-CamPppoe -Enable $false"),
            new CamSecurityCheck(FtpCredentialsInClear, "FTP credentials sent in clear", CamSecuritySeverity.Medium,
                "No FTP account is configured (the cameras speak plain FTP only).",
                "Plain FTP sends the user name and password unencrypted on every upload.",
                "Set-CamFtp -Server '' (drop the upload) or Set-CamFtp -Account <isolated write-only account>"),
            new CamSecurityCheck(MailCredentialsInClear, "SMTP credentials sent in clear", CamSecuritySeverity.Medium,
                "An SMTP account is only configured together with TLS or STARTTLS.",
                "SMTP authentication without TLS sends the password unencrypted.",
                "Set-CamMail -Tls Tls (or StartTls)"),
            new CamSecurityCheck(ServerOutsideAllowedDomain, "FTP/SMTP server outside the allowed domains", CamSecuritySeverity.Medium,
                "ftp_svr and mail_svr are empty or in a domain of -AllowedDomain (or the baseline's AllowedDomains).",
                "Images and credentials sent to a server outside the organisation leave its control.",
                "Set-CamFtp -Server <allowed host> / Set-CamMail -Server <allowed host>"),
            new CamSecurityCheck(AlarmCallbackInsecure, "Alarm HTTP callback insecure", CamSecuritySeverity.Medium,
                "alarm_http_url is empty or an https URL without credentials (no user:password@, no user/pwd/key/token parameters).",
                "A plain-http callback or one carrying credentials exposes them to every hop and log on the way.",
                "Set-CamAlarm -HttpUrl 'https://…' (no credentials in the URL)"),
            new CamSecurityCheck(StaleMsnCredentials, "Stale MSN credentials", CamSecuritySeverity.Low,
                "No MSN account is stored (MSN Messenger closed in 2013).",
                "The account is useless but its password still sits in every get_params reply.",
                "Set-CamMsn -Account <blank account> (clears the stored MSN login)"),
            new CamSecurityCheck(DeviceCredentials, "Credentials of other cameras stored", CamSecuritySeverity.Medium,
                "The multi-device slots dev2..dev9 hold no user name or password.",
                "get_params returns them in clear: one camera's administrator gets the other cameras too.",
                "Set-CamDeviceLink -Index <n> -Clear"),
            new CamSecurityCheck(NtpDisabled, "NTP off", CamSecuritySeverity.Low,
                "ntp_enable is on.",
                "Without NTP the clock falls back to 1970 after every reboot: logs, mails and recordings carry wrong times.",
                "Set-CamDateTime -NtpEnable $true -NtpServer <server>"),
            new CamSecurityCheck(ClockSkew, "Clock off by more than 5 minutes", CamSecuritySeverity.Low,
                "The camera clock (now) is within 5 minutes of this computer's clock.",
                "Wrong times make logs and evidence useless and break Digest nonces and certificates downstream.",
                "Set-CamDateTime -NtpEnable $true (or -SyncLocalClock)"),
            new CamSecurityCheck(AnonymousStatus, "Status readable without credentials", CamSecuritySeverity.Medium,
                "get_status.cgi refuses a request without credentials (probed only with -Probe).",
                "Firmware up to 11.37.2.49 tells anyone the camera id, versions, alias and DDNS host: reconnaissance for the flaws above.",
                "Update-CamFirmware (11.37.2.56 or later answers only with credentials)"),
            new CamSecurityCheck(UnsafeText, "Control or HTML characters in names", CamSecuritySeverity.Low,
                "alias, wifi_ssid and dev2..dev9 aliases hold no control, invisible or HTML characters (< > \").",
                "Such text injects markup into the camera's own web pages and escape sequences into terminals and logs.",
                "Set-CamAlias -Alias <plain text> / Set-CamWifi -Ssid <plain text>"),
            new CamSecurityCheck(CameraIdMismatch, "Camera id differs from the registry", CamSecuritySeverity.Critical,
                "The camera id (MAC) answering at the address is the one recorded for it (registry or session).",
                "Another device now has the address (DHCP churn or an impostor): nothing is sent to it with credentials.",
                "Set-CamRegistration -Name <name> -CameraId <id> (after confirming the device) or fix the address"),
        };

        private static readonly Dictionary<string, CamSecurityCheck> ById = All.ToDictionary(c => c.Id, StringComparer.OrdinalIgnoreCase);

        /// <summary>A check by id (case-insensitive).</summary>
        public static CamSecurityCheck Get(string id) => ById.TryGetValue(id, out var c) ? c : throw new ArgumentException($"Unknown security check '{id}'.", nameof(id));
    }

    /// <summary>Text for spreadsheet exports: a value starting with = + - @ tab or CR gets a leading apostrophe (OWASP CSV injection).</summary>
    public static class CamSpreadsheetText
    {
        public static string Safe(string? text)
        {
            if (string.IsNullOrEmpty(text)) return text ?? "";
            var c = text![0];
            return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\n' || c == '|' || c == '%' ? "'" + text : text;
        }

        /// <summary>True when a spreadsheet would read the text as a formula.</summary>
        public static bool IsFormulaLike(string? text)
            => !string.IsNullOrEmpty(text) && "=+-@\t\r\n|%".IndexOf(text![0]) >= 0;
    }

    /// <summary>
    /// The camera of a finding: pipes into -Camera like the session (same name, address, id and session id), and
    /// prints as a spreadsheet-safe name, so Export-Csv of findings writes no formula even for a session named "=…".
    /// </summary>
    public sealed class CamAuditedCamera : ICamera
    {
        internal CamAuditedCamera(string name, CamAddress address, string? cameraId, Guid? id)
        {
            Name = name;
            Address = address;
            CameraId = cameraId;
            Id = id;
        }

        public string Name { get; }
        public CamAddress Address { get; }
        public string? CameraId { get; }
        /// <summary>The session this camera was audited through (re-attaches to it when piped).</summary>
        public Guid? Id { get; }
        public override string ToString() => CamSpreadsheetText.Safe(CamText.Sanitize(Name));
    }

    /// <summary>One check on one camera. Evidence lists field NAMES, never values; every text is spreadsheet-safe.</summary>
    public sealed class CamSecurityFinding
    {
        private string _cameraName = "", _checkId = "", _title = "", _evidence = "", _detail = "", _remediation = "";

        public ICamera Camera { get; internal set; } = null!;
        public string CameraName { get => _cameraName; internal set => _cameraName = CamSpreadsheetText.Safe(CamText.Sanitize(value)); }
        public string CheckId { get => _checkId; internal set => _checkId = CamSpreadsheetText.Safe(value); }
        public string Title { get => _title; internal set => _title = CamSpreadsheetText.Safe(value); }
        public CamSecuritySeverity Severity { get; internal set; }
        public CamSecurityVerdict Verdict { get; internal set; }
        /// <summary>Names of the fields (or requests) the verdict rests on, comma separated.</summary>
        public string Evidence { get => _evidence; internal set => _evidence = CamSpreadsheetText.Safe(value); }
        /// <summary>Why the verdict, without any secret value (counts, versions, other camera names).</summary>
        public string Detail { get => _detail; internal set => _detail = CamSpreadsheetText.Safe(CamText.Sanitize(value)); }
        /// <summary>The FoscamPS command that fixes a failure.</summary>
        public string Remediation { get => _remediation; internal set => _remediation = CamSpreadsheetText.Safe(value); }
        public string? CameraId { get; internal set; }
        public override string ToString() => $"{CameraName} {CheckId} {Verdict}";
    }

    /// <summary>Test-CamSecurity -Summary Camera: one line per camera.</summary>
    public sealed class CamSecurityCameraSummary
    {
        private string _failedChecks = "";
        public ICamera Camera { get; internal set; } = null!;
        public int Failed { get; internal set; }
        public int Passed { get; internal set; }
        public int Unverifiable { get; internal set; }
        /// <summary>Severity of the worst failed check (null when nothing failed).</summary>
        public CamSecuritySeverity? WorstSeverity { get; internal set; }
        public string FailedChecks { get => _failedChecks; internal set => _failedChecks = CamSpreadsheetText.Safe(value); }
    }

    /// <summary>Test-CamSecurity -Summary Check: one line per check over the fleet.</summary>
    public sealed class CamSecurityCheckSummary
    {
        private string _failedCameras = "";
        public string CheckId { get; internal set; } = "";
        public string Title { get; internal set; } = "";
        public CamSecuritySeverity Severity { get; internal set; }
        public int Failed { get; internal set; }
        public int Passed { get; internal set; }
        public int Unverifiable { get; internal set; }
        public string FailedCameras { get => _failedCameras; internal set => _failedCameras = CamSpreadsheetText.Safe(CamText.Sanitize(value)); }
    }
}
