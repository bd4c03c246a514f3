using System;
using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Emulator.Cgi;
using Microsoft.AspNetCore.Connections;

namespace FoscamPS.Emulator.Server;

/// <summary>
/// Serves one camera's Kestrel connections like the firmware's web server: one request per connection,
/// then close. Kestrel is used as the socket acceptor/transport only; the HTTP layer is ours so every byte
/// (no chunked encoding on video, exact truncation, trickled headers, RST) is under control.
/// </summary>
internal sealed class CameraConnectionHandler(EmulatedCamera camera, InFlightGauge global, CancellationToken stopping)
{
    /// <summary>A client that has not sent a complete request by then is dropped.</summary>
    public static readonly TimeSpan RequestReadTimeout = TimeSpan.FromSeconds(30);

    public async Task HandleAsync(ConnectionContext connection)
    {
        // A camera that moved to another port (EmulatorOptions.MovePortOnReboot) no longer answers at the old one.
        var moved = camera.Port != 0 && connection.LocalEndPoint is IPEndPoint local && local.Port != camera.Port;
        if (stopping.IsCancellationRequested || moved || (camera.Fault == FaultMode.Refuse && camera.FaultCgi is null) || camera.IsRebooting)
        {
            ConnectionControl.Reset(connection);
            return;
        }

        // "gone" fires when the client closes (or half-closes) or the host stops: it ends hangs and streams.
        // A complete answer is still sent to a client that half-closed after its request, as a firmware would,
        // so normal work only stops with the host.
        //
        // The request itself is read WITHOUT "gone": Kestrel fires ConnectionClosed as soon as the client's FIN
        // arrives, and that can happen before this handler first reads — a pipe read with a cancelled token
        // throws even when the whole request is already buffered, so a client that sent its request and
        // half-closed at once got an empty reply whenever the FIN won the race (the flaky
        // EnvelopeTests.ClientThatHalfClosesAfterItsRequestStillGetsTheAnswer). A client that closes without
        // a request completes the pipe, which the reader reports as "no request".
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, stopping);
        EmuRequest? request;
        try
        {
            using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            readTimeout.CancelAfter(RequestReadTimeout);
            request = await HttpRequestReader.ReadAsync(connection.Transport.Input, readTimeout.Token).ConfigureAwait(false);
        }
        catch (BadRequestException bad)
        {
            await TryWriteAsync(connection, EmuResponse.Error(bad.Status, bad.Message), stopping).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException or ConnectionAbortedException)
        {
            return;
        }

        if (request is null)
        {
            return;
        }

        request.ClientIp = (connection.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "0.0.0.0";
        var scope = new InFlightScope(camera.Gauge, global);
        try
        {
            await ServeAsync(connection, request, scope, gone.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException or ConnectionAbortedException)
        {
        }
        finally
        {
            scope.Release();
        }
    }

    private async Task ServeAsync(ConnectionContext connection, EmuRequest request, InFlightScope scope, CancellationToken gone)
    {
        var received = System.Diagnostics.Stopwatch.GetTimestamp();
        var fault = camera.FaultFor(request.Path);
        if (fault == FaultMode.AcceptThenSilence)
        {
            await ResponseSender.HangAsync(gone).ConfigureAwait(false);
            return;
        }

        var latency = camera.NextLatency();
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, stopping).ConfigureAwait(false);
        }

        EmuResponse response;
        var streamToken = gone;
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(gone, camera.BootToken);
        if (fault == FaultMode.Http500)
        {
            response = EmuResponse.Error(500, "Internal Server Error");
        }
        else if (fault == FaultMode.GarbageReply)
        {
            var garbage = new byte[Random.Shared.Next(64, 1024)];
            Random.Shared.NextBytes(garbage);
            response = EmuResponse.Text(garbage);
        }
        else if (fault == FaultMode.EndlessBody)
        {
            response = new EmuResponse { StreamBody = FaultReplies.EndlessBodyAsync };
        }
        else if (fault == FaultMode.RedirectElsewhere)
        {
            response = FaultReplies.Redirect(camera, request);
        }
        else
        {
            try
            {
                response = CgiDispatcher.Dispatch(camera, request, fault, aborted.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                response = EmuResponse.Error(500, "Internal Server Error");
            }

            // Video runs until the client leaves, the host stops or the camera reboots.
            streamToken = aborted.Token;
        }

        if (fault is FaultMode.DropSetterReply or FaultMode.DropSetterReplyThenSilence
            && response.Status == 200 && !CgiDispatcher.IsRead(request.Path.TrimStart('/')))
        {
            // The setter ran (state changed); its reply is lost: the connection is reset without a byte, then what it scheduled
            // (a reboot) still happens.
            if (fault == FaultMode.DropSetterReplyThenSilence)
            {
                camera.FaultCgi = null;
                camera.Fault = FaultMode.AcceptThenSilence;
            }

            ConnectionControl.Reset(connection);
            response.AfterSent?.Invoke();
            return;
        }

        if (fault == FaultMode.HugeHeaderLine)
        {
            response.LeadingHeaders.Add(FaultReplies.HugeHeader());
        }

        if (response.StreamBody is not null)
        {
            // A stream's mid-body fault is noted when it strikes (a stall lasts until the client leaves), any other when sent.
            var noted = false;
            var outcome = await ResponseSender.SendAsync(
                connection, response, fault, camera.Clock.UtcNow, camera.Options.SlowHeadersDelay, scope, streamToken, streamToken,
                () => { noted = true; NoteFault(fault, received); }).ConfigureAwait(false);
            if (!noted) NoteFault(fault, received);
            await FinishAsync(connection, outcome).ConfigureAwait(false);
            return;
        }

        var result = await ResponseSender.SendAsync(
            connection, response, fault, camera.Clock.UtcNow, camera.Options.SlowHeadersDelay, scope, stopping, gone).ConfigureAwait(false);
        NoteFault(fault, received);
        await FinishAsync(connection, result).ConfigureAwait(false);
        response.AfterSent?.Invoke();
    }

    /// <summary>Records when a faulty answer went out, measured from the request (see <see cref="EmulatedCamera.TakeFaultDeliveries"/>).</summary>
    private void NoteFault(FaultMode fault, long received)
    {
        if (fault != FaultMode.None) camera.NoteFaultDelivered(fault, System.Diagnostics.Stopwatch.GetElapsedTime(received));
    }

    private static async Task FinishAsync(ConnectionContext connection, SendOutcome outcome)
    {
        if (outcome == SendOutcome.Completed)
        {
            await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static async Task TryWriteAsync(ConnectionContext connection, EmuResponse response, CancellationToken ct)
    {
        try
        {
            await ResponseSender.WriteRawAsync(connection.Transport.Output, [.. response.RenderHead(DateTimeOffset.UtcNow), .. response.Body], ct).ConfigureAwait(false);
            await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException or ConnectionAbortedException)
        {
        }
    }
}
