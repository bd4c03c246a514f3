using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Restore-CamConfig / Set-CamFactoryConfig: upload a params.bin saved by Backup-CamConfig. The file is read and its
    /// integrity checked on this machine (the SHA-256 recorded by the CamBackup object, the manifest next to the file or
    /// -Sha256) before any request; each camera is then checked to be the one the backup came from, because another
    /// camera's backup would clone its settings, network address and MAC (that needs -Force).
    /// </summary>
    public abstract class CamConfigUploadCmdlet : CamMaintenanceCmdlet
    {
        private readonly ConcurrentDictionary<CamSession, CamBackupFile> _files = new ConcurrentDictionary<CamSession, CamBackupFile>();
        private CamBackupFile? _current;

        /// <summary>The params.bin file (a CamBackup object from Backup-CamConfig binds by its Path, Sha256 and CameraId).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "BackupPath")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        /// <summary>The SHA-256 recorded when the backup was saved (bound from a CamBackup object).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidatePattern("^[0-9a-fA-F]{64}$")]
        public string? Sha256 { get; set; }

        /// <summary>Id (MAC) of the camera the backup came from (bound from a CamBackup object's CameraId).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("CameraId")]
        public string? SourceCameraId { get; set; }

        /// <summary>Upload a backup of another camera, or one whose integrity or origin cannot be checked.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        internal abstract CamConfigOperation Operation { get; }

        internal abstract string UploadCgi { get; }

        protected override bool ChangesState => true;

        protected override CgiSafety Safety => CgiSafety.SideEffect;

        internal CamBackupFile? Current => _current;

        protected override void ProcessRecord()
        {
            _current = null;
            var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            var file = CamBackupFile.TryRead(full, Sha256, SourceCameraId, CgiCatalogue.MaxBackupBytes, out var error);
            if (file is null)
            {
                var id = error!.Contains("SHA-256") ? "BackupIntegrityFailed" : "InvalidBackupFile";
                WriteError(new ErrorRecord(new System.IO.InvalidDataException($"{error} Nothing was sent."), id, ErrorCategory.InvalidData, Path)
                {
                    ErrorDetails = new ErrorDetails($"{error} Nothing was sent.") { RecommendedAction = "Use an intact backup made by Backup-CamConfig (keep its .xml manifest next to it)." },
                });
                SkipRecord();
                return;
            }
            if (file.RecordedSha256 is null && !Force)
            {
                WriteError(new ErrorRecord(new System.IO.InvalidDataException(
                    $"The integrity of '{full}' cannot be checked: no SHA-256 was recorded for it (no CamBackup object, no manifest '{System.IO.Path.GetFileName(CamBackupManifest.PathFor(full))}', no -Sha256). Nothing was sent."),
                    "BackupNotVerifiable", ErrorCategory.InvalidData, Path)
                {
                    ErrorDetails = new ErrorDetails($"The integrity of '{full}' cannot be checked (no recorded SHA-256). Nothing was sent.")
                    { RecommendedAction = "Pipe the CamBackup object from Backup-CamConfig, pass -Sha256, or use -Force if you trust the file." },
                });
                SkipRecord();
                return;
            }
            if (file.SourceCameraId is null && !Force)
            {
                WriteError(new ErrorRecord(new InvalidOperationException(
                    $"It is not known which camera '{full}' came from, so it cannot be checked that it belongs to the target; another camera's backup would clone its network address and MAC. Nothing was sent."),
                    "BackupOriginUnknown", ErrorCategory.InvalidData, Path)
                {
                    ErrorDetails = new ErrorDetails($"It is not known which camera '{full}' came from. Nothing was sent.")
                    { RecommendedAction = "Pass -SourceCameraId (the MAC of the camera it came from) or use -Force." },
                });
                SkipRecord();
                return;
            }
            _current = file;
            base.ProcessRecord();
        }

        /// <summary>The record's file was refused: nothing is queued for its cameras (and nothing asked).</summary>
        private void SkipRecord()
        {
            _current = null;
            MarkTargetSeen();
        }

        protected override bool PrepareCamera(CamSession session)
        {
            if (_current is null) return false;
            _files[session] = _current;
            return true;
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var clock = Stopwatch.StartNew();
            if (!_files.TryRemove(session, out var file)) throw new InvalidOperationException("No backup file was queued for this camera.");
            var before = await ReadStatusAsync(session, context).ConfigureAwait(false);
            var id = before.GetRawText(nameof(CamStatus.CameraId));
            var foreign = file.SourceCameraId is not null && !string.Equals(file.SourceCameraId, id, StringComparison.OrdinalIgnoreCase);
            if (foreign && !Force)
            {
                throw new CamIdentityMismatchException(
                    $"Camera {session.Name} is camera id {id}, but the backup '{file.FileName}' came from camera {file.SourceCameraId}. " +
                    "Restoring another camera's backup would clone that camera's settings, including its network address and MAC, so two devices would claim one identity on the network. Nothing was sent; use -Force to upload it anyway.",
                    file.SourceCameraId!, id ?? "", session.Name);
            }
            if (foreign) context.Warning($"{session.Name}: uploading the backup of camera {file.SourceCameraId} (-Force): check its network address and MAC afterwards.");
            await UploadWithProgressAsync(session, context, UploadCgi, file.FileName, file.Data, UploadTimeout).ConfigureAwait(false);
            var result = new CamConfigUploadResult
            {
                Camera = session,
                Operation = Operation,
                Path = file.Path,
                Sha256 = file.Sha256,
                SourceCameraId = file.SourceCameraId,
                CameraId = id,
                FromOtherCamera = foreign,
            };
            await AfterUploadAsync(session, context, file, result, foreign).ConfigureAwait(false);
            result.Duration = clock.Elapsed;
            context.Emit(result);
        }

        /// <summary>What happens after the camera accepted the file (restore: wait for the reboot and verify).</summary>
        internal abstract Task AfterUploadAsync(CamSession session, FleetContext context, CamBackupFile file, CamConfigUploadResult result, bool foreign);
    }
}
