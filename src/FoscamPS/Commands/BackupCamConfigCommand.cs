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



        protected override string ShouldProcessAction => $"Save configuration backup (contains the camera's secrets) to {OutputDirectory}";

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            using var media = await OpenMediaAsync(session, context, CgiCatalogue.Get("backup_params.cgi")).ConfigureAwait(false);
            var takenAt = DateTimeOffset.Now;
            var data = await ReadCappedAsync(media.Body, MaxBackupBytes, session, context).ConfigureAwait(false);
            if (media.ContentLength is { } expected && expected != data.Length)
                throw new CamProtocolException($"Camera {session.Name}: backup truncated ({data.Length} of {expected} bytes).", session.Name);
            if (data.Length == 0)
                throw new CamProtocolException($"Camera {session.Name}: backup_params.cgi returned an empty file.", session.Name);
            // A text answer (e.g. "error: ...") is not a backup.
            var head = System.Text.Encoding.ASCII.GetString(data, 0, Math.Min(data.Length, 6));
            if (head.StartsWith("error", StringComparison.Ordinal) || head.StartsWith("var ", StringComparison.Ordinal))
                throw new CamProtocolException($"Camera {session.Name}: backup_params.cgi answered text, not a backup file.", session.Name);

            var id = session.CameraId ?? "camera";
            var name = $"{SaveCamSnapshotCommand.SafeFileName(session.Name) ?? id}_{id}_{takenAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.params.bin";
            var path = PrivateFile.Write(OutputDirectory, name, data, Force);

            string sha;
            using (var h = SHA256.Create()) sha = BitConverter.ToString(h.ComputeHash(data)).Replace("-", "").ToLowerInvariant();
            context.Emit(new CamBackup
            {
                Camera = session,
                Path = path,
                Length = data.Length,
                Sha256 = sha,
                TakenAt = takenAt,
                CameraId = session.CameraId,
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
