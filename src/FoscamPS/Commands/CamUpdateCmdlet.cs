using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Update-CamFirmware / Update-CamWebUI: the package is read and validated once, on this machine, before any camera
    /// is contacted; each camera is then checked (family, version), sent the package, waited for and verified (it must
    /// answer with the new version). -Canary N updates the first N cameras first and touches the others only when every
    /// canary came back verified.
    /// </summary>
    public abstract class CamUpdateCmdlet : CamMaintenanceCmdlet
    {
        private readonly List<KeyValuePair<CamSession, object>> _held = new List<KeyValuePair<CamSession, object>>();
        private readonly ConcurrentDictionary<CamSession, byte> _canaries = new ConcurrentDictionary<CamSession, byte>();
        private int _queued;
        private int _canariesPassed;

        /// <summary>The package file.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [Alias("FullName", "FilePath")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        /// <summary>Expected SHA-256 of the package (from the vendor or your own records); checked before anything is sent.</summary>
        [Parameter]
        [ValidatePattern("^[0-9a-fA-F]{64}$")]
        public string? Sha256 { get; set; }

        /// <summary>Install even when the camera already runs this version or a newer one.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Update this many cameras first, and the rest only when all of them came back verified.</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int Canary { get; set; }

        /// <summary>Seconds to wait for each camera to come back with the new version.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int WaitTimeoutSec { get; set; } = 300;

        internal abstract CamPackageKind Kind { get; }

        internal abstract string UploadCgi { get; }

        /// <summary>The get_status field that holds the version this package replaces.</summary>
        internal abstract string VersionField { get; }

        internal CamPackage Package { get; private set; } = null!;

        protected override bool ChangesState => true;

        protected override CgiSafety Safety => CgiSafety.SideEffect;

        private string What => Kind == CamPackageKind.SystemFirmware ? "system firmware" : "web UI";

        protected override string ShouldProcessAction => $"Install {What} {Package.Version} from {Package.FileName} (the camera reboots)";

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            if (!CamPackageReader.TryRead(Kind, full, out var package, out var error))
            {
                ThrowTerminatingError(new ErrorRecord(new System.IO.InvalidDataException($"-Path: {error} Nothing was sent to any camera."),
                    "InvalidPackage", ErrorCategory.InvalidData, Path)
                { ErrorDetails = new ErrorDetails($"-Path: {error} Nothing was sent to any camera.") { RecommendedAction = "Download the package again from the vendor and check its name and hash." } });
            }
            if (Sha256 is not null && !string.Equals(Sha256, package!.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                ThrowTerminatingError(new ErrorRecord(new System.IO.InvalidDataException(
                    $"-Sha256: the package '{package.FileName}' has the SHA-256 {package.Sha256}, not {Sha256.ToLowerInvariant()}; it is damaged or not the file you meant. Nothing was sent to any camera."),
                    "PackageHashMismatch", ErrorCategory.InvalidData, Path));
            }
            Package = package!;
            WriteVerbose($"{Package.FileName}: {What} {Package.Version} (family {Package.Family}), {Package.Length} bytes, SHA-256 {Package.Sha256}.");
        }

        internal override bool DeferCamera(CamSession session, object target)
        {
            if (Canary <= 0) return false;
            if (_queued < Canary)
            {
                _queued++;
                _canaries[session] = 0;
                return false;
            }
            _held.Add(new KeyValuePair<CamSession, object>(session, target));
            return true;
        }

        protected override void EndProcessing()
        {
            if (_held.Count > 0)
            {
                WaitForQueued();
                if (Stopping) return;
                var canaries = _canaries.Count;
                if (Volatile.Read(ref _canariesPassed) == canaries)
                {
                    WriteVerbose($"All {canaries} canary camera(s) came back with {What} {Package.Version}; updating the other {_held.Count}.");
                    foreach (var h in _held) EnqueueDeferred(h.Key, h.Value);
                }
                else
                {
                    var failed = canaries - Volatile.Read(ref _canariesPassed);
                    WriteWarning($"Rollout stopped: {failed} of {canaries} canary camera(s) failed; {_held.Count} other camera(s) were not touched.");
                    foreach (var h in _held)
                    {
                        var ex = new InvalidOperationException(
                            $"Camera {h.Key.Name} was not updated and nothing was sent to it: the rollout of {What} {Package.Version} stopped because {failed} of {canaries} canary camera(s) failed.");
                        WriteError(new ErrorRecord(ex, "RolloutStopped", ErrorCategory.OperationStopped, h.Key)
                        {
                            ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = "Fix or roll back the failed canary camera(s), then run the update again." },
                        });
                    }
                }
            }
            base.EndProcessing();
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var clock = Stopwatch.StartNew();
            var before = await ReadStatusAsync(session, context).ConfigureAwait(false);
            var current = Kind == CamPackageKind.SystemFirmware ? before.SystemVersion : before.WebUiVersion;
            if (current is null)
                throw Refusal("VersionUnknown", CamErrorKind.Protocol,
                    $"Camera {session.Name} did not report its {What} version ({VersionField}); nothing was sent.", "Check that the device is a supported camera.", session);
            var family = CamPackageReader.FamilyOf(Kind, current);
            if (family != Package.Family)
                throw Refusal("PackageFamilyMismatch", CamErrorKind.IllegalParams,
                    $"Camera {session.Name} runs {What} {current} (family {family}); {Package.FileName} is {Package.Version} for family {Package.Family}. " +
                    "Installing another family's image can brick the camera, so it is refused (also with -Force); nothing was sent.",
                    "Use the package made for this camera's model.", session);
            var cmp = Package.Version.CompareTo(current);
            if (cmp <= 0 && !Force)
                throw Refusal(cmp == 0 ? "AlreadyInstalled" : "DowngradeRefused", CamErrorKind.IllegalParams,
                    cmp == 0
                        ? $"Camera {session.Name} already runs {What} {current}; nothing was sent. Use -Force to install it again."
                        : $"Camera {session.Name} runs {What} {current}, newer than {Package.Version}; a downgrade is refused without -Force. Nothing was sent.",
                    "Use -Force to install anyway.", session);

            await UploadWithProgressAsync(session, context, UploadCgi, Package.FileName, Package.Data, UploadTimeout).ConfigureAwait(false);
            Version? reported = null;
            CamStatus after;
            try
            {
                after = await WaitForCameraAsync(session, context, TimeSpan.FromSeconds(WaitTimeoutSec), afterReboot: true,
                    $"after the {What} update", reply =>
                    {
                        reported = CamResults.ParseVersion(reply.Vars.GetString(VersionField));
                        return reported == Package.Version ? null : $"it answers with {What} {reported?.ToString() ?? "(none)"}, not {Package.Version}.";
                    }).ConfigureAwait(false);
            }
            catch (CamNotBackException ex) when (reported is not null)
            {
                throw new CamException("UpdateNotApplied", CamErrorKind.Protocol,
                    $"Camera {session.Name} accepted {Package.FileName} and answers again, but reports {What} {reported}, not {Package.Version}, after {WaitTimeoutSec} s.",
                    "Check the camera's update page; power-cycle it only if it no longer answers.", session.Name, ex);
            }
            var canary = _canaries.ContainsKey(session);
            if (canary) Interlocked.Increment(ref _canariesPassed);
            context.Emit(new CamUpdateResult
            {
                Camera = session,
                Kind = Kind,
                OldVersion = current,
                NewVersion = Kind == CamPackageKind.SystemFirmware ? after.SystemVersion : after.WebUiVersion,
                Outcome = cmp > 0 ? CamUpdateOutcome.Updated : cmp == 0 ? CamUpdateOutcome.Reinstalled : CamUpdateOutcome.Downgraded,
                Canary = canary,
                FileName = Package.FileName,
                Sha256 = Package.Sha256,
                Duration = clock.Elapsed,
                CameraId = after.GetRawText(nameof(CamStatus.CameraId)),
            });
        }
    }
}
