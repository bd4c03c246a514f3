using System;
using System.IO;
using System.Management.Automation;
using System.Security.Cryptography;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Restore-CamConfig: uploads a backup (restore_params.cgi), waits for the reboot and verifies the camera's settings.</summary>
    [Cmdlet(VerbsData.Restore, "CamConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = CamHelp.Base + "Restore-CamConfig.md")]
    [OutputType(typeof(CamConfigUploadResult))]
    public sealed class RestoreCamConfigCommand : CamConfigUploadCmdlet
    {
        /// <summary>Seconds to wait for each camera to come back after the restore (default 120).</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int WaitTimeoutSec { get; set; } = 120;

        internal override CamConfigOperation Operation => CamConfigOperation.Restore;

        internal override string UploadCgi => "restore_params.cgi";

        protected override string ShouldProcessAction => $"Restore configuration from {Current?.FileName} (replaces every setting, the camera reboots)";

        internal override async Task AfterUploadAsync(CamSession session, FleetContext context, CamBackupFile file, CamConfigUploadResult result, bool foreign)
        {
            await WaitForCameraAsync(session, context, TimeSpan.FromSeconds(WaitTimeoutSec), afterReboot: true, "after the restore", checkIdentity: !foreign).ConfigureAwait(false);
            // The settings now on the camera: its own backup must be the file just restored.
            using var media = await OpenMediaAsync(session, context, CgiCatalogue.Get("backup_params.cgi")).ConfigureAwait(false);
            using var ms = new MemoryStream();
            await media.Body.CopyToAsync(ms, 81920, context.CancellationToken).ConfigureAwait(false);
            string sha;
            using (var h = SHA256.Create()) sha = CamPackageReader.Hex(h.ComputeHash(ms.ToArray()));
            result.Verified = string.Equals(sha, file.Sha256, StringComparison.OrdinalIgnoreCase);
            if (result.Verified == true)
                context.Verbose($"{session.Name}: back after the restore; its settings are the backup's (SHA-256 {sha}).");
            else
                context.Warning($"{session.Name}: back after the restore, but its settings differ from the backup '{file.FileName}'" +
                    (foreign ? " (expected: the camera kept its own identity fields)." : " (the firmware may have normalised values; compare with Get-CamParam)."));
        }
    }
}
