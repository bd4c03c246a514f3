using System;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Security.Cryptography;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>Backup-CamConfig: saves backup_params.cgi's params.bin of each camera to an owner-only file.</summary>
    [Cmdlet(VerbsData.Backup, "CamConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = CamHelp.Base + "Backup-CamConfig.md")]
    [OutputType(typeof(CamBackup))]
    public sealed class BackupCamConfigCommand : CamFileOutputCmdlet
    {
        internal const long MaxBackupBytes = CgiCatalogue.MaxBackupBytes; // also refused on the header by the transport

        private static readonly object NameGate = new object();



        protected override string ShouldProcessAction => $"Save configuration backup (contains the camera's secrets) to {OutputDirectory}";

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            // The folder exists (owner-only) before later commands of the pipeline start, so a manifest written next to the
            // backups (Export-Csv opens its file when it starts) finds it. Not with -WhatIf: nothing is written then.
            var whatIf = (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) && w is SwitchParameter sw && sw.IsPresent)
                || (!MyInvocation.BoundParameters.ContainsKey("WhatIf") && LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference")));
            if (!whatIf && !Directory.Exists(OutputDirectory))
            {
                try
                {
                    Fleet.Store.StoreNative.EnsurePrivateDirectory(OutputDirectory);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    ThrowTerminatingError(new ErrorRecord(ex, "FileWriteFailed", ErrorCategory.WriteError, Path));
                }
            }
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            if (session.CameraId is null || session.SystemVersion is null)
            {
                // A registered name or an address: the session knows nothing yet. The backup is opaque, so the id and the
                // firmware it came from are read from the camera first (a restore checks them).
                var status = await SendAsync(session, context, CgiCatalogue.GetStatus).ConfigureAwait(false);
                CamResults.Status(session, status.Vars);
            }
            using var media = await OpenMediaAsync(session, context, CgiCatalogue.Get("backup_params.cgi")).ConfigureAwait(false);
            var takenAt = DateTimeOffset.Now;
            var data = await ReadCappedAsync(media.Body, MaxBackupBytes, session, context).ConfigureAwait(false);
            await CamSocketLoop.LeaveLoop(); // the private files' writes (fsync) must not hold up the socket loop's other cameras
            if (media.ContentLength is { } expected && expected != data.Length)
                throw new CamProtocolException($"Camera {session.Name}: backup truncated ({data.Length} of {expected} bytes).", session.Name);
            if (data.Length == 0)
                throw new CamProtocolException($"Camera {session.Name}: backup_params.cgi returned an empty file.", session.Name);
            // A text answer (e.g. "error: ...") is not a backup.
            var head = System.Text.Encoding.ASCII.GetString(data, 0, Math.Min(data.Length, 6));
            if (head.StartsWith("error", StringComparison.Ordinal) || head.StartsWith("var ", StringComparison.Ordinal))
                throw new CamProtocolException($"Camera {session.Name}: backup_params.cgi answered text, not a backup file.", session.Name);

            var cameraId = session.GetRawText(nameof(CamSession.CameraId));
            var id = cameraId ?? "camera";
            var stem = $"{SaveCamSnapshotCommand.SafeFileName(session.Name) ?? id}_{id}_{takenAt.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)}";
            string path;
            lock (NameGate)
            {
                // Milliseconds in the name, and a counter when even those collide: two backups never share a file.
                var name = stem + ".params.bin";
                for (var n = 2; !Force && File.Exists(System.IO.Path.Combine(OutputDirectory, name)); n++) name = $"{stem}-{n}.params.bin";
                path = PrivateFile.Write(OutputDirectory, name, data, Force);
            }

            string sha;
            using (var h = SHA256.Create()) sha = BitConverter.ToString(h.ComputeHash(data)).Replace("-", "").ToLowerInvariant();
            var manifest = new CamBackupManifest
            {
                CameraName = session.Name,
                Address = session.Address.ToString(),
                CameraId = cameraId,
                SystemVersion = session.SystemVersion,
                WebUiVersion = session.WebUiVersion,
                TakenAt = takenAt,
                Length = data.Length,
                Sha256 = sha,
            };
            PrivateFile.Write(OutputDirectory, System.IO.Path.GetFileName(CamBackupManifest.PathFor(path)), manifest.ToBytes(), overwrite: true);
            context.Emit(new CamBackup
            {
                Camera = session,
                Path = path,
                Length = data.Length,
                Sha256 = sha,
                TakenAt = takenAt,
                CameraId = cameraId,
                SystemVersion = session.SystemVersion,
            });
        }

        private static async Task<byte[]> ReadCappedAsync(Stream body, long cap, CamSession session, FleetContext context)
        {
            using var ms = new MemoryStream();
            var buffer = new byte[81920];
            int n;
            while ((n = await body.ReadAsync(buffer, 0, buffer.Length, context.CancellationToken).ConfigureAwait(false)) > 0)
            {
                if (ms.Length + n > cap)
                    throw new CamResponseTooLargeException($"Camera {session.Name}: backup larger than {cap} bytes.", cap, session.Name);
                ms.Write(buffer, 0, n);
            }
            return ms.ToArray();
        }
    }
}
