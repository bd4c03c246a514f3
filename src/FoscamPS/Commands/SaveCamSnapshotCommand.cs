using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>Save-CamSnapshot: saves snapshot.cgi's JPEG of each camera to a file (binary-safe, streamed, verified).</summary>
    [Cmdlet(VerbsData.Save, "CamSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = CamHelp.Base + "Save-CamSnapshot.md")]
    [OutputType(typeof(CamSnapshot))]
    public sealed class SaveCamSnapshotCommand : CamFileOutputCmdlet
    {
        /// <summary>Largest snapshot accepted (a VGA JPEG is about 35 KB).</summary>
        internal const long MaxSnapshotBytes = CgiCatalogue.MaxSnapshotBytes; // also refused on the header by the transport

        /// <summary>Largest read buffer (below the large-object heap's 85,000 bytes).</summary>


        /// <summary>Use the file name the camera proposes (snapshot_&lt;ID&gt;_&lt;time&gt;.jpg) instead of &lt;camera&gt;_&lt;time&gt;.jpg.</summary>
        [Parameter]
        public SwitchParameter UseCameraFileName { get; set; }


        protected override string ShouldProcessAction => $"Save snapshot to {OutputDirectory}";

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            Directory.CreateDirectory(OutputDirectory);
            using var media = await OpenMediaAsync(session, context, CgiCatalogue.Snapshot).ConfigureAwait(false);
            await CamSocketLoop.LeaveLoop(); // file work below (the body's reads still wait on the loop when they must)
            var takenAt = DateTimeOffset.Now;
            CamSnapshotReader.CheckContentType(media, session.Name);

            var name = UseCameraFileName && SafeFileName(media.FileName) is { } proposed
                ? proposed
                : $"{SafeFileName(session.Name) ?? "camera"}_{takenAt.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)}.jpg";
            var path = System.IO.Path.Combine(OutputDirectory, name);
            if (File.Exists(path) && !Force)
                throw new IOException($"'{path}' exists; use -Force to overwrite.");

            var temp = path + ".partial";
            long length = 0;
            try
            {
                // No FileStream buffer of its own: every write is a whole chunk of the reader's one buffer.
                using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1, useAsync: true))
                {
                    length = await CamSnapshotReader.CopyAsync(media, session.Name, MaxSnapshotBytes, file.WriteAsync, context.CancellationToken).ConfigureAwait(false);
                    await CamSocketLoop.LeaveLoop(); // the last read may have ended on the loop: close and rename elsewhere
                }
                if (File.Exists(path)) File.Delete(path);
                File.Move(temp, path);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            context.Emit(new CamSnapshot
            {
                Camera = session,
                Path = path,
                Length = length,
                TakenAt = takenAt,
                ContentType = media.ContentType,
                CameraFileName = media.FileName,
            });
        }

        /// <summary>File name without path parts or characters that are invalid on any of Windows/Linux/macOS.</summary>
        internal static string? SafeFileName(string? name)
        {
            if (string.IsNullOrWhiteSpace(name)) return null;
            var leaf = name!.Replace('\\', '/');
            leaf = leaf.Substring(leaf.LastIndexOf('/') + 1);
            var invalid = System.IO.Path.GetInvalidFileNameChars().Concat(new[] { ':', '*', '?', '"', '<', '>', '|' }).ToArray();
            var chars = leaf.Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray();
            var safe = new string(chars).Trim().Trim('.');
            return safe.Length == 0 ? null : safe;
        }
    }
}
