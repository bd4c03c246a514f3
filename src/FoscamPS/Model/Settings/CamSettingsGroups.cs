using System;
using System.Management.Automation;
using FoscamPS.Protocol;

namespace FoscamPS.Model
{
    /// <summary>Basic network settings (get_params ip/mask/gateway/dns/dhcp_vendor/port, set_network.cgi).</summary>
    public sealed class CamNetworkSettings : CamSettingsObject
    {
        public override ICamera Camera { get; internal set; } = null!;
        /// <summary>True when the camera gets its address by DHCP (blank ip).</summary>
        public bool Dhcp => IpAddress.Length == 0;
        private string _ip = "";
        /// <summary>The fixed IPv4 address (blank: DHCP). Identity: never copied from another camera's settings.</summary>
        public string IpAddress { get => _ip; internal set => _ip = SetText(nameof(IpAddress), value) ?? ""; }
        private string _mask = "";
        public string SubnetMask { get => _mask; internal set => _mask = SetText(nameof(SubnetMask), value) ?? ""; }
        private string _gateway = "";
        public string Gateway { get => _gateway; internal set => _gateway = SetText(nameof(Gateway), value) ?? ""; }
        private string _dns = "";
        public string DnsServer { get => _dns; internal set => _dns = SetText(nameof(DnsServer), value) ?? ""; }
        /// <summary>HTTP port.</summary>
        public int Port { get; internal set; }
        private string _vendor = "";
        /// <summary>DHCP vendor class id.</summary>
        public string DhcpVendor { get => _vendor; internal set => _vendor = SetText(nameof(DhcpVendor), value) ?? ""; }
    }

    /// <summary>Wi-Fi settings, WEP fields included (get_params wifi_*, set_wifi.cgi: the whole group).</summary>
    public sealed class CamWifiSettings : CamSettingsObject
    {
        public override ICamera Camera { get; internal set; } = null!;
        public bool Enable { get; internal set; }
        private string _ssid = "";
        public string Ssid { get => _ssid; internal set => _ssid = SetText(nameof(Ssid), value) ?? ""; }
        public CamWifiEncryption Encryption { get; internal set; }
        /// <summary>WPA/WPA2 pre-shared key: ******** (or blank); the value with -IncludeSecret.</summary>
        public CamSecret WpaPsk => SecretOf("wifi_wpa_psk");
        public CamWifiCountry Country { get; internal set; }
        /// <summary>Channel (reserved by the firmware).</summary>
        public int Channel { get; internal set; }
        /// <summary>Mode (reserved; 0 infrastructure).</summary>
        public int Mode { get; internal set; }
        public CamWepAuthType AuthType { get; internal set; }
        public CamWepKeyFormat KeyFormat { get; internal set; }
        /// <summary>WEP key used to send: 0–3 (key 1–4).</summary>
        public int DefaultKey { get; internal set; }
        public CamSecret Key1 => SecretOf("wifi_key1");
        public CamSecret Key2 => SecretOf("wifi_key2");
        public CamSecret Key3 => SecretOf("wifi_key3");
        public CamSecret Key4 => SecretOf("wifi_key4");
        public CamWepKeyBits Key1Bits { get; internal set; }
        public CamWepKeyBits Key2Bits { get; internal set; }
        public CamWepKeyBits Key3Bits { get; internal set; }
        public CamWepKeyBits Key4Bits { get; internal set; }
    }

    /// <summary>Clock, time zone and NTP (get_params now/tz/daylight_saving_time/ntp_*, set_datetime.cgi).</summary>
    public sealed class CamDateTimeSettings : CamSettingsObject
    {
        public override ICamera Camera { get; internal set; } = null!;
        /// <summary>The camera clock (UTC) when read.</summary>
        public DateTimeOffset? Now { get; internal set; }
        /// <summary>Time zone as a usual UTC offset (the camera stores seconds WEST of UTC: EST = 18000 is -05:00).</summary>
        public TimeSpan UtcOffset { get; internal set; }
        /// <summary>Daylight saving shift added to the offset.</summary>
        public TimeSpan DaylightSavingTime { get; internal set; }
        public bool NtpEnable { get; internal set; }
        private string _ntp = "";
        public string NtpServer { get => _ntp; internal set => _ntp = SetText(nameof(NtpServer), value) ?? ""; }
        /// <summary>The camera's local time (Now + UtcOffset + DaylightSavingTime).</summary>
        public DateTimeOffset? LocalTime
        {
            get
            {
                if (Now is not { } now) return null;
                var offset = UtcOffset + DaylightSavingTime;
                return offset.Duration() <= TimeSpan.FromHours(14) ? now.ToOffset(offset) : now;
            }
        }
    }

