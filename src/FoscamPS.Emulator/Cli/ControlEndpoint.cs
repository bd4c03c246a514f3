using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Emulator.Server;
using Microsoft.AspNetCore.Connections;

namespace FoscamPS.Emulator.Cli;

/// <summary>
/// Loopback control endpoint of the CLI: GET /stats (JSON counters), POST /reset,
/// POST /fault?index=I&amp;mode=M[&amp;location=URL] (location: RedirectElsewhere's target), POST /latency?index=I&amp;ms=N[&amp;max=M], POST /reboot?index=I.
/// </summary>
internal sealed class ControlEndpoint(EmulatorHost host)
{
    public static async Task<KestrelListener> StartAsync(EmulatorHost host, int port, CancellationToken ct)
    {
        var endpoint = new ControlEndpoint(host);
        return await KestrelListener.StartAsync([(new IPEndPoint(IPAddress.Loopback, port), endpoint.HandleAsync)], ct).ConfigureAwait(false);
    }

    internal (int Status, string ContentType, string Body) Handle(string method, string path, QueryParams query)
    {
        switch (method, path)
        {
            case ("GET", "/stats"):
                return (200, "application/json", Stats().ToJsonString());
            case ("POST", "/reset"):
                host.ResetCounters();
                return Ok();
            case ("POST", "/fault"):
                {
                    if (!TryCamera(query, out var camera) ||
                        !Enum.TryParse<FaultMode>(query.Get("mode") ?? "", ignoreCase: true, out var mode) || !Enum.IsDefined(mode))
                    {
                        return Bad("fault needs index=I&mode=M");
                    }

                    if (query.Get("location") is { } location)
                    {
                        if (!Uri.TryCreate(location, UriKind.Absolute, out var target) || target.Scheme != Uri.UriSchemeHttp)
                        {
                            return Bad("location must be an absolute http URL");
                        }

                        camera.RedirectTarget = target;
                    }

                    camera.Fault = mode;
                    return Ok();
                }

            case ("POST", "/latency"):
                {
                    if (!TryCamera(query, out var camera) || !TryMs(query.Get("ms"), out var ms))
                    {
                        return Bad("latency needs index=I&ms=N");
                    }

                    camera.Latency = TimeSpan.FromMilliseconds(ms);
                    camera.LatencyMax = TryMs(query.Get("max"), out var max) && max >= ms ? TimeSpan.FromMilliseconds(max) : null;
                    return Ok();
                }

            case ("POST", "/reboot"):
                {
                    if (!TryCamera(query, out var camera))
                    {
                        return Bad("reboot needs index=I");
                    }

                    camera.Reboot();
                    return Ok();
                }

            default:
                return (404, "text/plain", "not found\n");
        }
    }

    private JsonObject Stats()
    {
        var cameras = new JsonArray();
        foreach (var c in host.Cameras)
        {
            cameras.Add(new JsonObject
            {
                ["id"] = c.Id,
                ["port"] = c.Port,
                ["inFlight"] = c.InFlight,
                ["maxInFlight"] = c.MaxInFlight,
                ["requests"] = c.RequestCount,
                ["fault"] = c.Fault.ToString(),
            });
        }

        return new JsonObject { ["inFlight"] = host.InFlight, ["maxInFlight"] = host.MaxInFlight, ["cameras"] = cameras };
    }

    private bool TryCamera(QueryParams query, out EmulatedCamera camera)
    {
        camera = null!;
        if (!int.TryParse(query.Get("index"), NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= host.Cameras.Count)
        {
            return false;
        }

        camera = host.Cameras[index];
        return true;
    }

    private static bool TryMs(string? text, out int ms) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ms) && ms <= 600000;

    private static (int, string, string) Ok() => (200, "text/plain", "ok\n");

    private static (int, string, string) Bad(string message) => (400, "text/plain", message + "\n");

    private async Task HandleAsync(ConnectionContext connection)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var request = await HttpRequestReader.ReadAsync(connection.Transport.Input, timeout.Token).ConfigureAwait(false);
            if (request is null)
            {
                return;
            }

            var (status, type, body) = Handle(request.Method, request.Path, request.Params);
            var bytes = Encoding.UTF8.GetBytes(body);
            var head = $"HTTP/1.1 {status} {(status == 200 ? "OK" : status == 404 ? "Not Found" : "Bad Request")}\r\n" +
                $"Content-Type: {type}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
            await ResponseSender.WriteRawAsync(connection.Transport.Output, [.. Encoding.ASCII.GetBytes(head), .. bytes], timeout.Token).ConfigureAwait(false);
            await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or BadRequestException or ConnectionResetException)
        {
        }
    }
}
