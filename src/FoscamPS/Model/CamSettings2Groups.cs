using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using FoscamPS.Protocol;

namespace FoscamPS.Model
{
    /// <summary>ddns_service / factory_ddns_service codes (spec v1.21).</summary>
    public enum CamDdnsService
    {
        Disabled = 0,
        Oray = 1,
        DynDns = 2,
        DynDnsStatic = 3,
        DynDnsCustom = 4,
        Reserved5 = 5,
        Reserved6 = 6,
        Reserved7 = 7,
        Dyndns3322 = 8,
        Statdns3322 = 9,
        Reserved10 = 10,
        Reserved11 = 11,
        Reserved12 = 12,
        MintDns = 13,
        Dns9299 = 14,
        NetEase = 15,
    }

    /// <summary>led_mode of get_misc.cgi.</summary>
    public enum CamLedMode
    {
        Mode1 = 0,
        Mode2 = 1,
        Off = 2,
    }

    /// <summary>ptz_auto_patrol_type of get_misc.cgi.</summary>
    public enum CamPatrolType
    {
        None = 0,
        Horizontal = 1,
        Vertical = 2,
        HorizontalAndVertical = 3,
    }

    /// <summary>resolution codes of get_camera_params.cgi / camera_control.cgi param 0 and of videostream.cgi / snapshot streams (which take 8 and 32 only).</summary>
    public enum CamResolution
    {
        /// <summary>160×120 (camera_control only on some firmware).</summary>
        Qqvga160x120 = 2,
        Qvga320x240 = 8,
        Vga640x480 = 32,
    }

    /// <summary>mode of get_camera_params.cgi / camera_control.cgi param 3 (mains frequency against flicker, or outdoor).</summary>
    public enum CamPowerLineMode
    {
        Hz50 = 0,
        Hz60 = 1,
        Outdoor = 2,
    }

    /// <summary>flip of get_camera_params.cgi / camera_control.cgi param 5: bit 0 vertical flip, bit 1 horizontal mirror.</summary>
    [Flags]
    public enum CamFlip
    {
        None = 0,
        Flip = 1,
        Mirror = 2,
    }

    /// <summary>Serial speed codes: decoder_baud of get_params.cgi / set_decoder.cgi and the baud of comm_write.cgi (one table).</summary>
    public enum CamBaudRate
    {
        B1200 = 9,
        B2400 = 11,
        B4800 = 12,
        B9600 = 13,
        B19200 = 14,
        B38400 = 15,
        B57600 = 4097,
        B115200 = 4098,
    }

    /// <summary>PPPoE dial-up (get_params pppoe_*, set_pppoe.cgi).</summary>
    public sealed class CamPppoeSettings : CamSettingsObject
    {
        public override ICamera Camera { get; internal set; } = null!;
        public bool Enable { get; internal set; }
        /// <summary>The dial-up user name (not secret).</summary>
        private string _userName = "";
        public string UserName { get => _userName; internal set => _userName = SetText(nameof(UserName), value) ?? ""; }
        public bool HasPassword => Password.Length > 0;
        /// <summary>Dial-up user name and password; null unless -IncludeSecret.</summary>
        public CamCredential? Account => Credential(RevealSecrets, GetRawText(nameof(UserName)) ?? "", Password);
        internal string Password { get; set; } = "";
    }

    /// <summary>UPnP port forwarding (get_params upnp_enable, set_upnp.cgi).</summary>
    public sealed class CamUpnpSettings : CamSettingsObject
    {
        public override ICamera Camera { get; internal set; } = null!;
        public bool Enable { get; internal set; }
    }

    /// <summary>Dynamic DNS, whole group including the proxy fields (get_params ddns_*, set_ddns.cgi).</summary>
    public class CamDdnsSettings : CamSettingsObject
    {
        public override ICamera Camera { get; internal set; } = null!;
        public CamDdnsService Service { get; internal set; }
        private string _userName = "";
        public string UserName { get => _userName; internal set => _userName = SetText(nameof(UserName), value) ?? ""; }
        public bool HasPassword => Password.Length > 0;
        /// <summary>DDNS account; null unless -IncludeSecret.</summary>
        public CamCredential? Account => Credential(RevealSecrets, GetRawText(nameof(UserName)) ?? "", Password);
        /// <summary>ddns_host: the domain name (9299.org: the A-level domain; NetEase: the alarm URL).</summary>
        private string _hostName = "";
        public string HostName { get => _hostName; internal set => _hostName = SetText(nameof(HostName), value) ?? ""; }
        /// <summary>ddns_proxy_svr: the update URL (MintDNS, 9299.org, NetEase).</summary>
        private string _proxyServer = "";
        public string ProxyServer { get => _proxyServer; internal set => _proxyServer = SetText(nameof(ProxyServer), value) ?? ""; }
        /// <summary>ddns_proxy_port (9299.org: the mode).</summary>
        public int ProxyPort { get; internal set; }
        internal string Password { get; set; } = "";
    }

