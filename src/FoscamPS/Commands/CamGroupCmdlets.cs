using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>Base of the Get- cmdlets of one settings group: read the group's CGI, parse it, emit one object per camera.</summary>
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
            foreach (var o in Select(session, reply.Vars))
            {
                o.RevealSecrets = Reveal;
                context.Emit(o);
            }
        }
    }

    /// <summary>
    /// Base of the Set- cmdlets of one settings group: a Set- cmdlet declares its parameters (named like the Get
    /// output's properties) and its group. Per camera: read the group fresh, overlay only the bound parameters (or the
    /// piped object), write (whole group, or per field where the CGI takes one), read again and compare — secrets
    /// compared, never shown. A write whose reply is lost is not retried: the group is read back and the write
    /// reported as applied, not applied or indeterminate.
    /// </summary>
    public abstract class CamGroupSetCmdlet : CamFleetCmdlet
    {
        private readonly ConcurrentDictionary<CamSession, ConcurrentQueue<Pending>> _pending = new ConcurrentDictionary<CamSession, ConcurrentQueue<Pending>>();
        private Pending? _current;

        /// <summary>A settings object (from the matching Get- cmdlet) whose settings are applied.</summary>
        [Parameter(ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>Write the settings read back after the change.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override bool ChangesState => true;

        /// <summary>The group's codec for this record (device links: the entry named by -Index).</summary>
        internal abstract CamGroupCodec CreateCodec();

        private sealed class Pending
        {
            public Pending(CamGroupCodec codec, Dictionary<string, object?> overlay)
            {
                Codec = codec;
                Overlay = overlay;
            }

            public CamGroupCodec Codec { get; }
            public Dictionary<string, object?> Overlay { get; }
        }

        protected override string ShouldProcessAction
        {
            get
            {
                var p = _current ??= Capture();
                var what = CamGroupCodec.Describe(p.Overlay);
                return $"Set {p.Codec.Title} settings: {(what.Length == 0 ? "(nothing to change)" : what)}";
            }
        }

        private bool _whatIfShown;

        protected override void ProcessRecord()
        {
            _current = Capture();
            if (IsWhatIf && Camera is { Length: > 0 })
            {
                // -WhatIf: read each camera (a read changes nothing) and show the change field by field, old -> new.
                _whatIfShown = true;
                foreach (var target in Camera)
                {
                    foreach (var session in ResolveTarget(target))
                    {
                        var label = session.Name == session.Address.ToString() ? session.Name : $"{session.Name} ({session.Address})";
                        ShouldProcessOrExplain(label, $"Set {_current.Codec.Title} settings: {DescribeChange(session, _current)}");
                    }
                }
                return;
            }
            base.ProcessRecord();
        }

        protected override void EndProcessing()
        {
            if (_whatIfShown) return;
            base.EndProcessing();
        }

        private bool IsWhatIf
            => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) ? w is SwitchParameter sw && sw.IsPresent
               : GetVariableValue("WhatIfPreference") is { } pref && LanguagePrimitives.IsTrue(pref);

        /// <summary>"Field: old -> new" for each setting that would change (secrets masked), read from the camera now.</summary>
        private string DescribeChange(CamSession session, Pending p)
        {
            try
            {
                // As for real runs: no credential goes to an address that no longer answers as the expected camera.
                session.EnsureIdentityAsync(System.Threading.CancellationToken.None).GetAwaiter().GetResult();
                var request = p.Codec.ReadCgi.CreateRequest();
                request.Timeout = TimeSpan.FromSeconds(TimeoutSec);
                var reply = session.Transport.SendAsync(request, System.Threading.CancellationToken.None).GetAwaiter().GetResult();
                var current = p.Codec.Parse(session, reply.Vars);
                var wanted = p.Codec.Merge(current, p.Overlay);
                var changes = new List<string>();
                foreach (var name in p.Codec.Differences(current, wanted))
                {
                    if (name == "Account (password)") { changes.Add("password: ******** -> ********"); continue; }
                    var prop = p.Codec.Type.GetProperty(name)!;
                    changes.Add($"{name}: {Show(prop.GetValue(current))} -> {Show(prop.GetValue(wanted))}");
                }
                return changes.Count == 0 ? "nothing to change" : string.Join("; ", changes);
            }
            catch (Exception ex) when (ex is CamException || ex is ObjectDisposedException || ex is InvalidOperationException)
            {
                var what = CamGroupCodec.Describe(p.Overlay);
                return $"{(what.Length == 0 ? "(nothing given)" : what)} (current values unknown: {CamText.Sanitize(ex.Message)})";
            }
        }

        private static string Show(object? v) => v switch
        {
            null => "(none)",
            string s => "'" + s + "'",
            string[] a => "[" + string.Join(", ", a.Where(x => x.Length > 0).Select(x => "'" + x + "'")) + "]",
            bool b => b ? "$true" : "$false",
            _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "",
        };

        /// <summary>This record's overlay (pipeline thread): the piped object's settings, then the bound parameters.</summary>
        private Pending Capture()
        {
            var codec = CreateCodec();
            var names = new HashSet<string>(codec.SettingProperties().Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
            var hasAccount = codec.Type.GetProperty("Account") is not null;
            var overlay = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            if (InputObject?.BaseObject is CamSettingsObject typed && codec.Type.IsInstanceOfType(typed))
            {
                // The user name travels only with its password (Account): never half an account.
                foreach (var p in codec.SettingProperties())
                {
                    if (!(hasAccount && p.Name == "UserName")) overlay[p.Name] = p.GetValue(typed);
                }
                if (hasAccount && codec.Type.GetProperty("Account")!.GetValue(typed) is PSCredential c) overlay["Account"] = c;
            }
            foreach (var kv in MyInvocation.BoundParameters)
            {
                if (names.Contains(kv.Key) || (hasAccount && kv.Key.Equals("Account", StringComparison.OrdinalIgnoreCase)))
                    overlay[codec.Type.GetProperty(kv.Key)!.Name] = kv.Value is PSObject pso ? pso.BaseObject : kv.Value;
            }
            foreach (var kv in ExtraOverlay()) overlay[kv.Key] = kv.Value;
            Validate(overlay);
            return new Pending(codec, overlay);
        }

        /// <summary>Settings a cmdlet adds beyond its bound parameters (Set-CamDeviceLink -Clear).</summary>
        internal virtual IEnumerable<KeyValuePair<string, object?>> ExtraOverlay() => Array.Empty<KeyValuePair<string, object?>>();

        /// <summary>Checks what parameter attributes cannot (piped values, credentials): a terminating error naming the parameter and the limit.</summary>
        internal virtual void Validate(IReadOnlyDictionary<string, object?> overlay)
        {
            foreach (var kv in overlay)
            {
                if (kv.Value is Enum e && !e.GetType().IsDefined(typeof(FlagsAttribute), false) && !Enum.IsDefined(e.GetType(), e))
                    ThrowArgumentError("InvalidSetting", $"-{kv.Key}: {Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture)} is not one of {string.Join(", ", Enum.GetNames(e.GetType()))}.", kv.Value);
                if (kv.Value is CamFlip f && ((int)f & ~3) != 0)
                    ThrowArgumentError("InvalidSetting", $"-{kv.Key}: only Flip and Mirror can be combined.", kv.Value);
            }
            if (overlay.TryGetValue("Account", out var a) && a is PSCredential cred && cred != PSCredential.Empty)
            {
                var (userMax, pwdMax) = AccountLimits;
                if (CamText.CheckInput(cred.UserName ?? "", userMax) is { } userProblem)
                    ThrowArgumentError("InvalidSetting", $"-Account: the user name {userProblem}", null);
                if (CamText.CheckInput(cred.GetNetworkCredential().Password ?? "", pwdMax) is { } pwdProblem)
                    ThrowArgumentError("InvalidSetting", $"-Account: the password {pwdProblem}", null);
            }
        }

        /// <summary>Byte limits of the group's user name and password.</summary>
        internal virtual (int User, int Password) AccountLimits => (64, 64);

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
            var current = codec.Parse(session, (await SendAsync(session, context, codec.ReadCgi).ConfigureAwait(false)).Vars);
            var wanted = codec.Merge(current, p.Overlay);
            var changed = codec.Differences(current, wanted);
            if (changed.Count == 0)
            {
                context.Verbose($"{session.Name}: the {codec.Title} settings already have these values; nothing written.");
                if (PassThru) context.Emit(current);
                return;
            }
            context.Verbose($"{session.Name}: changing {string.Join(", ", changed)}.");
            Exception? lost = null;
            foreach (var write in codec.Writes(current, wanted))
            {
                try
                {
                    await SendAsync(session, context, write.Key, write.Value).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is CamTimeoutException || ex is CamUnreachableException)
                {
                    lost = ex;
                    context.Verbose($"{session.Name}: the reply of {write.Key.Name} was lost ({ex.Message}); reading the settings back instead of retrying.");
                    break;
                }
            }
            var now = codec.Parse(session, (await SendAsync(session, context, codec.ReadCgi).ConfigureAwait(false)).Vars);
            var differ = codec.Differences(wanted, now);
            if (differ.Count > 0)
            {
                if (lost is not null && codec.Same(now, current))
                    throw new CamException("WriteNotApplied", CamErrorKind.Timeout, $"Camera {session.Name}: the reply of the {codec.Title} write was lost and the settings read back unchanged: the change was not applied.", "Run the command again.", session.Name, lost);
                if (lost is not null)
                    throw new CamException("WriteIndeterminate", CamErrorKind.Timeout, $"Camera {session.Name}: the reply of the {codec.Title} write was lost and the settings read back match neither the old nor the new values ({string.Join(", ", differ)}).", "Check the settings with the matching Get- cmdlet.", session.Name, lost);
                throw new CamException("SettingNotApplied", CamErrorKind.Protocol, $"Camera {session.Name}: the camera answered 'ok.' but {string.Join(", ", differ)} of the {codec.Title} settings read back different.", "The firmware may not support this value; check it with the matching Get- cmdlet.", session.Name);
            }
            if (lost is not null) context.Warning($"Camera {session.Name}: the reply of the {codec.Title} write was lost, but the settings read back show the change applied.");
            if (PassThru) context.Emit(now);
        }
    }
}
