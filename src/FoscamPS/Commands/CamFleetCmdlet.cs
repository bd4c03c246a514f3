using System;
using System.Collections.Generic;
using System.Diagnostics;
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
    /// Base of every camera cmdlet: the -Camera/-Credential/-ThrottleLimit/-TimeoutSec/-RetryCount parameters and the
    /// fleet engine. ShouldProcess is asked per camera on the pipeline thread before anything is sent; the work then
    /// runs concurrently (at most -ThrottleLimit in flight, one per camera); results, errors, verbose lines and
    /// progress are written only from the pipeline thread, as they complete, while input is still arriving.
    /// </summary>
    public abstract class CamFleetCmdlet : CamCmdlet, IDisposable
    {
        private FleetEngine? _engine;
        private bool _sawTarget;
        private Stopwatch? _progressClock;
        private int _progressId;

        /// <summary>
        /// <para type="description">The cameras: sessions, registered names (wildcards), host[:port], URIs, IP addresses, registry entries or any FoscamPS output object.</para>
        /// </summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Session", "CameraName", "ComputerName")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.CameraCompleter))]
        public CamTarget[]? Camera { get; set; }

        /// <summary>Credential for the cameras; overrides a session's or registration's.</summary>
        [Parameter(ValueFromPipelineByPropertyName = false)]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>Most operations in flight at once (over all cameras; each camera has at most one).</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; } = 16;

        /// <summary>Seconds a camera may take to answer; a silent camera costs at most this plus one second, retries included.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 15;

        /// <summary>How many times a read-only request is retried after a fast network failure (refused, reset), within the -TimeoutSec budget; writes only when the connection was never made.</summary>
        [Parameter]
        [ValidateRange(0, 10)]
        public int RetryCount { get; set; } = 2;

        /// <summary>True for cmdlets that change camera state: they need an explicit target and ask ShouldProcess.</summary>
        protected virtual bool ChangesState => false;

        /// <summary>True when, without -Camera, the cmdlet works on this runspace's connected sessions (read-only cmdlets).</summary>
        protected virtual bool UsesDefaultSessions => !ChangesState;

        /// <summary>True when each camera is confirmed with ShouldProcess (state changes, local file writes).</summary>
        protected virtual bool AsksShouldProcess => ChangesState;

        /// <summary>Retry class of the operation.</summary>
        protected virtual CgiSafety Safety => ChangesState ? CgiSafety.Write : CgiSafety.ReadOnly;

        /// <summary>The ShouldProcess action text (state-changing cmdlets).</summary>
        protected virtual string ShouldProcessAction => MyInvocation.MyCommand.Name;

        /// <summary>The per-camera work. Runs off the pipeline thread: no PowerShell calls, report through <paramref name="context"/>.</summary>
        protected abstract Task ProcessCameraAsync(CamSession session, FleetContext context);

        private readonly AsyncLocal<object?> _record = new AsyncLocal<object?>();

        /// <summary>
        /// Called on the pipeline thread when a camera is queued: capture the values of parameters bound from this input
        /// record. The operation may start later on a worker (behind -ThrottleLimit), when the next record has already
        /// rebound the parameters; it reads what was captured through <see cref="Record"/>.
        /// </summary>
        protected virtual object? CaptureRecord() => null;

        /// <summary>What <see cref="CaptureRecord"/> returned when this operation's camera was queued.</summary>
        protected object? Record => _record.Value;

        /// <summary>Called on the pipeline thread before the camera is queued; return false to skip it (after writing an error).</summary>
        protected virtual bool PrepareCamera(CamSession session) => true;

        protected override void BeginProcessing()
        {
            // Retries are per request (RequestRetry: by each CGI's own safety, within the -TimeoutSec budget), not
            // per operation: an operation is never re-run as a whole.
            _engine = new FleetEngine(ThrottleLimit, 0) { VerboseEnabled = IsVerboseWanted() };
            _progressId = Math.Abs(GetHashCode() % 100000) + 1;
        }

        /// <summary>
        /// True unless verbose output would certainly be discarded (no -Verbose/-Debug and VerbosePreference
        /// SilentlyContinue or Ignore): then no per-request verbose line is formatted, redacted or queued.
        /// </summary>
        private bool IsVerboseWanted()
        {
            var bound = MyInvocation.BoundParameters;
            if (bound.TryGetValue("Verbose", out var v) && v is SwitchParameter sv) return sv.IsPresent;
            if (bound.TryGetValue("Debug", out var d) && d is SwitchParameter sd && sd.IsPresent) return true;
            try
            {
                var pref = GetVariableValue("VerbosePreference");
                if (pref is ActionPreference ap) return ap != ActionPreference.SilentlyContinue && ap != ActionPreference.Ignore;
                if (pref is string s && Enum.TryParse<ActionPreference>(s, true, out var parsed)) return parsed != ActionPreference.SilentlyContinue && parsed != ActionPreference.Ignore;
            }
            catch (Exception)
            {
                // no runspace variable access (hosted edge cases): keep verbose lines
            }
            return true;
        }

        protected override void ProcessRecord()
        {
            if (Camera is null || Camera.Length == 0)
            {
                // Nothing bound in this record: state-changing cmdlets need a target; reads may use this runspace's sessions.
                return;
            }
            _sawTarget = true;
            foreach (var target in Camera)
            {
                foreach (var session in ResolveTarget(target))
                {
                    Enqueue(session, target);
                }
            }
            Drain();
        }

        protected override void EndProcessing()
        {
            if (!_sawTarget)
            {
                if (ChangesState && MyInvocation.ExpectingInput)
                {
                    // An empty pipeline is not an error in PowerShell (Get-ChildItem *.none | Remove-Item is silent):
                    // `Test-CamSecurity … -Verdict Fail | Set-CamUpnp …` with nothing failed must change nothing and
                    // pass. A -Camera typed next to the empty pipeline is never used, which deserves a warning.
                    string nothing = $"{MyInvocation.MyCommand.Name} received no object from the pipeline (the command before it wrote nothing), so it changed nothing.";
                    if (Camera is { Length: > 0 }) WriteWarning(nothing + " The -Camera given with it is used only with pipeline input.");
                    else WriteVerbose(nothing);
                    WaitAndDrain();
                    return;
                }
                if (ChangesState)
                {
                    ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException($"{MyInvocation.MyCommand.Name} changes camera settings and needs a target: pass -Camera (a session, name or address)."),
                        "CameraTargetRequired", ErrorCategory.InvalidArgument, null));
                }
                if (!UsesDefaultSessions)
                {
                    WaitAndDrain();
                    return;
                }
                var defaults = Sessions.All.Where(s => s.State == CamSessionState.Connected).ToArray();
                if (defaults.Length == 0)
                {
                    ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException("No -Camera was given and this session has no connected camera: run Connect-Cam or pass -Camera."),
                        "CameraTargetRequired", ErrorCategory.InvalidArgument, null));
                }
                foreach (var s in defaults) Enqueue(ApplyCredential(s), s);
            }
            WaitAndDrain();
        }

        protected override void StopProcessing() => _engine?.Cancel();

        /// <summary>
        /// PowerShell disposes a command when its pipeline ends, however it ended; it does not always call
        /// <see cref="StopProcessing"/> first. A downstream <c>Select-Object -First</c> ends this one by throwing from
        /// its WriteObject, and a terminating error ends it too, without that call. Ctrl+C can miss it as well: Stop marks
        /// the pipeline as stopping first and calls StopProcessing after, and skips the call when the pipeline has ended
        /// meanwhile — which it does when this command sees <c>Stopping</c> in that window and returns (CI, loaded
        /// machine: "686 uploads in flight: 4 ms; 982 upload connections left open"). What still runs is stopped here as
        /// StopProcessing stops it (PTZ stops sent, recordings closed), so no camera request outlives the command.
        /// </summary>
        public void Dispose()
        {
            // Also after a normal end (nothing left to stop then): Watch-CamAlarm's polling round has an engine of its own.
            StopProcessing();
            OnEnded();
        }

        /// <summary>Called once the command has ended (normally, stopped, or by a downstream command): drop what it held.</summary>
        protected virtual void OnEnded()
        {
        }

        private void Enqueue(CamSession session, object target)
        {
            if (AsksShouldProcess)
            {
                var label = session.Name == session.Address.ToString() ? session.Name : $"{session.Name} ({session.Address})";
                if (!ShouldProcessOrExplain(label, ShouldProcessAction)) return;
            }
            if (!PrepareCamera(session)) return;
            if (DeferCamera(session, target)) return;
            var record = CaptureRecord();
            _engine!.Enqueue(session, target, Safety, async (s, c) =>
            {
                // An async lambda: the value flows into this operation's awaits and never leaks into the caller's context.
                _record.Value = record;
                await RunCameraAsync(s, c).ConfigureAwait(false);
            });
        }

        /// <summary>Pipeline thread, after ShouldProcess and PrepareCamera: return true to hold the camera back (a canary rollout queues it later with <see cref="EnqueueDeferred"/>).</summary>
        internal virtual bool DeferCamera(CamSession session, object target) => false;

        /// <summary>For a record whose input was refused before its cameras were resolved: counts as a target (no CameraTargetRequired at the end).</summary>
        internal void MarkTargetSeen()
        {
            if (Camera is { Length: > 0 }) _sawTarget = true;
        }

        /// <summary>Queues a camera held back by <see cref="DeferCamera"/> (already confirmed; pipeline thread).</summary>
        internal void EnqueueDeferred(CamSession session, object target) => _engine!.Enqueue(session, target, Safety, RunCameraAsync);

        /// <summary>Waits until everything queued so far has finished, writing its results (pipeline thread).</summary>
        internal void WaitForQueued()
        {
            var engine = _engine!;
            while (!engine.IsIdle && !Stopping)
            {
                engine.WaitForActivity(TimeSpan.FromMilliseconds(100));
                Drain();
            }
            Drain();
        }

        /// <summary>False for cmdlets that check the camera's identity themselves (Wait-Cam waits for a camera that may be down).</summary>
        protected virtual bool ChecksIdentityFirst => true;

        /// <summary>Called on the pipeline thread after each drain of the engine's events (extra progress records).</summary>
        protected virtual void OnDrained() { }

        private async Task RunCameraAsync(CamSession session, FleetContext context)
        {
            var unrecorded = session.RegistrationName is not null && session.ExpectedCameraId is null;
            var timeout = TimeSpan.FromSeconds(TimeoutSec);
            void Retrying(string m) => context.Verbose($"{session.Name}: {m}");
            if (unrecorded && session.CameraId is null && ChecksIdentityFirst)
            {
                // First contact with a registered camera whose id the registry does not know yet: learn it without
                // sending a credential and record it, so every later command (runbooks that never call Connect-Cam
                // included) refuses an impostor at that address.
                var id = await RequestRetry.RunAsync(t => CamSession.ProbeIdentityAsync(session.Address, session.TransportOptions, context.CancellationToken, t),
                    CgiSafety.ReadOnly, timeout, RetryCount, Retrying, context.CancellationToken).ConfigureAwait(false);
                if (id is not null)
                {
                    session.ExpectedCameraId = id;
                    session.CameraId ??= id;
                    session.MarkIdentityVerified();
                    await RecordIdentityAsync(session, id, context).ConfigureAwait(false);
                    unrecorded = false;
                }
            }
            if (ChecksIdentityFirst)
                await RequestRetry.RunAsync(async t =>
            {
                await session.EnsureIdentityAsync(t, context.CancellationToken).ConfigureAwait(false);
                return true;
            }, CgiSafety.ReadOnly, timeout, RetryCount, Retrying, context.CancellationToken).ConfigureAwait(false);
            await ProcessCameraAsync(session, context).ConfigureAwait(false);
            if (unrecorded && session.CameraId is { } learnt) await RecordIdentityAsync(session, learnt, context).ConfigureAwait(false);
        }

        /// <summary>Writes a camera id learnt on first contact into its registration (never overwrites a recorded one).</summary>
        private static async Task RecordIdentityAsync(CamSession session, string cameraId, FleetContext context)
        {
            try
            {
                await Protocol.CamSocketLoop.RunOffLoopAsync(() => Registrations.LearnCameraId(session.RegistrationName!, cameraId, session.AuthScheme)).ConfigureAwait(false);
                context.Verbose($"{session.Name}: camera id {cameraId} recorded in the registry.");
            }
            catch (Fleet.Store.CamStoreException ex)
            {
                context.Warning($"{session.Name}: the camera id {cameraId} could not be recorded in the registry: {ex.Message}");
            }
        }

        /// <summary>Sends one text CGI with this cmdlet's timeout, after a privilege check that needs no round trip.</summary>
        internal Task<CamReply> SendAsync(CamSession session, FleetContext context, CgiDefinition cgi, IEnumerable<KeyValuePair<string, string>>? query = null, Action<CamRequest>? configure = null)
            => SendAsync(session, context, cgi, query, (TimeSpan?)null, configure);

        /// <summary>As above, with a request timeout other than -TimeoutSec (polls near the end of a wait).</summary>
        internal async Task<CamReply> SendAsync(CamSession session, FleetContext context, CgiDefinition cgi, IEnumerable<KeyValuePair<string, string>>? query, TimeSpan? timeout, Action<CamRequest>? configure = null)
        {
            var request = Prepare(session, context, cgi, query, configure);
            if (timeout is { } t) request.Timeout = t;
            CamReply reply;
            try
            {
                reply = await WithRetryAsync(session, context, request, () => session.Transport.SendAsync(request, context.CancellationToken)).ConfigureAwait(false);
            }
            catch (CamAuthenticationException) when (session.Privilege == CamPrivilege.Unknown && cgi.Privilege > CamPrivilege.Visitor && session.Credential is not null)
            {
                // Firmware answers 401 both for a wrong password and for too little privilege: ask check_user which.
                await LearnPrivilegeAsync(session, context).ConfigureAwait(false);
                throw new CamAccessDeniedException(
                    $"Camera {session.Name}: {cgi.Name} needs the {cgi.Privilege} privilege; user '{session.UserName}' is {session.Privilege}.",
                    cgi.Name, cgi.Privilege, session.Name);
            }
            // The transport already judged the body against cgi.Expect (ok. / complete var statements).
            return reply;
        }

        /// <summary>Learns the user's privilege with check_user.cgi; rethrows its authentication failure when the password is wrong.</summary>
        private static async Task LearnPrivilegeAsync(CamSession session, FleetContext context)
        {
            var request = CgiCatalogue.CheckUser.CreateRequest();
            var check = await session.Transport.SendAsync(request, context.CancellationToken).ConfigureAwait(false);
            session.Privilege = CamResults.PrivilegeFromCheckUser(check.Vars.GetInt32("pri"));
        }

        /// <summary>Opens a media CGI (snapshot, stream, backup) with this cmdlet's timeout.</summary>
        internal async Task<CamMediaResponse> OpenMediaAsync(CamSession session, FleetContext context, CgiDefinition cgi, IEnumerable<KeyValuePair<string, string>>? query = null)
        {
            var request = Prepare(session, context, cgi, query);
            return await WithRetryAsync(session, context, request, () => session.Transport.OpenMediaAsync(request, context.CancellationToken)).ConfigureAwait(false);
        }

        /// <summary>Sends with the retry policy of the request's own CGI safety, within this cmdlet's -TimeoutSec budget.</summary>
        private Task<T> WithRetryAsync<T>(CamSession session, FleetContext context, CamRequest request, Func<Task<T>> send)
            => RequestRetry.RunAsync(t =>
            {
                request.Timeout = t;
                return send();
            }, request.Safety, TimeSpan.FromSeconds(TimeoutSec), RetryCount, m => context.Verbose($"{session.Name}: {m}"), context.CancellationToken);

        /// <summary>Uploads a file to an upload CGI (multipart field "file", never retried) with the given timeout.</summary>
        internal async Task<CamReply> UploadAsync(CamSession session, FleetContext context, CgiDefinition cgi, string fileName, System.IO.Stream content, TimeSpan timeout)
        {
            var request = Prepare(session, context, cgi, null);
            request.Timeout = timeout;
            request.ReplyTimeout = TimeSpan.FromSeconds(TimeoutSec); // a reply that stalls half-way costs -TimeoutSec, not the upload's budget
            context.Verbose($"{session.Name}: POST {fileName} ({content.Length} bytes) to {cgi.Name}");
            return await session.Transport.UploadAsync(request, fileName, content, context.CancellationToken).ConfigureAwait(false);
        }

        /// <summary>Privilege check without a round trip, the request with this cmdlet's timeout, and its Verbose line (redacted).</summary>
        private CamRequest Prepare(CamSession session, FleetContext context, CgiDefinition cgi, IEnumerable<KeyValuePair<string, string>>? query, Action<CamRequest>? configure = null)
        {
            EnsurePrivilege(session, cgi);
            var request = cgi.CreateRequest(query);
            configure?.Invoke(request);
            request.Timeout = TimeSpan.FromSeconds(TimeoutSec);
            if (context.IsVerboseEnabled) context.Verbose($"{session.Name}: GET {session.Transport.GetRedactedUrl(request)}");
            return request;
        }

        private static void EnsurePrivilege(CamSession session, CgiDefinition cgi)
        {
            if (session.Privilege != CamPrivilege.Unknown && session.Privilege < cgi.Privilege)
            {
                throw new CamAccessDeniedException(
                    $"Camera {session.Name}: {cgi.Name} needs the {cgi.Privilege} privilege; user '{session.UserName}' is {session.Privilege}.",
                    cgi.Name, cgi.Privilege, session.Name);
            }
        }

        private CamSession ApplyCredential(CamSession session)
        {
            var credential = ToNetworkCredential(Credential);
            return credential is null ? session : session.WithCredential(credential);
        }

        /// <summary>Turns one -Camera value into sessions (pipeline thread). Unknown names give one non-terminating error.</summary>
        internal IReadOnlyList<CamSession> ResolveTarget(CamTarget target)
        {
            try
            {
                return TargetResolver.Resolve(target, Sessions, ToNetworkCredential(Credential), this);
            }
            catch (Exception ex) when (ex is CamException || ex is Fleet.Store.CamStoreException || ex is ArgumentException || ex is ItemNotFoundException || ex is InvalidOperationException)
            {
                ErrorRecord record;
                if (ex is ItemNotFoundException) record = new ErrorRecord(ex, "CameraNotFound", ErrorCategory.ObjectNotFound, target);
                else if (ex is ArgumentException) record = new ErrorRecord(ex, (ex as CamTargetException)?.ErrorId ?? "InvalidCameraTarget", ErrorCategory.InvalidArgument, target);
                else if (ex is InvalidOperationException) record = new ErrorRecord(ex, "SessionDisconnected", ErrorCategory.InvalidOperation, target);
                else record = CreateCameraError(ex, target);
                WriteError(record);
                return Array.Empty<CamSession>();
            }
        }

        private void Drain()
        {
            var engine = _engine!;
            while (engine.TryDequeue(out var e))
            {
                switch (e!.Kind)
                {
                    case FleetEventKind.Output:
                        foreach (var o in e.Outputs) WriteObject(o);
                        break;
                    case FleetEventKind.Error:
                        WriteError(CreateCameraError(e.Error!, e.Session, e.Session.Credential));
                        break;
                    case FleetEventKind.Verbose:
                        WriteVerbose(e.Message);
                        break;
                    case FleetEventKind.Warning:
                        WriteWarning(e.Message);
                        break;
                }
            }
            OnDrain();
            WriteFleetProgress(final: false);
            OnDrained();
        }

        /// <summary>Called on the pipeline thread each time finished work is drained (about every 100 ms while waiting): per-camera progress, streamed output.</summary>
        protected virtual void OnDrain()
        {
        }

        private void WaitAndDrain()
        {
            var engine = _engine!;
            while (!engine.IsIdle && !Stopping)
            {
                engine.WaitForActivity(TimeSpan.FromMilliseconds(100));
                Drain();
            }
            Drain();
            foreach (var skipped in engine.Skipped)
            {
                WriteWarning($"Camera {skipped.Key}: {skipped.Value} further operation(s) skipped after it failed earlier in this run.");
            }
            WriteFleetProgress(final: true);
        }

        private void WriteFleetProgress(bool final)
        {
            var engine = _engine!;
            var total = engine.Total;
            if (total <= 1) return;
            _progressClock ??= Stopwatch.StartNew();
            if (!final && _progressClock.ElapsedMilliseconds < 200) return;
            _progressClock.Restart();
            var done = engine.Succeeded;
            var failed = engine.Failed;
            var remaining = engine.Pending;
            var record = new ProgressRecord(_progressId, MyInvocation.MyCommand.Name, $"{done} done, {failed} failed, {remaining} remaining of {total} cameras")
            {
                PercentComplete = Math.Min(100, (int)(100.0 * (total - remaining) / total)),
                RecordType = final ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            WriteProgress(record);
        }
    }
}
