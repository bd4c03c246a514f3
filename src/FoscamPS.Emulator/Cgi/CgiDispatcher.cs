using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using FoscamPS.Emulator.Auth;
using FoscamPS.Emulator.Server;

namespace FoscamPS.Emulator.Cgi;

/// <summary>Routes a request: pages, CGI lookup (404), method check, authentication (401), log, handler.</summary>
internal static class CgiDispatcher
{
    public static EmuResponse Dispatch(EmulatedCamera camera, EmuRequest request, FaultMode fault, CancellationToken aborted)
    {
        if (request.Method is not ("GET" or "POST"))
        {
            return EmuResponse.Error(501, "Not Implemented");
        }

        var path = request.Path == "/" ? "/index.htm" : request.Path;
        if (!CgiCatalog.TryFind(path, out var cgi))
        {
            return Pages.TryGet(path.TrimStart('/'), out var html) && !path.StartsWith("//", System.StringComparison.Ordinal)
                ? EmuResponse.Html(html)
                : EmuResponse.NotFound();
        }

        if (request.Method == "POST" && !cgi.Upload && request.Body.Length > 0 &&
            (request.Header("Content-Type") ?? "").StartsWith("application/x-www-form-urlencoded", System.StringComparison.OrdinalIgnoreCase))
        {
            request.Params.Add(Encoding.UTF8.GetString(request.Body));
        }

        var auth = Authenticator.Authenticate(camera, request, cgi.Required, cgi.AnonymousOnLegacy, cgi.CamUserLogin);
        if (auth.Failure is not null)
        {
            return auth.Failure;
        }

        if (auth.User is { } user)
        {
            camera.Log.Add(camera.LocalNow(), user.Name, request.ClientIp);
        }

        if (fault == FaultMode.IllegalParams && !IsRead(cgi.Name))
        {
            return EmuResponse.IllegalParams();
        }

        var response = cgi.Handler(new CgiContext(camera, request, auth.User, fault, aborted));
        if (camera.IsClone)
        {
            CloneLineEnds(response);
        }

        return response;
    }

    /// <summary>Netwave clones end the lines of their text replies with CRLF.</summary>
    private static void CloneLineEnds(EmuResponse response)
    {
        if (response.StreamBody is not null || response.ContentType != "text/plain" || Array.IndexOf(response.Body, (byte)'\n') < 0)
        {
            return;
        }

        var body = new List<byte>(response.Body.Length + 64);
        foreach (var b in response.Body)
        {
            if (b == (byte)'\n')
            {
                body.Add((byte)'\r');
            }

            body.Add(b);
        }

        response.Body = body.ToArray();
    }

    /// <summary>CGIs that only read (left healthy by <see cref="FaultMode.IllegalParams"/>).</summary>
    internal static bool IsRead(string name) =>
        name.StartsWith("get_", System.StringComparison.Ordinal) ||
        name is "check_user.cgi" or "snapshot.cgi" or "videostream.cgi" or "videostream.asf" or "backup_params.cgi";
}