    /// <summary>Motion/sound/input alarm, actions and arming schedule (get_params alarm_*, set_alarm.cgi).</summary>
    public sealed class CamAlarmSettings : CamSettingsObject
    {
        public override ICamera Camera { get; internal set; } = null!;
        public bool MotionArmed { get; internal set; }
        /// <summary>0 (most sensitive) to 9.</summary>
        public int MotionSensitivity { get; internal set; }
        public bool MotionCompensation { get; internal set; }
        public bool SoundArmed { get; internal set; }
        /// <summary>0 (most sensitive) to 9.</summary>
        public int SoundSensitivity { get; internal set; }
        public bool InputArmed { get; internal set; }
        public CamIoLevel InputLevel { get; internal set; }
        public bool IoLinkage { get; internal set; }
        public CamIoLevel OutputLevel { get; internal set; }
        /// <summary>Preset to go to on alarm (0: none).</summary>
        public int Preset { get; internal set; }
        public bool SendMail { get; internal set; }
        /// <summary>Seconds between images uploaded on alarm (0: none).</summary>
        public int UploadInterval { get; internal set; }
        public bool SendMsn { get; internal set; }
        public bool HttpNotify { get; internal set; }
        /// <summary>URL called on alarm, credentials in it masked (a copy with -IncludeSecret carries them).</summary>
        public string HttpUrl => CamText.Sanitize(Redactor.RedactUrl(WireOf("alarm_http_url") ?? "")) ?? "";
        /// <summary>The URL called on alarm as a secret (value inside with -IncludeSecret).</summary>
        public CamSecret HttpUrlSecret => SecretOf("alarm_http_url");
        /// <summary>Arm only by <see cref="Schedule"/>.</summary>
        public bool ScheduleEnable { get; internal set; }
        public CamSchedule Schedule { get; internal set; } = CamSchedule.Never;
    }

    /// <summary>FTP upload: server, account, timing and schedule (get_params ftp_*, set_ftp.cgi).</summary>
    public sealed class CamFtpSettings : CamSettingsObject
    {
        public override ICamera Camera { get; internal set; } = null!;
        private string _server = "";
        public string Server { get => _server; internal set => _server = SetText(nameof(Server), value) ?? ""; }
        public int Port { get; internal set; }
        private string _user = "";
        public string UserName { get => _user; internal set => _user = SetText(nameof(UserName), value) ?? ""; }
        /// <summary>True when the FTP password is not blank.</summary>
        public bool HasPassword => (WireOf("ftp_pwd") ?? "").Length > 0;
        /// <summary>FTP user and password (a CamCredential, converts to a PSCredential); null unless -IncludeSecret.</summary>
        public CamCredential? Account => AccountOf("ftp_user", "ftp_pwd");
        private string _dir = "";
        public string Directory { get => _dir; internal set => _dir = SetText(nameof(Directory), value) ?? ""; }
        public CamFtpMode Mode { get; internal set; }
        public bool RetainConnection { get; internal set; }
        /// <summary>Seconds between uploaded images (0: no timed upload).</summary>
        public int UploadInterval { get; internal set; }
        private string _file = "";
        public string FileName { get => _file; internal set => _file = SetText(nameof(FileName), value) ?? ""; }
        public int NumberOfFiles { get; internal set; }
        /// <summary>Upload only by <see cref="Schedule"/>.</summary>
        public bool ScheduleEnable { get; internal set; }
        public CamSchedule Schedule { get; internal set; } = CamSchedule.Never;
    }

    /// <summary>Alarm and notification mail (get_params mail_*, set_mail.cgi: the whole group, tls and all receivers).</summary>
    public sealed class CamMailSettings : CamSettingsObject
    {
        public override ICamera Camera { get; internal set; } = null!;
        private string _server = "";
        public string Server { get => _server; internal set => _server = SetText(nameof(Server), value) ?? ""; }
        public int Port { get; internal set; }
        public CamMailTls Tls { get; internal set; }
        private string _user = "";
        public string UserName { get => _user; internal set => _user = SetText(nameof(UserName), value) ?? ""; }
        /// <summary>True when the SMTP password is not blank.</summary>
        public bool HasPassword => (WireOf("mail_pwd") ?? "").Length > 0;
        /// <summary>SMTP user and password (a CamCredential, converts to a PSCredential); null unless -IncludeSecret.</summary>
        public CamCredential? Account => AccountOf("mail_user", "mail_pwd");
        private string _sender = "";
        public string Sender { get => _sender; internal set => _sender = SetText(nameof(Sender), value) ?? ""; }
        /// <summary>The four receivers (empty strings for unused ones).</summary>
        public string[] Receiver { get; internal set; } = new string[CamFieldTable.MailReceivers];
        /// <summary>Mail when the camera's internet address changes.</summary>
        public bool NotifyIpChange { get; internal set; }
    }

    /// <summary>When video and audio are forbidden (get_forbidden.cgi, set_forbidden.cgi).</summary>
    public sealed class CamPrivacySchedule : CamSettingsObject
    {
        public override ICamera Camera { get; internal set; } = null!;
        /// <summary>The schedule is in force.</summary>
        public bool ScheduleEnable { get; internal set; }
        /// <summary>Quarter-hours when video and audio are forbidden.</summary>
        public CamSchedule Schedule { get; internal set; } = CamSchedule.Never;
    }
}
