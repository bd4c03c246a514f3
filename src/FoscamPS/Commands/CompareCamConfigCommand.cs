using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Compare-CamConfig: where cameras differ from a baseline file (or a per-camera export file), or from a reference
    /// camera: one drift object per camera, group and field. Identity and volatile fields are never compared; secrets
    /// are compared (when the baseline carries them) but never shown. Reads only.
    /// </summary>
    [Cmdlet(VerbsData.Compare, "CamConfig", DefaultParameterSetName = "Baseline", HelpUri = CamHelp.Base + "Compare-CamConfig.md")]
    [OutputType(typeof(CamConfigDrift))]
    public sealed class CompareCamConfigCommand : CamFleetCmdlet
    {
        private CamConfigDocument? _doc;
        private CamConfigValues? _reference;
        private string? _referenceName;
        private string? _referenceAddress;

        /// <summary>The baseline file (Export-CamConfig -Baseline) or one camera's export file to compare with.</summary>
        [Parameter(Mandatory = true, ParameterSetName = "Baseline")]
        [Alias("Path")]
        [ValidateNotNullOrEmpty]
        public string Baseline { get; set; } = "";

        /// <summary>A camera to compare with (its settings read once, secrets included in memory only).</summary>
        [Parameter(Mandatory = true, ParameterSetName = "Reference")]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(Completers.CameraCompleter))]
        public CamTarget? ReferenceCamera { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (ParameterSetName == "Baseline")
            {
                var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Baseline);
                _doc = CamConfigIo.Load(this, path, nameof(Baseline), "to compare with a camera's own settings, use -ReferenceCamera");
                return;
            }
            var sessions = ResolveTarget(ReferenceCamera!);
            if (sessions.Count != 1)
                ThrowArgumentError("AmbiguousReferenceCamera", $"-ReferenceCamera must name exactly one camera; '{ReferenceCamera}' names {sessions.Count}.", ReferenceCamera);
            var reference = sessions[0];
            try
            {
                _reference = CamConfigGroups.Values(CamConfigIo.Read(reference, TimeoutSec, WriteVerbose));
            }
            catch (CamException ex)
            {
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException($"-ReferenceCamera: the settings of {reference.Name} cannot be read: {CamText.Sanitize(Redactor.RedactText(ex.Message, reference.Credential))}", ex), ex.ErrorId, CategoryOf(ex.Kind), reference));
            }
            _referenceName = reference.Name;
            _referenceAddress = reference.Address.ToString();
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var groups = await CamConfigIo.ReadAsync(this, session, context).ConfigureAwait(false);
            var expected = _reference ?? _doc!.ExpectedFor(CamConfigIo.NameOf(session), session.CameraId);
            var drift = CamConfigGroups.Compare(expected, groups);
            if (drift.Count == 0)
            {
                context.Verbose($"{session.Name}: no drift ({expected.FieldCount} field(s) compared).");
                return;
            }
            if (_referenceAddress is not null && session.Address.ToString() == _referenceAddress) return;
            foreach (var d in drift)
            {
                context.Emit(new CamConfigDrift
                {
                    Camera = session,
                    Group = d.Group.Key,
                    Field = d.Field.Name,
                    Setting = d.Field.Pair ?? d.Field.Property,
                    Expected = d.Expected,
                    Actual = d.Actual,
                    IsSecret = d.IsSecret,
                    Baseline = _doc?.Path,
                    Reference = _referenceName,
                });
            }
        }
    }
}