    /// <summary>The factory DDNS settings (get_factory_ddns.cgi, set_factory_ddns.cgi): what Reset-CamFactoryDdns restores.</summary>
    public sealed class CamFactoryDdnsSettings : CamDdnsSettings
    {
    }

    /// <summary>MSN alerts (get_params msn_*, set_msn.cgi).</summary>
    public sealed class CamMsnSettings : CamSettingsObject
    {
        public override ICamera Camera { get; internal set; } = null!;
        private string _userName = "";
        public string UserName { get => _userName; internal set => _userName = SetText(nameof(UserName), value) ?? ""; }
        public bool HasPassword => Password.Length > 0;
        /// <summary>MSN account; null unless -IncludeSecret.</summary>
        public CamCredential? Account => Credential(RevealSecrets, GetRawText(nameof(UserName)) ?? "", Password);
        /// <summary>The ten friends (empty strings for unused ones).</summary>
        public string[] Friend { get; internal set; } = new string[10];
        internal string Password { get; set; } = "";
    }

    /// <summary>One multi-device entry dev2..dev9 (get_params devN_*, set_devices.cgi): another camera shown in this one's web page.</summary>
    public sealed class CamDeviceLink : CamSettingsObject
    {
        public override ICamera Camera { get; internal set; } = null!;
        /// <summary>Entry number 2–9.</summary>
        public int Index { get; internal set; }
        private string _alias = "";
        public string Alias { get => _alias; internal set => _alias = SetText(nameof(Alias), value) ?? ""; }
        private string _hostName = "";
        public string HostName { get => _hostName; internal set => _hostName = SetText(nameof(HostName), value) ?? ""; }
        public int Port { get; internal set; }
        private string _userName = "";
        public string UserName { get => _userName; internal set => _userName = SetText(nameof(UserName), value) ?? ""; }
        public bool HasPassword => Password.Length > 0;
        /// <summary>The other camera's login; null unless -IncludeSecret.</summary>
        public CamCredential? Account => Credential(RevealSecrets, GetRawText(nameof(UserName)) ?? "", Password);
        public bool IsUsed => HostName.Length > 0 || Alias.Length > 0;
        internal string Password { get; set; } = "";
    }

    /// <summary>LED and PTZ patrol settings (get_misc.cgi, set_misc.cgi).</summary>
    public sealed class CamMiscSettings : CamSettingsObject
    {
        public override ICamera Camera { get; internal set; } = null!;
        public CamLedMode LedMode { get; internal set; }
        public bool PtzCenterOnStart { get; internal set; }
        /// <summary>Auto patrol interval (0: no auto patrol).</summary>
        public int PtzAutoPatrolInterval { get; internal set; }
        public CamPatrolType PtzAutoPatrolType { get; internal set; }
        /// <summary>Horizontal patrol rounds (0: endless).</summary>
        public int PtzPatrolHRounds { get; internal set; }
        /// <summary>Vertical patrol rounds (0: endless).</summary>
        public int PtzPatrolVRounds { get; internal set; }
        public int PtzPatrolRate { get; internal set; }
        public int PtzPatrolUpRate { get; internal set; }
        public int PtzPatrolDownRate { get; internal set; }
        public int PtzPatrolLeftRate { get; internal set; }
        public int PtzPatrolRightRate { get; internal set; }
        /// <summary>Presets disabled (takes effect after a reboot).</summary>
        public bool PtzDisablePreset { get; internal set; }
        /// <summary>Preset to go to at start (0: none).</summary>
        public int PtzPresetOnStart { get; internal set; }
    }

    /// <summary>Sensor settings (get_camera_params.cgi, camera_control.cgi), with the undocumented fps.</summary>
    public sealed class CamImageSettings : CamSettingsObject
    {
        public override ICamera Camera { get; internal set; } = null!;
        public CamResolution Resolution { get; internal set; }
        public int Brightness { get; internal set; }
        public int Contrast { get; internal set; }
        public CamPowerLineMode Mode { get; internal set; }
        public CamFlip Flip { get; internal set; }
        /// <summary>Frames per second the sensor runs at (undocumented, read-only).</summary>
        public int? Fps { get; internal set; }
    }

    /// <summary>Serial (RS-485) decoder speed (get_params decoder_baud, set_decoder.cgi).</summary>
    public sealed class CamDecoderSettings : CamSettingsObject
    {
        public override ICamera Camera { get; internal set; } = null!;
        public CamBaudRate Baud { get; internal set; }
    }
}
