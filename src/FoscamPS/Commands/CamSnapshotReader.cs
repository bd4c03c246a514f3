using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// snapshot.cgi's JPEG, checked while it streams — one set of rules for every cmdlet that takes a snapshot
    /// (Save-CamSnapshot to a file; Watch-CamAlarm and Export-CamReport into memory): a JPEG content type, at most
    /// <c>maxBytes</c>, exactly the declared length, SOI first and EOI last (however the body arrives in pieces: a read
    /// may return a single byte).
    /// </summary>
    internal static class CamSnapshotReader
    {
        private const int ReadChunk = 81920;

        /// <summary>Reads one snapshot into memory (alarm snapshots, reports).</summary>
        internal static async Task<byte[]> ReadAsync(CamFleetCmdlet cmdlet, CamSession session, FleetContext context, long maxBytes = SaveCamSnapshotCommand.MaxSnapshotBytes)
        {
            using var media = await cmdlet.OpenMediaAsync(session, context, CgiCatalogue.Snapshot).ConfigureAwait(false);
            CheckContentType(media, session.Name);
            int capacity = media.ContentLength is { } l && l > 0 && l <= maxBytes ? (int)l : 65536;
            using var buffer = new MemoryStream(capacity);
            await CopyAsync(media, session.Name, maxBytes, (b, o, n, t) =>
            {
                buffer.Write(b, o, n);
                return Task.CompletedTask;
            }, context.CancellationToken).ConfigureAwait(false);
            return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray(); // the declared length: no copy
        }

        /// <summary>Refuses a reply that is not a JPEG (before anything is read or written).</summary>
        internal static void CheckContentType(CamMediaResponse media, string camera)
        {
            if (media.ContentType is not null && !media.ContentType.StartsWith("image/jpeg", StringComparison.OrdinalIgnoreCase))
                throw new CamProtocolException($"Camera {camera}: snapshot.cgi answered '{media.ContentType}', not a JPEG.", camera);
        }

        /// <summary>
        /// Streams the body to <paramref name="write"/> through one buffer sized to the declared length (+1, to see the end
        /// in the same read; a VGA JPEG is ~35 KB) and checks it on the way; returns its length. Throws
        /// <see cref="CamResponseTooLargeException"/> past <paramref name="maxBytes"/>, <see cref="CamProtocolException"/>
        /// for a body shorter than declared or without the JPEG markers.
        /// </summary>
        internal static async Task<long> CopyAsync(CamMediaResponse media, string camera, long maxBytes, Func<byte[], int, int, CancellationToken, Task> write, CancellationToken token)
        {
            var size = media.ContentLength is { } declared && declared >= 0 && declared < ReadChunk ? (int)declared + 1 : ReadChunk;
            var buffer = new byte[size];
            long length = 0;
            int first0 = -1, first1 = -1, last0 = -1, last1 = -1;
            int n;
            while ((n = await media.Body.ReadAsync(buffer, 0, buffer.Length, token).ConfigureAwait(false)) > 0)
            {
                for (int i = 0; i < n && length + i < 2; i++)
                {
                    if (length + i == 0) first0 = buffer[i];
                    else first1 = buffer[i];
                }
                length += n;
                if (length > maxBytes)
                    throw new CamResponseTooLargeException($"Camera {camera}: snapshot larger than {maxBytes} bytes.", maxBytes, camera);
                if (n >= 2)
                {
                    last0 = buffer[n - 2];
                    last1 = buffer[n - 1];
                }
                else
                {
                    last0 = last1;
                    last1 = buffer[0];
                }
                await write(buffer, 0, n, token).ConfigureAwait(false);
            }
            if (media.ContentLength is { } expected && expected != length)
                throw new CamProtocolException($"Camera {camera}: snapshot truncated ({length} of {expected} bytes).", camera);
            if (length < 4 || first0 != 0xFF || first1 != 0xD8 || last0 != 0xFF || last1 != 0xD9)
                throw new CamProtocolException($"Camera {camera}: snapshot is not a complete JPEG (SOI/EOI markers missing).", camera);
            return length;
        }
    }
}
