using System;
using System.Collections.Generic;

namespace FoscamPS.Model
{
    /// <summary>
    /// Every settings group of one camera (Get-CamConfig): one get_params read plus get_misc, get_forbidden and
    /// get_camera_params. Each group is the same typed object its Get- cmdlet returns, so
    /// <c>(Get-CamConfig a).Wifi | Set-CamWifi -Camera b</c> copies it. Fields no table knows are kept in Extra.
    /// </summary>
    public sealed class CamConfig
    {
        public ICamera Camera { get; internal set; } = null!;
        /// <summary>Camera id (MAC).</summary>
        public string? CameraId { get; internal set; }
        public string? Alias { get; internal set; }
        public Version? SystemVersion { get; internal set; }
        public Version? WebUiVersion { get; internal set; }
        public CamNetworkSettings Network { get; internal set; } = null!;
        public CamWifiSettings Wifi { get; internal set; } = null!;
        public CamDateTimeSettings DateTime { get; internal set; } = null!;
        /// <summary>The used account slots.</summary>
        public CamUser[] Users { get; internal set; } = Array.Empty<CamUser>();
        /// <summary>The used multi-device entries.</summary>
        public CamDeviceLink[] DeviceLinks { get; internal set; } = Array.Empty<CamDeviceLink>();
        public CamPppoeSettings Pppoe { get; internal set; } = null!;
        public CamUpnpSettings Upnp { get; internal set; } = null!;
        public CamDdnsSettings Ddns { get; internal set; } = null!;
        public CamMailSettings Mail { get; internal set; } = null!;
        public CamFtpSettings Ftp { get; internal set; } = null!;
        public CamAlarmSettings Alarm { get; internal set; } = null!;
        public CamMsnSettings Msn { get; internal set; } = null!;
        public CamDecoderSettings Decoder { get; internal set; } = null!;
        /// <summary>LED and PTZ settings (get_misc.cgi); null when the camera did not answer it.</summary>
        public CamMiscSettings? Misc { get; internal set; }
        /// <summary>get_forbidden.cgi; null when the camera did not answer it.</summary>
        public CamPrivacySchedule? PrivacySchedule { get; internal set; }
        /// <summary>get_camera_params.cgi; null when the camera did not answer it.</summary>
        public CamImageSettings? ImageSetting { get; internal set; }
        /// <summary>get_params fields no table knows and no group claims (sanitised; secret-looking names as a CamSecret).</summary>
        public Dictionary<string, object> Extra { get; internal set; } = new Dictionary<string, object>(StringComparer.Ordinal);
    }
}
