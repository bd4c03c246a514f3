namespace FoscamPS.Emulator;

/// <summary>
/// Misbehaviour injected by an <see cref="EmulatedCamera"/>, changeable at run time.
/// </summary>
public enum FaultMode
{
    /// <summary>Behave like healthy firmware.</summary>
    None,

    /// <summary>Every connection is accepted and immediately reset (RST): the closest a shared listener gets to "connection refused".</summary>
    Refuse,

    /// <summary>The request is read; nothing is ever answered. The connection stays open until the client gives up.</summary>
    AcceptThenSilence,

    /// <summary>The response header block trickles out byte by byte over <see cref="EmulatorOptions.SlowHeadersDelay"/>.</summary>
    SlowHeaders,

    /// <summary>Headers and half of the body are sent, then the camera hangs.</summary>
    StallMidBody,

    /// <summary>Headers and half of the body are sent, then the connection is reset (RST).</summary>
    ResetMidBody,

    /// <summary>Content-Length announces more bytes than are sent, then the connection is closed.</summary>
    TruncatedReply,

    /// <summary>HTTP 200, text/plain, a body of random bytes.</summary>
    GarbageReply,

    /// <summary>HTTP 500 Internal Server Error.</summary>
    Http500,

    /// <summary>videostream.cgi ends in the middle of a part (other CGIs are healthy).</summary>
    TruncatedMjpeg,

    /// <summary>videostream.cgi sends damaged parts among good ones (other CGIs are healthy).</summary>
    MalformedMjpeg,

    /// <summary>The reply carries one header line of 64 KiB (<see cref="EmulatedCamera.HugeHeaderLineLength"/> bytes before its CRLF).</summary>
    HugeHeaderLine,

    /// <summary>HTTP 200 text/plain without Content-Length whose body never ends (reply-grammar lines until the client leaves).</summary>
    EndlessBody,

    /// <summary>HTTP 302 to another host and port (<see cref="EmulatedCamera.RedirectTarget"/> plus the request's path and query).</summary>
    RedirectElsewhere,

    /// <summary>
    /// Every CGI that would change something (set_*, camera_control, actions, tests, uploads) answers
    /// <c>error: illegal params.</c> at HTTP 200 and changes nothing, as firmware does for values it dislikes;
    /// reads (get_*, check_user, media, backup) stay healthy.
    /// </summary>
    IllegalParams,

    /// <summary>
    /// Every CGI that would change something (as for <see cref="IllegalParams"/>) is carried out — the change is
    /// applied, a reboot it causes still happens — and then the connection is closed without a byte of answer, as
    /// real firmware does to the reply of set_network and set_wifi when it restarts. Reads stay healthy: a client can
    /// read back whether the write took effect.
    /// </summary>
    DropSetterReply,

    /// <summary>
    /// As <see cref="DropSetterReply"/>, and from then on the camera reads requests and never answers (the fault
    /// becomes <see cref="AcceptThenSilence"/> for every CGI): the write was applied but nobody can read it back.
    /// </summary>
    DropSetterReplyThenSilence,
}
