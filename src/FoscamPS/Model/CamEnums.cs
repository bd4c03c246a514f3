namespace FoscamPS.Model
{
    /// <summary>alarm_status of get_status.cgi.</summary>
    public enum CamAlarmStatus
    {
        None = 0,
        Motion = 1,
        Input = 2,
        Sound = 3,
    }

    /// <summary>upnp_status of get_status.cgi.</summary>
    public enum CamUpnpStatus
    {
        NoAction = 0,
        Succeeded = 1,
        DeviceSystemError = 2,
        NetworkError = 3,
        UpnpDeviceError = 4,
        RejectedPortConflict = 5,
    }

    /// <summary>wifi_status of get_status.cgi.</summary>
    public enum CamLinkStatus
    {
        Wired = 0,
        Wifi = 1,
    }

    /// <summary>Firmware authentication family, as negotiated or expected.</summary>
    public enum CamFirmwareFamily
    {
        Unknown = 0,
        /// <summary>11.37.2.49 and before: Basic or query credentials, get_status anonymous.</summary>
        Legacy,
        /// <summary>11.37.2.56 and later: Digest MD5, get_status needs credentials.</summary>
        Digest,
    }
}
