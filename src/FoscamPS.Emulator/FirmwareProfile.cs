namespace FoscamPS.Emulator;

/// <summary>The firmware generation an <see cref="EmulatedCamera"/> imitates.</summary>
public enum FirmwareProfile
{
    /// <summary>System firmware 11.37.2.49: HTTP Basic or query credentials, anonymous get_status.cgi.</summary>
    Legacy,

    /// <summary>System firmware 11.37.2.56 and later: HTTP Digest (MD5, qop=auth), get_status.cgi needs credentials.</summary>
    Digest,

    /// <summary>
    /// A Netwave clone (system firmware 0.37.2.36): Basic or query credentials like Legacy, but replies use double
    /// quotes, CRLF line ends and <c>name+="…";</c> continuation lines, bad credentials are answered
    /// <c>200 user or passwd is error</c>, and MJPEG part headers have no space after the colon.
    /// </summary>
    Clone,
}
