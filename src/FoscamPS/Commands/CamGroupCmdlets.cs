using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Base of the Get- cmdlets of one settings group: read the group's CGI, parse it through the field table, emit one
    /// typed object per camera. A Get- cmdlet is its <see cref="Codec"/> (and -IncludeSecret when the group has secrets).
    /// </summary>
    public abstract class CamGroupGetCmdlet : CamFleetCmdlet
    {
        internal abstract CamGroupCodec Codec { get; }

        /// <summary>True when the output shows its secrets (the derived cmdlet's -IncludeSecret).</summary>
        protected virtual bool Reveal => false;

        /// <summary>Which parsed objects to emit (device links: used entries only).</summary>
        internal virtual IEnumerable<CamSettingsObject> Select(CamSession session, CamVars vars)
        {
            yield return Codec.Parse(session, vars);
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var reply = await SendAsync(session, context, Codec.ReadCgi).ConfigureAwait(false);
            if (Codec.ReadCgi == CgiCatalogue.GetParams) LearnIdentity(session, reply.Vars);
            foreach (var o in Select(session, reply.Vars))
            {
                o.RevealSecrets = Reveal;
                context.Emit(o);
            }
        }

        internal static void LearnIdentity(CamSession session, CamVars vars)
            => CamResults.Learn(session, vars.GetString("id"), vars.GetString("alias"), CamResults.ParseVersion(vars.GetString("sys_ver")), CamResults.ParseVersion(vars.GetString("app_ver")));
    }

    /// <summary>
    /// The one read → merge → validate → write → verify pipeline under every settings Set- cmdlet. A Set- cmdlet
    /// declares its parameters (named like the Get output's properties, ValueFromPipelineByPropertyName) and its
    /// codec; nothing else. Per record, on the pipeline thread and before any request: the overlay is built from the
    /// parameters the user bound, or from a piped settings object (its camera texts; secrets only when it was read with
    /// -IncludeSecret; identity fields only onto its own camera), and validated through the field table (a terminating
    /// InvalidSetting error naming the parameter and the limit). Per camera: read the group fresh, overlay, write the
    /// whole group (RequiredFields satisfied) or one camera_control request per changed field, succeed only on
    /// <c>ok.</c>, read again and compare field by field (secrets compared, never shown). A write whose reply is lost
    /// is never repeated: the group is read back and the write reported as applied (warning), not applied
    /// (WriteNotApplied) or indeterminate (WriteIndeterminate). -WhatIf reads each camera and shows the change field by
    /// field (old -> new, secrets masked) and sends nothing that changes state.
    /// </summary>
    public abstract class CamGroupSetCmdlet : CamPlannedSetCmdlet
    {
        private readonly ConcurrentDictionary<CamSession, ConcurrentQueue<Pending>> _pending = new ConcurrentDictionary<CamSession, ConcurrentQueue<Pending>>();
        private Pending? _current;
        private HashSet<string> _commandLine = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private SessionRegistry? _sessions;

        /// <summary>A settings object (from the matching Get- cmdlet) whose settings are applied.</summary>
        [Parameter(ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>Write the settings read back after the change.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>The group's codec for this record (device links: the entry named by -Index).</summary>
        internal abstract CamGroupCodec CreateCodec();

        /// <summary>Settings a cmdlet adds beyond its bound parameters (Set-CamDeviceLink -Clear, Set-CamDateTime -TimeZone).</summary>
        internal virtual IEnumerable<KeyValuePair<string, object?>> ExtraOverlay() => Array.Empty<KeyValuePair<string, object?>>();

        /// <summary>Parameters that are not settings even though a property has their name.</summary>
        internal virtual ISet<string> NotSettings => EmptySet;

        private static readonly ISet<string> EmptySet = new HashSet<string>();

        /// <summary>Cmdlet-specific checks of the overlay (pipeline thread, before any request): return the problems.</summary>
        internal virtual IEnumerable<string> Validate(CamOverlay overlay) => Array.Empty<string>();

        /// <summary>True when the setter reboots the camera or drops its connection by design (set_network, set_wifi).</summary>
        internal virtual bool WriteRestartsCamera => false;

        /// <summary>How long to wait for a camera that restarts after the write.</summary>
        internal virtual TimeSpan RestartTimeout => TimeSpan.FromSeconds(90);

        /// <summary>
        /// Where the camera answers after the write (Set-CamNetwork: a new address). Null = where it was. Runs off the
        /// pipeline thread.
        /// </summary>
        internal virtual CamAddress? AddressAfter(CamSession session, FleetContext context, CamSettingsObject before, CamSettingsObject after) => null;

        /// <summary>
        /// Runs once the writes were sent (answered or with their reply lost), before the read-back: forget what this
        /// session cached about the settings (Set-CamImageSetting: the flip bits Invoke-CamPtz corrects directions with).
        /// </summary>
        internal virtual void AfterWrite(CamSession session)
        {
        }

        private sealed class Pending
        {
            public Pending(CamGroupCodec codec, CamOverlay overlay)
            {
                Codec = codec;
                Overlay = overlay;
            }

            public CamGroupCodec Codec { get; }
            public CamOverlay Overlay { get; }
        }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            // What is bound now came from the command line; pipeline input binds per record, after this.
            _commandLine = new HashSet<string>(MyInvocation.BoundParameters.Keys, StringComparer.OrdinalIgnoreCase);
            _sessions = Sessions; // this runspace's sessions, captured on the pipeline thread
        }

        protected override string ShouldProcessAction
        {
            get
            {
                var p = _current ??= Capture();
                var what = p.Codec.Describe(p.Overlay);
                return $"Set {p.Codec.Title} settings: {(what.Length == 0 ? "(nothing to change)" : what)}";
            }
        }

        protected override void ProcessRecord()
        {
            var p = _current = Capture();
            // -WhatIf: read each camera (a read changes nothing) and show the change field by field, old -> new.
            if (ExplainWhatIf(p.Codec.ReadCgi, (session, vars) => $"Set {p.Codec.Title} settings: {DescribeChange(session, vars, p)}", why => $"Set {p.Codec.Title} settings: {Described(p)} (current values unknown: {why})")) return;
            base.ProcessRecord();
        }

        private static string Described(Pending p)
        {
            var what = p.Codec.Describe(p.Overlay);
            return what.Length == 0 ? "(nothing given)" : what;
        }

        /// <summary>"Field: old -> new" for each setting that would change (secrets masked), against what the camera holds now.</summary>
        private static string DescribeChange(CamSession session, CamVars vars, Pending p)
        {
            var current = p.Codec.Parse(session, vars);
            var wanted = p.Codec.Merge(current, p.Overlay, session.CameraId);
            var changes = p.Codec.DescribeChanges(current, wanted);
            return changes.Count == 0 ? "nothing to change" : string.Join("; ", changes);
        }

        /// <summary>This record's overlay (pipeline thread): the piped object's settings, then the bound parameters; validated.</summary>
        private Pending Capture()
        {
            var codec = CreateCodec();
            var overlay = new CamOverlay();
            var settings = new HashSet<string>(codec.SettingNames(), StringComparer.OrdinalIgnoreCase);
            settings.ExceptWith(NotSettings);
            var identity = new HashSet<string>(codec.Fields.Where(f => f.IsIdentity && f.Property is not null).Select(f => f.Property!), StringComparer.OrdinalIgnoreCase);
            var cameraGiven = _commandLine.Contains("Camera");
            var typed = InputObject?.BaseObject as CamSettingsObject;
            if (typed is not null && codec.Type.IsInstanceOfType(typed))
            {
                codec.OverlayFrom(typed, overlay);
                // Identity (address, alias) goes only onto the object's own camera: not when -Camera names the targets.
                if (cameraGiven) overlay.IdentityWire.Clear();
            }
            else
            {
                typed = null;
            }
            foreach (var kv in MyInvocation.BoundParameters)
            {
                if (!settings.Contains(kv.Key)) continue;
                var fromCommandLine = _commandLine.Contains(kv.Key);
                // A piped settings object already gave its camera texts; its by-name bindings would only repeat them (masked).
                if (typed is not null && !fromCommandLine) continue;
                if (!fromCommandLine && cameraGiven && identity.Contains(kv.Key)) continue;
                overlay.Values[kv.Key] = kv.Value is PSObject pso ? pso.BaseObject : kv.Value;
            }
            foreach (var kv in ExtraOverlay()) overlay.Values[kv.Key] = kv.Value;
            var problems = codec.Check(overlay).Concat(Validate(overlay)).ToList();
            if (problems.Count > 0)
            {
                MarkTargetSeen();
                ThrowArgumentError("InvalidSetting", string.Join(" ", problems.Select(x => x.EndsWith(".", StringComparison.Ordinal) ? x : x + ".")), InputObject?.BaseObject);
            }
            return new Pending(codec, overlay);
        }

        protected override bool PrepareCamera(CamSession session)
        {
            _pending.GetOrAdd(session, _ => new ConcurrentQueue<Pending>()).Enqueue(_current ??= Capture());
            return true;
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            if (!_pending.TryGetValue(session, out var queue) || !queue.TryDequeue(out var p))
                throw new InvalidOperationException($"Camera {session.Name}: no change was queued.");
            var codec = p.Codec;
            var current = await ReadAsync(session, context, codec).ConfigureAwait(false);
            var wanted = codec.Merge(current, p.Overlay, session.CameraId);
            var changed = codec.Differences(current, wanted);
            if (changed.Count == 0 && wanted.ForcedNames.Count == 0)
            {
                context.Verbose($"{session.Name}: the {codec.Title} settings already have these values; nothing written.");
                if (PassThru) context.Emit(current);
                return;
            }
            context.Verbose($"{session.Name}: changing {string.Join(", ", changed.Concat(wanted.ForcedNames))}.");
            var newAddress = AddressAfter(session, context, current, wanted);
            var texts = new CamWriteTexts
            {
                Write = $"the {codec.Title} write",
                Things = "settings",
                Check = "Check the camera and its settings with the matching Get- cmdlet",
                Mismatch = differ => new CamException("SettingNotApplied", CamErrorKind.Protocol, $"Camera {session.Name}: the camera answered 'ok.' but {string.Join(", ", differ)} of the {codec.Title} settings read back different.", "The firmware may not support this value; check it with the matching Get- cmdlet.", session.Name),
            };
            var now = await CamVerifiedWrite.RunAsync(this, session, context, texts, codec.Writes(current, wanted),
                async () =>
                {
                    AfterWrite(session);
                    if (newAddress is not null && !newAddress.Equals(session.Address))
                        await FollowAsync(session, context, newAddress).ConfigureAwait(false);
                    else if (WriteRestartsCamera)
                        await WaitForRestartAsync(session, context, codec).ConfigureAwait(false);
                },
                () => ReadAsync(session, context, codec),
                read => codec.Differences(wanted, read),
                read => codec.Same(read, current)).ConfigureAwait(false);
            if (PassThru) context.Emit(now!);
        }

        private async Task<CamSettingsObject> ReadAsync(CamSession session, FleetContext context, CamGroupCodec codec)
        {
            var reply = await SendAsync(session, context, codec.ReadCgi).ConfigureAwait(false);
            if (codec.ReadCgi == CgiCatalogue.GetParams) CamGroupGetCmdlet.LearnIdentity(session, reply.Vars);
            return codec.Parse(session, reply.Vars);
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
                new CamWaitOptions { Timeout = RestartTimeout, RebootGrace = TimeSpan.FromSeconds(3), Reason = $"after {codec.Setter?.Name}" },
                null, context.CancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// The camera moved (Set-CamNetwork changed the address it answers at): wait for it there, check it is the same
        /// camera, then move the session (and its registration) to the new address; otherwise say clearly that the
        /// session could not follow.
        /// </summary>
        private async Task FollowAsync(CamSession session, FleetContext context, CamAddress newAddress)
        {
            var oldAddress = session.Address;
            context.Verbose($"{session.Name}: the camera moves from {oldAddress} to {newAddress}; waiting for it there.");
            var expected = session.CameraId ?? session.ExpectedCameraId;
            try
            {
                await CamWaiter.WaitAsync(session,
                    async (left, ct) =>
                    {
                        var id = await CamSession.ProbeIdentityAsync(newAddress, session.TransportOptions, ct).ConfigureAwait(false);
                        if (id is not null && expected is not null && !string.Equals(id, expected, StringComparison.OrdinalIgnoreCase))
                            throw new CamIdentityMismatchException($"Camera {session.Name}: {newAddress} answers as camera id {id}, not {expected}; no credential was sent.", expected, id, session.Name);
                        return new CamReply(200, "var id='" + (id ?? "") + "';\n", TimeSpan.Zero);
                    },
                    new CamWaitOptions { Timeout = RestartTimeout, RebootGrace = TimeSpan.FromSeconds(1), Reason = "at its new address " + newAddress },
                    null, context.CancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is CamException && !(ex is OperationCanceledException))
            {
                throw new CamException("AddressNotFollowed", CamErrorKind.Unreachable,
                    $"Camera {session.Name}: the network settings were sent (new address {newAddress}), but the camera did not answer there as itself ({CamText.Sanitize(ex.Message)}). The session still points to {oldAddress}.",
                    $"Reach the camera at {newAddress} (Connect-Cam -Camera {newAddress}) and update its registration (Set-CamRegistration -Address {newAddress}).", session.Name, ex);
            }
            session.MoveTo(newAddress);
            foreach (var live in (_sessions?.All ?? Array.Empty<CamSession>()).Where(s => !ReferenceEquals(s, session) && s.Address.Equals(oldAddress))) live.MoveTo(newAddress);
            context.Verbose($"{session.Name}: the session now uses {newAddress}.");
            if (session.RegistrationName is { } reg)
            {
                try
                {
                    await Protocol.CamSocketLoop.RunOffLoopAsync(() => Registrations.MoveAddress(reg, newAddress.ToString())).ConfigureAwait(false);
                    context.Verbose($"{session.Name}: registration '{reg}' now has the address {newAddress} (its stored credential re-bound there).");
                }
                catch (Fleet.Store.CamStoreException ex)
                {
                    context.Warning($"Camera {session.Name}: it answers at {newAddress} now, but its registration '{reg}' could not be updated ({ex.Message}); run Set-CamRegistration -Name {reg} -Address {newAddress}.");
                }
            }
        }
    }
}
