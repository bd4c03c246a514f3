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
    /// Connect-Cam: checks the credential (check_user.cgi), learns the camera (get_status.cgi) and keeps a session in
    /// this runspace. Targets come from -Camera (names, addresses, registry entries, sessions), -HostName/-Port or -Uri.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Cam", DefaultParameterSetName = CameraSet, HelpUri = CamHelp.Base + "Connect-Cam.md")]
    [OutputType(typeof(CamSession))]
    public sealed class ConnectCamCommand : CamFleetCmdlet
    {
        private const string CameraSet = "Camera";
        private const string HostSet = "HostName";
        private const string UriSet = "Uri";
        private const string NameSet = "Name";
        private SessionRegistry? _registry;
        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<CamSession, CamSession> _fresh = new System.Runtime.CompilerServices.ConditionalWeakTable<CamSession, CamSession>();

        /// <summary>Host name or IP address of the camera.</summary>
        [Parameter(Mandatory = true, ParameterSetName = HostSet)]
        [ValidateNotNullOrEmpty]
        public string HostName { get; set; } = "";

        /// <summary>HTTP port of the camera (default 80).</summary>
        [Parameter(ParameterSetName = HostSet)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = 80;

        /// <summary>URI of the camera, e.g. http://192.0.2.10:81/ (no credentials in the URI: use -Credential).</summary>
        [Parameter(Mandatory = true, ParameterSetName = UriSet)]
        [ValidateNotNull]
        public Uri? Uri { get; set; }

        /// <summary>Registered camera names (wildcards allowed): the address and credential come from the registry.</summary>
        [Parameter(Mandatory = true, ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completers.RegistrationNameCompleter))]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Name for the new session (default: the registration name or host:port). One camera only.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SessionName { get; set; }

        /// <summary>Tags kept on the session (Get-CamSession -Tag).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completers.TagCompleter))]
        public string[]? Tag { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _registry = Sessions;
            if (SessionName is not null && (SessionName.IndexOfAny(new[] { '@', '*', '?', '[', ']', '`' }) >= 0 || SessionName.Trim().Length != SessionName.Length))
            {
                // Such a name could never be given back to -Camera: '@' reads as user@host, the others as wildcards.
                ThrowArgumentError("InvalidSessionName", $"-SessionName '{SessionName}' cannot contain @ * ? [ ] ` or start or end with a space.", SessionName);
            }
            switch (ParameterSetName)
            {
                case HostSet:
                    // An IPv6 literal, with or without brackets ("::1", "[::1]", "fe80::1%eth0"), gets exactly one pair.
                    var bare = HostName.Trim().TrimStart('[').TrimEnd(']');
                    var host = bare.IndexOf(':') >= 0 ? $"[{bare}]" : bare;
                    Camera = new[] { new CamTarget($"{host}:{Port}") };
                    break;
                case UriSet:
                    Camera = new[] { new CamTarget(Uri!) };
                    break;
                case NameSet:
                    // -Name means registrations only: a name that matches none is an error, not a host name to try.
                    Registrations.WarnIfInMemory(this);
                    var registry = Registrations.OpenRegistry();
                    var targets = new List<CamTarget>();
                    foreach (var n in Name)
                    {
                        if (registry.Find(n).Count == 0)
                        {
                            WriteError(new ErrorRecord(new ItemNotFoundException($"No camera is registered as '{n}'."),
                                Fleet.Store.CamStoreErrorId.CameraNotRegistered, ErrorCategory.ObjectNotFound, n));
                            continue;
                        }
                        targets.Add(new CamTarget(n));
                    }
                    Camera = targets.ToArray();
                    break;
            }
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == CameraSet && (Camera is null || Camera.Length == 0))
                ThrowArgumentError("CameraTargetRequired", "Connect-Cam needs a camera: -Camera, -HostName, -Uri or -Name.");
            if (ParameterSetName == NameSet && (Camera is null || Camera.Length == 0)) return;
            base.ProcessRecord();
        }

        protected override bool UsesDefaultSessions => false;

        /// <summary>Names given to sessions by this command so far (pipeline thread).</summary>
        private readonly HashSet<string> _claimed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        protected override bool PrepareCamera(CamSession session)
        {
            var name = SessionName ?? session.Name;

            // -SessionName names ONE session: a second camera in the same command would silently take it over.
            if (SessionName is not null && _claimed.Count > 0)
            {
                WriteError(new ErrorRecord(
                    new ArgumentException($"-SessionName '{SessionName}' names one session, and it was already given to another camera in this command; '{session.Name}' ({session.Address}) was not connected. Connect each camera with its own -SessionName."),
                    "SessionNameInUse", ErrorCategory.ResourceExists, session));
                return false;
            }

            // Another live session already has this name: never replace (disconnect) it or rename it silently.
            var holder = Sessions.Find(s => s.State == CamSessionState.Connected && string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)).FirstOrDefault();
            if (holder is not null && !ReferenceEquals(holder, session) && !holder.Address.Equals(session.Address))
            {
                WriteError(new ErrorRecord(
                    new ArgumentException($"A session named '{name}' is already connected to {holder.Address}; '{session.Address}' was not connected. Choose another -SessionName, or Disconnect-Cam '{name}' first."),
                    "SessionNameInUse", ErrorCategory.ResourceExists, session));
                return false;
            }
            if (!_claimed.Add(name))
            {
                WriteError(new ErrorRecord(
                    new ArgumentException($"Two cameras in this command would both get the session name '{name}'; '{session.Address}' was not connected."),
                    "SessionNameInUse", ErrorCategory.ResourceExists, session));
                return false;
            }

            var fresh = Fresh(session);
            _fresh.Remove(session);
            if (!ReferenceEquals(fresh, session)) _fresh.Add(session, fresh);

            if (session.Credential is null)
            {
                WriteWarning($"Connecting to {session.Name} ({session.Address}) without a credential: the session is anonymous and can only use what the camera allows without logging in. Pass -Credential (or register the camera with one).");
            }
            return true;
        }

        /// <summary>
        /// The session this command connects under the requested name: the target itself, renamed, when it is a new
        /// (transient) session; a new session when the target is a live session known by another name, so that
        /// session is never renamed under its users' feet.
        /// </summary>
        private CamSession Fresh(CamSession session)
        {
            if (Tag is not null && session.State != CamSessionState.Disconnected) session.Tags = Tag;
            if (SessionName is null || string.Equals(SessionName, session.Name, StringComparison.Ordinal)) return session;
            if (session.State == CamSessionState.Transient)
            {
                session.Name = SessionName;
                return session;
            }
            return new CamSession(SessionName, session.Address, session.Credential, session.TransportOptions)
            {
                ExpectedCameraId = session.ExpectedCameraId ?? session.CameraId,
                RegistrationName = session.RegistrationName,
                Tags = Tag ?? session.Tags,
            };
        }

        protected override async Task ProcessCameraAsync(CamSession target, FleetContext context)
        {
            var session = _fresh.TryGetValue(target, out var f) ? f : target;
            // 1. Who am I here? (check_user echoes the password: its reply is read for pri only and dropped.)
            if (session.Credential is not null)
            {
                var check = await SendAsync(session, context, CgiCatalogue.CheckUser).ConfigureAwait(false);
                session.Privilege = CamResults.PrivilegeFromCheckUser(check.Vars.GetInt32("pri"));
            }

            // 2. What camera is it?
            var statusReply = await SendAsync(session, context, CgiCatalogue.GetStatus).ConfigureAwait(false);
            var status = CamResults.Status(session, statusReply.Vars);
            var expected = session.ExpectedCameraId;
            if (expected is not null && status.CameraId is not null && !string.Equals(expected, status.CameraId, StringComparison.OrdinalIgnoreCase))
            {
                throw new CamIdentityMismatchException(
                    $"Camera {session.Name} ({session.Address}) answered as camera id {status.CameraId}, not {expected}.", expected, status.CameraId, session.Name);
            }
            session.CameraId = status.CameraId ?? session.CameraId;
            session.ExpectedCameraId = session.CameraId;
            session.MarkIdentityVerified();
            if (session.RegistrationName is not null && session.CameraId is not null)
            {
                try
                {
                    var (name, id, scheme) = (session.RegistrationName, session.CameraId, session.AuthScheme);
                    await CamSocketLoop.RunOffLoopAsync(() => Registrations.LearnCameraId(name, id, scheme)).ConfigureAwait(false);
                }
                catch (FoscamPS.Fleet.Store.CamStoreException ex)
                {
                    context.Warning($"{session.Name}: connected, but the camera id could not be recorded in the registry: {ex.Message}");
                }
            }

            session.State = CamSessionState.Connected;
            session.ConnectedAt = DateTimeOffset.Now;
            _registry!.Add(session);
            context.Verbose($"{session.Name}: connected as {session.UserName ?? "(anonymous)"} ({session.Privilege}, {session.AuthScheme}), camera id {session.CameraId}.");
            context.Emit(session);
        }
    }
}
