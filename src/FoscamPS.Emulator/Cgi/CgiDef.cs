using FoscamPS.Emulator.Auth;
using FoscamPS.Emulator.Server;

namespace FoscamPS.Emulator.Cgi;

internal delegate EmuResponse CgiHandler(CgiContext context);

/// <summary>One CGI: name, privilege, login parameter names and handler.</summary>
internal sealed record CgiDef(string Name, Privilege Required, CgiHandler Handler)
{
    /// <summary>Query login is cam_user/cam_pwd because user/pwd are the group's own fields.</summary>
    public bool CamUserLogin { get; init; }

    /// <summary>Answers without credentials on Legacy firmware (get_status.cgi up to 11.37.2.49).</summary>
    public bool AnonymousOnLegacy { get; init; }

    /// <summary>multipart/form-data upload CGI (POST only, body not parsed as a form).</summary>
    public bool Upload { get; init; }
}
