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
    public abstract class CamFleetCmdlet : CamCmdlet
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

        /// <summary>Seconds each request to a camera may take.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 15;

        /// <summary>How many times a read-only operation is retried after a network failure (writes never are).</summary>
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

        /// <summary>Called on the pipeline thread before the camera is queued; return false to skip it (after writing an error).</summary>
        protected virtual bool PrepareCamera(CamSession session) => true;

        protected override void BeginProcessing()
        {
            _engine = new FleetEngine(ThrottleLimit, RetryCount);
            _progressId = Math.Abs(GetHashCode() % 100000) + 1;
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

        private void Enqueue(CamSession session, object target)
        {
            if (AsksShouldProcess)
            {
                var label = session.Name == session.Address.ToString() ? session.Name : $"{session.Name} ({session.Address})";
                if (!ShouldProcessOrExplain(label, ShouldProcessAction)) return;
            }
            if (!PrepareCamera(session)) return;
            _engine!.Enqueue(session, target, Safety, RunCameraAsync);
        }

        private async Task RunCameraAsync(CamSession session, FleetContext context)
        {
            var unrecorded = session.RegistrationName is not null && session.ExpectedCameraId is null;
            if (unrecorded && session.CameraId is null)
            {
                // First contact with a registered camera whose id the registry does not know yet: learn it without
                // sending a credential and record it, so every later command (runbooks that never call Connect-Cam
                // included) refuses an impostor at that address.
                var id = await CamSession.ProbeIdentityAsync(session.Address, session.TransportOptions, context.CancellationToken).ConfigureAwait(false);
                if (id is not null)
                {
                    session.ExpectedCameraId = id;
                    session.MarkIdentityVerified();
                    RecordIdentity(session, id, context);
                    unrecorded = false;
                }
            }
            await session.EnsureIdentityAsync(context.CancellationToken).ConfigureAwait(false);
            await ProcessCameraAsync(session, context).ConfigureAwait(false);
            if (unrecorded && session.CameraId is { } learnt) RecordIdentity(session, learnt, context);
        }

        /// <summary>Writes a camera id learnt on first contact into its registration (never overwrites a recorded one).</summary>
        private static void RecordIdentity(CamSession session, string cameraId, FleetContext context)
        {
            try
            {
                Registrations.LearnCameraId(session.RegistrationName!, cameraId, session.AuthScheme);
                context.Verbose($"{session.Name}: camera id {cameraId} recorded in the registry.");
            }
            catch (Fleet.Store.CamStoreException ex)
            {
                context.Warning($"{session.Name}: the camera id {cameraId} could not be recorded in the registry: {ex.Message}");
            }
        }

        /// <summary>Sends one text CGI with this cmdlet's timeout, after a privilege check that needs no round trip.</summary>
        internal async Task<CamReply> SendAsync(CamSession session, FleetContext context, CgiDefinition cgi, IEnumerable<KeyValuePair<string, string>>? query = null)
        {
            var request = Prepare(session, context, cgi, query);
            CamReply reply;
            try
            {
                reply = await session.Transport.SendAsync(request, context.CancellationToken).ConfigureAwait(false);
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
            return await session.Transport.OpenMediaAsync(request, context.CancellationToken).ConfigureAwait(false);
        }

        /// <summary>Privilege check without a round trip, the request with this cmdlet's timeout, and its Verbose line (redacted).</summary>
        private CamRequest Prepare(CamSession session, FleetContext context, CgiDefinition cgi, IEnumerable<KeyValuePair<string, string>>? query)
        {
            EnsurePrivilege(session, cgi);
            var request = cgi.CreateRequest(query);
            request.Timeout = TimeSpan.FromSeconds(TimeoutSec);
            context.Verbose($"{session.Name}: GET {session.Transport.GetRedactedUrl(request)}");
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
                        WriteObject(e.Output);
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
            WriteFleetProgress(final: false);
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
