using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace FoscamPS.Emulator.Server;

/// <summary>Thrown for requests a firmware web server would not accept; carries the status to answer with.</summary>
internal sealed class BadRequestException(int status, string reason) : Exception(reason)
{
    public int Status { get; } = status;
}

/// <summary>
/// Minimal HTTP/1.0–1.1 request reader over a Kestrel connection pipe: request line, headers (CRLF or
/// bare LF), and a body by Content-Length or chunked encoding. It never sends "100 Continue" (the
/// firmware does not), so clients that send Expect: 100-continue wait for their own timeout.
/// </summary>
internal static class HttpRequestReader
{
    public const int MaxHeaderBytes = 16 * 1024;
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    /// <summary>Reads one request; null when the client closed without sending anything.</summary>
    public static async Task<EmuRequest?> ReadAsync(PipeReader input, CancellationToken ct)
    {
        byte[] head;
        while (true)
        {
            var result = await input.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryTakeHead(ref buffer, out head))
            {
                input.AdvanceTo(buffer.Start);
                break;
            }

            if (buffer.Length > MaxHeaderBytes)
            {
                input.AdvanceTo(buffer.End);
                throw new BadRequestException(400, "Bad Request");
            }

            if (result.IsCompleted)
            {
                var empty = buffer.Length == 0;
                input.AdvanceTo(buffer.End);
                if (empty)
                {
                    return null;
                }

                throw new BadRequestException(400, "Bad Request");
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }

        var request = ParseHead(head);
        var te = request.Header("Transfer-Encoding");
        var cl = request.Header("Content-Length");
        if (te is not null && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            request.Body = await ReadChunkedAsync(input, ct).ConfigureAwait(false);
        }
        else if (cl is not null)
        {
            if (!long.TryParse(cl.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                throw new BadRequestException(400, "Bad Request");
            }

            if (length > MaxBodyBytes)
            {
                throw new BadRequestException(413, "Request Entity Too Large");
            }

            request.Body = await ReadExactlyAsync(input, (int)length, ct).ConfigureAwait(false);
        }

        return request;
    }

    private static bool TryTakeHead(ref ReadOnlySequence<byte> buffer, out byte[] head)
    {
        head = [];
        if (buffer.Length == 0)
        {
            return false;
        }

        var bytes = buffer.IsSingleSegment ? buffer.FirstSpan : buffer.Slice(0, Math.Min(buffer.Length, MaxHeaderBytes + 4)).ToArray();
        var crlf = bytes.IndexOf("\r\n\r\n"u8);
        var lf = bytes.IndexOf("\n\n"u8);
        int end, marker;
        if (crlf >= 0 && (lf < 0 || crlf < lf))
        {
            end = crlf;
            marker = 4;
        }
        else if (lf >= 0)
        {
            end = lf;
            marker = 2;
        }
        else
        {
            return false;
        }

        if (end > MaxHeaderBytes)
        {
            return false;
        }

        head = bytes[..end].ToArray();
        buffer = buffer.Slice(end + marker);
        return true;
    }

    private static EmuRequest ParseHead(byte[] head)
    {
        var text = Encoding.Latin1.GetString(head);
        var lines = text.Split('\n');
        var requestLine = lines[0].TrimEnd('\r').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal) || requestLine[1].Length == 0)
        {
            throw new BadRequestException(400, "Bad Request");
        }

        var headers = new List<KeyValuePair<string, string>>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new BadRequestException(400, "Bad Request");
            }

            headers.Add(new KeyValuePair<string, string>(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        return new EmuRequest(requestLine[0], requestLine[1], requestLine[2], headers);
    }

    private static async Task<byte[]> ReadExactlyAsync(PipeReader input, int length, CancellationToken ct)
    {
        if (length == 0)
        {
            return [];
        }

        var result = await input.ReadAtLeastAsync(length, ct).ConfigureAwait(false);
        var buffer = result.Buffer;
        if (buffer.Length < length)
        {
            input.AdvanceTo(buffer.End);
            throw new BadRequestException(400, "Bad Request");
        }

        var body = buffer.Slice(0, length).ToArray();
        input.AdvanceTo(buffer.GetPosition(length));
        return body;
    }

    private static async Task<byte[]> ReadChunkedAsync(PipeReader input, CancellationToken ct)
    {
        var body = new ArrayBufferWriter<byte>();
        while (true)
        {
            var sizeLine = await ReadLineAsync(input, ct).ConfigureAwait(false);
            var semi = sizeLine.IndexOf(';', StringComparison.Ordinal);
            var hex = (semi < 0 ? sizeLine : sizeLine[..semi]).Trim();
            if (!int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new BadRequestException(400, "Bad Request");
            }

            if (size == 0)
            {
                // trailers until an empty line
                while ((await ReadLineAsync(input, ct).ConfigureAwait(false)).Length > 0)
                {
                }

                return body.WrittenSpan.ToArray();
            }

            if (body.WrittenCount + size > MaxBodyBytes)
            {
                throw new BadRequestException(413, "Request Entity Too Large");
            }

            body.Write(await ReadExactlyAsync(input, size, ct).ConfigureAwait(false));
            if ((await ReadLineAsync(input, ct).ConfigureAwait(false)).Length != 0)
            {
                throw new BadRequestException(400, "Bad Request");
            }
        }
    }

    private static async Task<string> ReadLineAsync(PipeReader input, CancellationToken ct)
    {
        while (true)
        {
            var result = await input.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            var position = buffer.PositionOf((byte)'\n');
            if (position is not null)
            {
                var line = Encoding.Latin1.GetString(buffer.Slice(0, position.Value).ToArray()).TrimEnd('\r');
                input.AdvanceTo(buffer.GetPosition(1, position.Value));
                return line;
            }

            if (result.IsCompleted || buffer.Length > 1024)
            {
                input.AdvanceTo(buffer.End);
                throw new BadRequestException(400, "Bad Request");
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
