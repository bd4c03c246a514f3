using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace FoscamPS.Emulator.Server;

/// <summary>The replies of the HTTP-level faults HugeHeaderLine, EndlessBody and RedirectElsewhere.</summary>
internal static class FaultReplies
{
    /// <summary>Header name of the <see cref="FaultMode.HugeHeaderLine"/> line.</summary>
    public const string HugeHeaderName = "X-Netwave-Debug";

    /// <summary>A header whose line ("name: value", without CRLF) is exactly <see cref="EmulatedCamera.HugeHeaderLineLength"/> bytes.</summary>
    public static KeyValuePair<string, string> HugeHeader() =>
        new(HugeHeaderName, new string('A', EmulatedCamera.HugeHeaderLineLength - HugeHeaderName.Length - 2));

    /// <summary>302 to <see cref="EmulatedCamera.RedirectTarget"/> (default http://127.0.0.2:&lt;port + 1&gt;/) plus the path and query.</summary>
    public static EmuResponse Redirect(EmulatedCamera camera, EmuRequest request)
    {
        var target = camera.RedirectTarget ?? new Uri($"http://127.0.0.2:{(camera.Port % 65535) + 1}/");
        var location = new Uri(target, request.PathAndQuery).ToString();
        var response = new EmuResponse { Status = 302, Reason = "Found", Body = "302 Found"u8.ToArray() };
        response.LeadingHeaders.Add(new("Location", location));
        return response;
    }

    /// <summary>Reply-grammar lines, 8 KiB per write, until the client leaves or the host stops.</summary>
    public static async Task EndlessBodyAsync(Stream output, CancellationToken ct)
    {
        var block = new StringBuilder(8300);
        long line = 0;
        while (!ct.IsCancellationRequested)
        {
            block.Clear();
            while (block.Length < 8192)
            {
                block.Append("var endless_").Append(line++.ToString(CultureInfo.InvariantCulture)).Append("='0123456789abcdef';\n");
            }

            await output.WriteAsync(Encoding.ASCII.GetBytes(block.ToString()), ct).ConfigureAwait(false);
            await output.FlushAsync(ct).ConfigureAwait(false);
        }
    }
}
