using System;
using System.IO;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>Reads one snapshot.cgi JPEG into memory (size-capped, SOI/EOI checked) for alarm snapshots and reports.</summary>
    internal static class CamSnapshotReader
    {
        internal static async Task<byte[]> ReadAsync(CamFleetCmdlet cmdlet, CamSession session, FleetContext context, long maxBytes = SaveCamSnapshotCommand.MaxSnapshotBytes)
        {
            using var media = await cmdlet.OpenMediaAsync(session, context, CgiCatalogue.Snapshot).ConfigureAwait(false);
            if (media.ContentType is not null && !media.ContentType.StartsWith("image/jpeg", StringComparison.OrdinalIgnoreCase))
                throw new CamProtocolException($"Camera {session.Name}: snapshot.cgi answered '{media.ContentType}', not a JPEG.", session.Name);
            using var buffer = new MemoryStream(media.ContentLength is { } l && l > 0 && l <= maxBytes ? (int)l : 65536);
            var chunk = new byte[81920];
            int n;
            while ((n = await media.Body.ReadAsync(chunk, 0, chunk.Length, context.CancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + n > maxBytes)
                    throw new CamResponseTooLargeException($"Camera {session.Name}: snapshot larger than {maxBytes} bytes.", maxBytes, session.Name);
                buffer.Write(chunk, 0, n);
            }
            var data = buffer.ToArray();
            if (media.ContentLength is { } expected && expected != data.Length)
                throw new CamProtocolException($"Camera {session.Name}: snapshot truncated ({data.Length} of {expected} bytes).", session.Name);
            if (!IsCompleteJpeg(data))
                throw new CamProtocolException($"Camera {session.Name}: snapshot is not a complete JPEG (SOI/EOI markers missing).", session.Name);
            return data;
        }

        internal static bool IsCompleteJpeg(byte[] data)
            => data.Length >= 4 && data[0] == 0xFF && data[1] == 0xD8 && data[data.Length - 2] == 0xFF && data[data.Length - 1] == 0xD9;
    }
}
