using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
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
    /// Watch-CamAlarm: polls get_status.cgi of a fleet every -IntervalSec and writes one CamAlarmEvent per change of
    /// alarm_status, until Ctrl+C, -Until or -Count. Each round runs on the fleet engine (throttled, one request per
    /// camera); a camera that fails gets one error when it starts failing and a warning when it is back, not one per round.
    /// </summary>
    [Cmdlet(VerbsCommon.Watch, "CamAlarm", HelpUri = CamHelp.Base + "Watch-CamAlarm.md")]
    [OutputType(typeof(CamAlarmEvent))]
    public sealed class WatchCamAlarmCommand : CamFleetCmdlet
    {
        private readonly List<(CamSession Session, object Target)> _cameras = new List<(CamSession, object)>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, CamAlarmStatus> _state = new ConcurrentDictionary<string, CamAlarmStatus>(StringComparer.OrdinalIgnoreCase);
        private readonly ManualResetEventSlim _stop = new ManualResetEventSlim(false);
        private FleetEngine? _round;
        private string _snapshotDirectory = "";

        /// <summary>Seconds between two polls of each camera.</summary>
        [Parameter]
        [ValidateRange(0.1, 86400)]
        public double IntervalSec { get; set; } = 2;

        /// <summary>Stop at this time (local time unless the value says otherwise).</summary>
        [Parameter]
        public DateTime Until { get; set; }

        /// <summary>Stop after this many events.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Count { get; set; }

        /// <summary>Folder for a snapshot of each camera whose alarm begins.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SnapshotPath { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Until)) && Until <= DateTime.Now)
                ThrowArgumentError("UntilInPast", $"-Until must be in the future; {Until.ToString("s", CultureInfo.InvariantCulture)} has passed.", Until);
            if (SnapshotPath is not null)
            {
                _snapshotDirectory = SessionState.Path.GetUnresolvedProviderPathFromPSPath(SnapshotPath);
                if (File.Exists(_snapshotDirectory))
                    ThrowArgumentError("PathIsFile", $"-SnapshotPath must be a folder; '{_snapshotDirectory}' is a file.", SnapshotPath);
            }
        }

        protected override void ProcessRecord()
        {
            if (Camera is null) return;
            foreach (var target in Camera)
                foreach (var session in ResolveTarget(target))
                    Add(session, target);
        }

        private void Add(CamSession session, object target)
        {
            if (_seen.Add(session.Address.ToString())) _cameras.Add((session, target));
        }

        protected override void EndProcessing()
        {
            if (!MyInvocation.BoundParameters.ContainsKey(nameof(Camera)) && _cameras.Count == 0)
            {
                foreach (var s in Sessions.All.Where(s => s.State == CamSessionState.Connected))
                {
                    var credential = ToNetworkCredential(Credential);
                    Add(credential is null ? s : s.WithCredential(credential), s);
                }
                if (_cameras.Count == 0)
                    ThrowArgumentError("CameraTargetRequired", "No -Camera was given and this session has no connected camera: run Connect-Cam or pass -Camera.");
            }
            if (_cameras.Count == 0) return;

            var failing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var emitted = 0;
            var interval = TimeSpan.FromSeconds(IntervalSec);
            var hasUntil = MyInvocation.BoundParameters.ContainsKey(nameof(Until));
            var clock = new Stopwatch();
            WriteVerbose($"Watching {_cameras.Count} camera(s) every {IntervalSec.ToString(CultureInfo.InvariantCulture)} s.");
            while (!Stopping && !_stop.IsSet)
            {
                if (hasUntil && DateTime.Now >= Until) break;
                clock.Restart();
                var engine = new FleetEngine(ThrottleLimit, RetryCount);
                _round = engine;
                if (Stopping) break;
                var ok = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var (session, target) in _cameras) engine.Enqueue(session, target, CgiSafety.ReadOnly, PollAsync);
                var done = false;
                while (!done)
                {
                    var idle = engine.IsIdle;
                    while (engine.TryDequeue(out var e))
                    {
                        var key = e!.Session.Address.ToString();
                        switch (e.Kind)
                        {
                            case FleetEventKind.Output:
                                ok.Add(key);
                                foreach (var o in e.Outputs)
                                {
                                    if (o is CamAlarmEvent alarm && (Count == 0 || emitted < Count))
                                    {
                                        WriteObject(alarm);
                                        emitted++;
                                    }
                                    // a string: polled without change
                                }
                                break;
                            case FleetEventKind.Error:
                                if (failing.Add(key)) WriteError(CreateCameraError(e.Error!, e.Session, e.Session.Credential));
                                break;
                            case FleetEventKind.Verbose:
                                WriteVerbose(e.Message);
                                break;
                            case FleetEventKind.Warning:
                                WriteWarning(e.Message);
                                break;
                        }
                    }
                    if (idle || Stopping) done = true;
                    else engine.WaitForActivity(TimeSpan.FromMilliseconds(100));
                }
                foreach (var key in ok)
                {
                    if (failing.Remove(key)) WriteWarning($"Camera {key} answers again; its alarm state is watched again.");
                }
                engine.Dispose();
                _round = null;
                if (Count > 0 && emitted >= Count) break;
                var wait = interval - clock.Elapsed;
                if (hasUntil)
                {
                    var left = Until - DateTime.Now;
                    if (left < wait) wait = left;
                }
                if (wait > TimeSpan.Zero) _stop.Wait(wait);
            }
        }

        protected override void StopProcessing()
        {
            _stop.Set();
            _round?.Cancel();
            base.StopProcessing();
        }

        protected override Task ProcessCameraAsync(CamSession session, FleetContext context) => PollAsync(session, context);

        private async Task PollAsync(CamSession session, FleetContext context)
        {
            await session.EnsureIdentityAsync(context.CancellationToken).ConfigureAwait(false);
            var reply = await SendAsync(session, context, CgiCatalogue.GetStatus).ConfigureAwait(false);
            var status = CamResults.Status(session, reply.Vars);
            var now = status.AlarmStatus ?? CamAlarmStatus.None;
            var key = session.Address.ToString();
            var known = _state.TryGetValue(key, out var before);
            if ((known && before == now) || (!known && now == CamAlarmStatus.None))
            {
                _state[key] = now;
                context.Emit(key);      // polled, nothing changed
                return;
            }
            var alarm = new CamAlarmEvent
            {
                Camera = session,
                Time = DateTimeOffset.Now,
                AlarmStatus = now,
                PreviousStatus = known ? before : (CamAlarmStatus?)null,
                CameraId = status.CameraId ?? session.CameraId,
            };
            if (SnapshotPath is not null && now != CamAlarmStatus.None)
            {
                try
                {
                    var jpeg = await CamSnapshotReader.ReadAsync(this, session, context).ConfigureAwait(false);
                    await CamSocketLoop.LeaveLoop(); // the file write: not on the socket loop
                    Directory.CreateDirectory(_snapshotDirectory);
                    var name = $"{SaveCamSnapshotCommand.SafeFileName(session.Name) ?? "camera"}_{now}_{alarm.Time.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)}.jpg";
                    var path = Path.Combine(_snapshotDirectory, name);
                    File.WriteAllBytes(path, jpeg);
                    alarm.SnapshotPath = path;
                }
                catch (Exception ex) when (ex is CamException || ex is IOException || ex is UnauthorizedAccessException)
                {
                    // The alarm itself is the news: report it without the picture.
                    context.Warning($"Camera {session.Name}: no snapshot for the alarm ({ex.Message})");
                }
            }
            // Remember the new state only when the event is on its way (a retried poll must not lose it).
            _state[key] = now;
            context.Emit(alarm);
        }
    }
}
