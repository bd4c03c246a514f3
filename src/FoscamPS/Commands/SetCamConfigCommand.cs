using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Set-CamConfig: applies a baseline file (with the camera's override) or one camera's export file to cameras,
    /// group by group through the settings core's whole-group codecs (read – merge – validate – write – verify). Every
    /// group of a camera is planned and validated before its first write; a failing camera stops there (the groups
    /// after the failing one are not touched) and the other cameras go on. Groups whose setter restarts the camera
    /// (Wi-Fi, network) come last and only with -AllowRestart. A second run changes nothing and says so.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CamConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Set-CamConfig.md")]
    [OutputType(typeof(CamConfigApplyResult))]
    public sealed class SetCamConfigCommand : CamFleetCmdlet
    {
        private readonly Dictionary<string, CamConfigDocument> _docs = new Dictionary<string, CamConfigDocument>(StringComparer.Ordinal);
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private CamConfigDocument? _current;

        /// <summary>The baseline file (Export-CamConfig -Baseline) or one camera's export file (Export-CamConfig) to apply.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Path", "FullName")]
        [ValidateNotNullOrEmpty]
        public string Baseline { get; set; } = "";

        /// <summary>Also write the groups whose setter restarts the camera (Wi-Fi, network); without it they are reported as skipped.</summary>
        [Parameter]
        public SwitchParameter AllowRestart { get; set; }

        /// <summary>Wait at most this many seconds for a camera to come back after a restarting write.</summary>
        [Parameter]
        [ValidateRange(5, 3600)]
        public int RestartTimeoutSec { get; set; } = 90;

        protected override bool ChangesState => true;

        protected override string ShouldProcessAction
        {
            get
            {
                var d = _current!;
                return $"Apply configuration '{d.Path}' ({d.Groups.Count} group(s), {d.Groups.FieldCount} field(s){(d.IsBaseline ? $", {d.Overrides.Count} override(s)" : "")}{(AllowRestart ? ", restarting groups included" : "")})";
            }
        }

        protected override void ProcessRecord()
        {
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Baseline);
            if (!_docs.TryGetValue(path, out var doc)) _docs[path] = doc = CamConfigIo.Load(this, path, nameof(Baseline));
            _current = doc;
            if (Camera is null || Camera.Length == 0) return;
            // Drift rows come one per field: each camera is applied once per file.
            var targets = new List<CamTarget>();
            foreach (var target in Camera)
            {
                foreach (var session in ResolveTarget(target))
                {
                    if (_seen.Add(session.Address + "|" + path)) targets.Add(new CamTarget(session));
                }
            }
            MarkTargetSeen();
            if (targets.Count == 0) return;
            if (IsWhatIf)
            {
                // -WhatIf: read each camera (reads change nothing) and show the plan field by field, old -> new, secrets masked.
                foreach (var t in targets)
                {
                    var session = t.Session!;
                    var label = session.Name == session.Address.ToString() ? session.Name : $"{session.Name} ({session.Address})";
                    ShouldProcessOrExplain(label, DescribePlan(session, doc));
                }
                return;
            }
            Camera = targets.ToArray();
            base.ProcessRecord();
        }

        protected override void EndProcessing()
        {
            if (IsWhatIf) return;
            base.EndProcessing();
        }

        protected override object? CaptureRecord() => _current;

        private bool IsWhatIf
            => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) ? w is SwitchParameter sw && sw.IsPresent
               : GetVariableValue("WhatIfPreference") is { } pref && LanguagePrimitives.IsTrue(pref);

        private string DescribePlan(CamSession session, CamConfigDocument doc)
        {
            try
            {
                var current = CamConfigIo.Read(session, TimeoutSec, WriteVerbose);
                var plan = Plan(session, doc, current);
                var parts = plan.Steps.SelectMany(s => s.Changes.Select(c => $"{s.Group.Key}.{c}")).ToList();
                parts.AddRange(plan.Skipped.Select(s => $"{s.Group.Key}: {s.Changes.Count} change(s) skipped (restarts the camera; pass -AllowRestart)"));
                return $"Apply configuration '{doc.Path}': " + (parts.Count == 0 ? "nothing to change" : string.Join("; ", parts));
            }
            catch (Exception ex) when (ex is CamException || ex is ObjectDisposedException || ex is InvalidOperationException)
            {
                return $"Apply configuration '{doc.Path}' (current values unknown: {CamText.Sanitize(Redactor.RedactText(ex.Message, session.Credential))})";
            }
        }

        private sealed class Step
        {
            public Step(CamConfigGroup group, CamSettingsObject current, CamSettingsObject wanted, List<string> changes, int fields)
            {
                Group = group;
                Current = current;
                Wanted = wanted;
                Changes = changes;
                Fields = fields;
            }

            public CamConfigGroup Group { get; }
            public CamSettingsObject Current { get; }
            public CamSettingsObject Wanted { get; }
            public List<string> Changes { get; }
            public int Fields { get; }
        }

        private sealed class ApplyPlan
        {
            public List<Step> Steps { get; } = new List<Step>();
            public List<Step> Skipped { get; } = new List<Step>();
        }

        /// <summary>
        /// Every group's change, merged and validated through the group's codec before anything is written: an invalid
        /// value, or a whole-group setter whose required fields the camera did not report, fails the camera here.
        /// </summary>
        private ApplyPlan Plan(CamSession session, CamConfigDocument doc, IReadOnlyDictionary<string, CamSettingsObject> current)
        {
            var expected = doc.ExpectedFor(CamConfigIo.NameOf(session), session.CameraId);
            var plan = new ApplyPlan();
            foreach (var g in CamConfigGroups.ApplyOrder)
            {
                if (!expected.TryGetValue(g.Key, out var fields) || fields.Count == 0) continue;
                if (!current.TryGetValue(g.Key, out var now))
                {
                    throw new CamException("ConfigGroupUnavailable", CamErrorKind.NotSupported,
                        $"Camera {session.Name}: the file sets the {g.Codec.Title} settings, but the camera did not answer {g.Codec.ReadCgi.Name}; nothing was written.",
                        $"Remove the {g.Key} group from the file for this camera, or apply the other groups with the group Set- cmdlets.", session.Name);
                }
                var overlay = new CamOverlay();
                foreach (var f in g.Fields)
                {
                    // A user name travels only with its password (never paired with the camera's own other password).
                    if (!CamConfigGroups.Applies(g, f, fields)) continue;
                    overlay.Wire[f.Name] = fields[f.Name];
                }
                var problems = g.Codec.Check(overlay);
                if (problems.Count > 0)
                {
                    throw new CamException("InvalidSetting", CamErrorKind.IllegalParams,
                        $"Camera {session.Name}: the {g.Codec.Title} settings of '{doc.Path}' are not acceptable: {string.Join(" ", problems)} Nothing was written.",
                        "Correct the file (or the camera's override).", session.Name);
                }
                var wanted = g.Codec.Merge(now, overlay, session.CameraId);
                var differ = g.Codec.Differences(now, wanted);
                if (differ.Count == 0) continue;
                _ = g.Codec.Writes(now, wanted).ToList(); // IncompleteGroupWrite before the first write of this camera
                var step = new Step(g, now, wanted, g.Codec.DescribeChanges(now, wanted), differ.Count);
                if (g.RestartsCamera && !AllowRestart) plan.Skipped.Add(step);
                else plan.Steps.Add(step);
            }
            return plan;
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var doc = (CamConfigDocument)Record!;
            var current = await CamConfigIo.ReadAsync(this, session, context).ConfigureAwait(false);
            var plan = Plan(session, doc, current);
            foreach (var s in plan.Skipped)
                context.Warning($"Camera {session.Name}: the {s.Group.Codec.Title} settings differ from '{doc.Path}' ({string.Join(", ", s.Changes)}) but were not written: {s.Group.Codec.Setter?.Name} restarts the camera. Pass -AllowRestart to apply them.");
            var result = new CamConfigApplyResult
            {
                Camera = session,
                Source = doc.Path ?? "",
                SkippedGroups = plan.Skipped.Select(s => s.Group.Key).ToArray(),
            };
            if (plan.Steps.Count == 0)
            {
                context.Verbose($"{session.Name}: already matches '{doc.Path}'; nothing written.");
                result.Verified = true;
                context.Emit(result);
                return;
            }
            var done = new List<string>();
            var changes = new List<string>();
            foreach (var step in plan.Steps)
            {
                var codec = step.Group.Codec;
                context.Verbose($"{session.Name}: {step.Group.Key}: {string.Join("; ", step.Changes)}");
                try
                {
                    foreach (var write in codec.Writes(step.Current, step.Wanted))
                        await SendAsync(session, context, write.Key, write.Value).ConfigureAwait(false);
                    if (step.Group.RestartsCamera) await WaitForRestartAsync(session, context, codec).ConfigureAwait(false);
                    var reply = await SendAsync(session, context, codec.ReadCgi).ConfigureAwait(false);
                    var now = codec.Parse(session, reply.Vars);
                    var differ = codec.Differences(step.Wanted, now);
                    if (differ.Count > 0)
                        throw new CamException("SettingNotApplied", CamErrorKind.Protocol, $"the camera answered 'ok.' but {string.Join(", ", differ)} read back different", "The firmware may not support this value; check it with the group's Get- cmdlet.", session.Name);
                }
                catch (Exception ex) when (ex is CamException && !(ex is OperationCanceledException))
                {
                    var cam = (CamException)ex;
                    var left = plan.Steps.SkipWhile(s => s != step).Skip(1).Select(s => s.Group.Key).ToList();
                    throw new CamException(cam.ErrorId, cam.Kind,
                        $"Camera {session.Name}: applying '{doc.Path}' stopped at the {codec.Title} settings: {CamText.Sanitize(Redactor.RedactText(ex.Message, session.Credential))}. " +
                        $"Written and verified before: {(done.Count == 0 ? "none" : string.Join(", ", done))}; not touched: {(left.Count == 0 ? "none" : string.Join(", ", left))}.",
                        "Fix the cause and run Set-CamConfig again (groups already applied are left alone).", session.Name, ex);
                }
                done.Add(step.Group.Key);
                changes.AddRange(step.Changes.Select(c => $"{step.Group.Key}.{c}"));
                result.ChangedFields += step.Fields;
            }
            result.ChangedGroups = done.Count;
            result.Changes = changes.ToArray();
            result.Verified = true;
            context.Emit(result);
        }

        /// <summary>After set_network/set_wifi: the camera restarts; poll (reads only) until it answers again.</summary>
        private async Task WaitForRestartAsync(CamSession session, FleetContext context, CamGroupCodec codec)
        {
            context.Verbose($"{session.Name}: {codec.Setter?.Name} restarts the camera; waiting for it to answer again.");
            await CamWaiter.WaitAsync(session,
                async (left, ct) =>
                {
                    var request = codec.ReadCgi.CreateRequest();
                    request.Timeout = left < TimeSpan.FromSeconds(TimeoutSec) ? left : TimeSpan.FromSeconds(TimeoutSec);
                    return await session.Transport.SendAsync(request, ct).ConfigureAwait(false);
                },
                new CamWaitOptions { Timeout = TimeSpan.FromSeconds(RestartTimeoutSec), RebootGrace = TimeSpan.FromSeconds(3), Reason = $"after {codec.Setter?.Name}" },
                null, context.CancellationToken).ConfigureAwait(false);
        }
    }
}
