using System.Threading;
using FoscamPS.Emulator.Auth;
using FoscamPS.Emulator.Server;
using FoscamPS.Emulator.State;

namespace FoscamPS.Emulator.Cgi;

/// <summary>Everything a CGI handler sees.</summary>
internal sealed class CgiContext(EmulatedCamera camera, EmuRequest request, AuthUser? user, FaultMode fault, CancellationToken aborted)
{
    public EmulatedCamera Camera { get; } = camera;

    public EmuRequest Request { get; } = request;

    public QueryParams Params => Request.Params;

    /// <summary>Authenticated account; null for anonymous get_status on Legacy firmware.</summary>
    public AuthUser? User { get; } = user;

    /// <summary>Fault of the camera when the request arrived (video writers need it).</summary>
    public FaultMode Fault { get; } = fault;

    /// <summary>Connection closed, camera rebooting or host stopping.</summary>
    public CancellationToken Aborted { get; } = aborted;

    public CameraState State => Camera.State;

    /// <summary>A reply builder in the camera's style (clone style for the Clone profile).</summary>
    public ReplyBuilder Reply() => new(Camera.IsClone);

    /// <summary>
    /// Success: "ok.\n", or, when next_url names a page, that page instead (404 for unknown or
    /// non-relative names, as the firmware's file server would).
    /// </summary>
    public EmuResponse Ok()
    {
        var next = Params.Get("next_url");
        if (string.IsNullOrEmpty(next))
        {
            return EmuResponse.Ok();
        }

        return Pages.TryGet(next, out var html) ? EmuResponse.Html(html) : EmuResponse.NotFound();
    }

    /// <summary><see cref="Ok"/>, then a reboot once the answer is on the wire.</summary>
    public EmuResponse OkThenReboot()
    {
        var response = Ok();
        response.AfterSent = () => Camera.Reboot();
        return response;
    }
}
