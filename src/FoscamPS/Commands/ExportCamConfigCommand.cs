using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Fleet.Store;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Export-CamConfig: each camera's settings (the groups of Get-CamConfig, without accounts) to a readable, diffable
    /// JSON file (groups in the field table's order, fields in table order, the camera's own texts), identity and
    /// volatile fields never in it. Secrets are left out unless -IncludeSecret, which seals them with the credential
    /// store's key. One file per camera, or with -Baseline one baseline file with per-camera overrides.
    /// </summary>
    [Cmdlet(VerbsData.Export, "CamConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = CamHelp.Base + "Export-CamConfig.md")]
    [OutputType(typeof(CamConfigExport))]
    public sealed class ExportCamConfigCommand : CamFileOutputCmdlet
    {
        private static readonly object NameGate = new object();
        private readonly ConcurrentBag<(CamSession Session, CamConfigValues Values)> _collected = new ConcurrentBag<(CamSession, CamConfigValues)>();
        private CamCredentialStore? _store;

        /// <summary>Seal the secrets (Wi-Fi keys, service passwords, device-link passwords, URLs with credentials) into the file with the credential store's key.</summary>
        [Parameter]
        public SwitchParameter IncludeSecret { get; set; }

        /// <summary>Write one baseline file for all the cameras (per field the value most cameras have) with per-camera overrides, instead of one file per camera.</summary>
        [Parameter]
        public SwitchParameter Baseline { get; set; }

        /// <summary>File name of the baseline file in -Path (with -Baseline).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string BaselineName { get; set; } = "baseline.camconfig.json";

        protected override string ShouldProcessAction
            => $"Export configuration{(IncludeSecret ? " (secrets sealed with the credential store's key)" : " (without secrets)")} to {OutputDirectory}";

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (MyInvocation.BoundParameters.ContainsKey(nameof(BaselineName)) && !Baseline)
                ThrowArgumentError("BaselineNameWithoutBaseline", "-BaselineName is used with -Baseline.", BaselineName);
            if (Baseline && (BaselineName.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) >= 0 || BaselineName.Contains("..")))
                ThrowArgumentError("InvalidFileName", $"-BaselineName must be a file name without a folder; '{BaselineName}' is not.", BaselineName);
            if (Baseline && !Force && File.Exists(System.IO.Path.Combine(OutputDirectory, BaselineName)))
                ThrowTerminatingError(new ErrorRecord(new IOException($"'{System.IO.Path.Combine(OutputDirectory, BaselineName)}' exists; use -Force to overwrite."), "FileExists", ErrorCategory.ResourceExists, BaselineName));
            if (IncludeSecret)
            {
                // Before any request: the store must exist and its key be at hand (the runspace's passphrase, if any).
                _store = Registrations.OpenStore();
                try
                {
                    _store.ProtectData(CamConfigDocument.SecretPurpose, new byte[] { 0 });
                }
                catch (CamStoreException ex)
                {
                    _store.Dispose();
                    _store = null;
                    ThrowTerminatingError(CamConfigIo.StoreError(ex, $"-IncludeSecret: the secrets would be sealed with the credential store's key, which is not available: {ex.Message}", null));
                }
            }
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var groups = await CamConfigIo.ReadAsync(this, session, context).ConfigureAwait(false);
            var values = CamConfigGroups.Values(groups);
            if (Baseline)
            {
                _collected.Add((session, values));
                return;
            }
            var id = session.GetRawText(nameof(CamSession.CameraId));
            var doc = new CamConfigDocument
            {
                Kind = "Camera",
                SourceName = CamConfigIo.NameOf(session),
                SourceCameraId = id,
                SourceAlias = session.GetRawText(nameof(CamSession.Alias)),
                SourceSystemVersion = session.SystemVersion?.ToString(),
                SourceWebUiVersion = session.WebUiVersion?.ToString(),
                ExportedAt = DateTimeOffset.Now,
                Groups = values,
            };
            var name = $"{SaveCamSnapshotCommand.SafeFileName(CamConfigIo.NameOf(session)) ?? "camera"}_{SaveCamSnapshotCommand.SafeFileName(id) ?? "unknown"}.camconfig.json";
            var path = Write(name, doc);
            context.Emit(new CamConfigExport
            {
                Camera = session,
                Kind = "Camera",
                Path = path,
                Groups = values.Count,
                Fields = values.FieldCount,
                IncludesSecret = IncludeSecret,
            });
        }

        protected override void EndProcessing()
        {
            try
            {
                base.EndProcessing();
                if (!Baseline || _collected.IsEmpty) return;
                var cameras = _collected.Select(c => (CamConfigIo.NameOf(c.Session), c.Session.GetRawText(nameof(CamSession.CameraId)), c.Values)).ToList();
                var dupes = cameras.GroupBy(c => c.Item1, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
                if (dupes.Count > 0)
                    ThrowArgumentError("DuplicateCameraName", $"-Baseline: the overrides are keyed by camera name, and {string.Join(", ", dupes)} names more than one camera.", dupes[0]);
                var doc = CamConfigDocument.Baseline(cameras);
                doc.ExportedAt = DateTimeOffset.Now;
                string path;
                try
                {
                    path = Write(BaselineName, doc);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    ThrowTerminatingError(new ErrorRecord(ex, "FileWriteFailed", ErrorCategory.WriteError, BaselineName));
                    return;
                }
                WriteObject(new CamConfigExport
                {
                    Camera = null,
                    Kind = "Baseline",
                    Path = path,
                    Groups = doc.Groups.Count,
                    Fields = doc.Groups.FieldCount,
                    Cameras = cameras.Count,
                    IncludesSecret = IncludeSecret,
                });
            }
            finally
            {
                _store?.Dispose();
            }
        }

        private string Write(string fileName, CamConfigDocument doc)
        {
            var store = _store;
            var json = doc.ToJson(store is null ? null : plain => store.ProtectData(CamConfigDocument.SecretPurpose, plain));
            lock (NameGate)
            {
                return PrivateFile.Write(OutputDirectory, fileName, new UTF8Encoding(false).GetBytes(json), Force);
            }
        }
    }
}
