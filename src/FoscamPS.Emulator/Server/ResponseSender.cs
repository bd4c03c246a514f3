using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections;

namespace FoscamPS.Emulator.Server;

/// <summary>How a response ended on the wire.</summary>
internal enum SendOutcome
{
    /// <summary>Sent; the caller closes the connection gracefully (FIN).</summary>
    Completed,

    /// <summary>The connection was reset (RST); nothing more may be written.</summary>
    Reset,
}

/// <summary>
/// Writes an <see cref="EmuResponse"/> to a connection, applying the camera's body-level fault:
/// SlowHeaders, StallMidBody, ResetMidBody, TruncatedReply. (Refuse, AcceptThenSilence, GarbageReply and
/// Http500 are decided earlier; TruncatedMjpeg/MalformedMjpeg inside the MJPEG writer.)
/// </summary>
internal static class ResponseSender
{
    // ct: stops normal sending (host stopping); hang: ends StallMidBody / SlowHeaders early (client gone).

    /// <summary>Bytes of a streamed body after which StallMidBody/ResetMidBody strike.</summary>
    public const int StreamFaultCutoff = 16 * 1024;

    /// <summary>Time given to the kernel to deliver the half body before an abortive close.</summary>
    public static readonly TimeSpan ResetGrace = TimeSpan.FromMilliseconds(150);

    public static async Task<SendOutcome> SendAsync(
        ConnectionContext connection,
        EmuResponse response,
        FaultMode fault,
        DateTimeOffset date,
        TimeSpan slowHeaders,
        InFlightScope scope,
        CancellationToken ct,
        CancellationToken hang,
        Action? faultStruck = null)
    {
        var output = connection.Transport.Output;
        if (response.StreamBody is not null)
        {
            // for streams ct already includes the client leaving
            return await SendStreamAsync(connection, response, fault, date, slowHeaders, ct, faultStruck).ConfigureAwait(false);
        }

        var body = response.Body;
        switch (fault)
        {
            case FaultMode.TruncatedReply:
                // Announce more than is sent, send the body, then close normally.
                output.Write(response.RenderHead(date, body.Length + Math.Max(64, body.Length)));
                output.Write(body);
                await output.FlushAsync(ct).ConfigureAwait(false);
                return SendOutcome.Completed;

            case FaultMode.StallMidBody:
            case FaultMode.ResetMidBody:
                output.Write(response.RenderHead(date));
                output.Write(body.AsSpan(0, body.Length / 2));
                await output.FlushAsync(ct).ConfigureAwait(false);
                if (fault == FaultMode.StallMidBody)
                {
                    await HangAsync(hang).ConfigureAwait(false);
                    return SendOutcome.Completed;
                }

                await Task.Delay(ResetGrace, ct).ConfigureAwait(false);
                ConnectionControl.Reset(connection);
                return SendOutcome.Reset;

            case FaultMode.SlowHeaders:
                await TrickleAsync(output, response.RenderHead(date), slowHeaders, hang).ConfigureAwait(false);
                output.Write(body);
                await output.FlushAsync(ct).ConfigureAwait(false);
                return SendOutcome.Completed;

            default:
                // The request is no longer in flight once its answer is on its way: release first, so a
                // client that sends the next request the moment it has read this one never sees two.
                scope.Release();
                output.Write(response.RenderHead(date));
                output.Write(body);
                await output.FlushAsync(ct).ConfigureAwait(false);
                return SendOutcome.Completed;
        }
    }

    /// <summary>Sends raw bytes (no fault) and flushes.</summary>
    public static async Task WriteRawAsync(PipeWriter output, byte[] bytes, CancellationToken ct)
    {
        output.Write(bytes);
        await output.FlushAsync(ct).ConfigureAwait(false);
    }

    public static async Task HangAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <param name="faultStruck">Called the moment a stream's StallMidBody/ResetMidBody strikes (after the cutoff's bytes went out).</param>
    private static async Task<SendOutcome> SendStreamAsync(
        ConnectionContext connection, EmuResponse response, FaultMode fault, DateTimeOffset date, TimeSpan slowHeaders, CancellationToken ct, Action? faultStruck)
    {
        var output = connection.Transport.Output;
        var head = response.RenderHead(date);
        if (fault == FaultMode.SlowHeaders)
        {
            await TrickleAsync(output, head, slowHeaders, ct).ConfigureAwait(false);
        }
        else
        {
            await WriteRawAsync(output, head, ct).ConfigureAwait(false);
        }

        Stream stream = output.AsStream(leaveOpen: true);
        if (fault is FaultMode.StallMidBody or FaultMode.ResetMidBody)
        {
            stream = new FaultingStream(stream, StreamFaultCutoff, fault == FaultMode.ResetMidBody);
        }

        try
        {
            await response.StreamBody!(stream, ct).ConfigureAwait(false);
        }
        catch (FaultingStream.ResetRequestedException)
        {
            faultStruck?.Invoke();
            await Task.Delay(ResetGrace, CancellationToken.None).ConfigureAwait(false);
            ConnectionControl.Reset(connection);
            return SendOutcome.Reset;
        }
        catch (FaultingStream.StallRequestedException)
        {
            faultStruck?.Invoke();
            await HangAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }

        return SendOutcome.Completed;
    }

    /// <summary>Header bytes one at a time, spread over <paramref name="duration"/>.</summary>
    private static async Task TrickleAsync(PipeWriter output, byte[] head, TimeSpan duration, CancellationToken ct)
    {
        var step = head.Length > 1 ? duration / (head.Length - 1) : TimeSpan.Zero;
        for (var i = 0; i < head.Length; i++)
        {
            if (i > 0 && step > TimeSpan.Zero)
            {
                await Task.Delay(step, ct).ConfigureAwait(false);
            }

            output.Write(head.AsSpan(i, 1));
            var flushed = await output.FlushAsync(ct).ConfigureAwait(false);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                throw new OperationCanceledException();
            }
        }
    }
}

/// <summary>Passes a streamed body through until a byte budget is spent, then stalls or asks for a reset.</summary>
internal sealed class FaultingStream(Stream inner, long cutoff, bool reset) : Stream
{
    private long _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _written; set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var room = cutoff - _written;
        if (buffer.Length < room)
        {
            _written += buffer.Length;
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            return;
        }

        await inner.WriteAsync(buffer[..(int)room], cancellationToken).ConfigureAwait(false);
        await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        _written = cutoff;
        if (reset)
        {
            throw new ResetRequestedException();
        }

        throw new StallRequestedException();
    }

    internal sealed class ResetRequestedException : Exception
    {
    }

    internal sealed class StallRequestedException : Exception
    {
    }
}
