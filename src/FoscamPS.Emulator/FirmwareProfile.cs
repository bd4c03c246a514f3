namespace FoscamPS.Emulator;

/// <summary>The firmware generation an <see cref="EmulatedCamera"/> imitates.</summary>
public enum FirmwareProfile
{
    /// <summary>System firmware 11.37.2.49: HTTP Basic or query credentials, anonymous get_status.cgi.</summary>
    Legacy,

    /// <summary>System firmware 11.37.2.56 and later: HTTP Digest (MD5, qop=auth), get_status.cgi needs credentials.</summary>
    Digest,
}
