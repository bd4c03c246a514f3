using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Base of the maintenance cmdlets (Restart-, Wait-, Reset-Cam, Restore-CamConfig, Update-CamFirmware/WebUI,
    /// Set-CamFactoryConfig, Set-CamMac): waiting for a camera to come back (<see cref="CamWaiter"/>), uploads with
    /// per-camera progress, and the identity check after a reboot.
    /// </summary>
    public abstract class CamMaintenanceCmdlet : CamFleetCmdlet
    {
        /// <summary>After a reboot request, an early answer counts only once the camera was seen down or this passed.</summary>
        internal static readonly TimeSpan RebootGrace = TimeSpan.FromSeconds(5);

        private readonly CamProgressBoard _board;

        protected CamMaintenanceCmdlet() => _board = new CamProgressBoard(Math.Abs(GetHashCode() % 100000) + 200000);

        /// <summary>Per-camera progress (upload, wait), reported from workers and written on the pipeline thread.</summary>
        internal CamProgressBoard Board => _board;

        /// <summary>Per-camera bars shown at once; a larger fleet is followed by the fleet-wide progress bar alone.</summary>
        private const int MaxCameraBars = 20;

        private readonly HashSet<int> _shownBars = new HashSet<int>();
        private readonly Stopwatch _barClock = Stopwatch.StartNew();

        protected override void OnDrained() => WriteCameraBars(force: false);

        protected override void EndProcessing()
        {
            base.EndProcessing();
            WriteCameraBars(force: true);
        }

        private void WriteCameraBars(bool force)
        {
            // At most four updates a second: a host redraws every progress record it gets.
            if (!force && _barClock.ElapsedMilliseconds < 250) return;
            _barClock.Restart();
            foreach (var item in _board.TakeChanges())
            {
                if (item.Completed)
                {
                    if (!_shownBars.Remove(item.Id)) continue;
                }
                else if (!_shownBars.Contains(item.Id))
                {
                    if (_shownBars.Count >= MaxCameraBars) continue;
                    _shownBars.Add(item.Id);
                }
                var record = new ProgressRecord(item.Id, $"{MyInvocation.MyCommand.Name}: {item.Camera}", string.IsNullOrEmpty(item.Status) ? item.Camera : item.Status)
                {
                    PercentComplete = item.Percent,
                    RecordType = item.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
                };
                WriteProgress(record);
            }
        }

        /// <summary>
        /// Polls get_status until the camera answers again (after <paramref name="reason"/>), then checks that it is the
        /// same camera and returns its status. <paramref name="afterReboot"/> = the caller just made it reboot.
        /// </summary>
        internal async Task<CamStatus> WaitForCameraAsync(CamSession session, FleetContext context, TimeSpan timeout, bool afterReboot, string reason,
            Func<CamReply, string?>? until = null, bool checkIdentity = true)
        {
            var expected = session.ExpectedCameraId ?? session.CameraId;
            var options = new CamWaitOptions
            {
                Timeout = timeout,
                RebootGrace = afterReboot ? (timeout.TotalSeconds / 2 < RebootGrace.TotalSeconds ? TimeSpan.FromSeconds(timeout.TotalSeconds / 2) : RebootGrace) : TimeSpan.Zero,
                Reason = reason,
                Until = until,
            };
            context.Verbose($"{session.Name}: waiting up to {timeout.TotalSeconds:0} s for it to answer {reason}.");
            try
            {
                var reply = await CamWaiter.WaitAsync(session,
                    (remaining, ct) => SendAsync(session, context, CgiCatalogue.GetStatus, null, remaining < TimeSpan.FromSeconds(TimeoutSec) ? remaining : TimeSpan.FromSeconds(TimeoutSec)),
                    options,
                    (status, fraction) => Board.Report(session.Name, "wait", status, (int)(fraction * 100)),
                    context.CancellationToken).ConfigureAwait(false);
                var status = CamResults.Status(session, reply.Vars);
                var actual = status.GetRawText(nameof(CamStatus.CameraId));
                if (checkIdentity && expected is not null && actual is not null && !string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
                {
                    throw new CamIdentityMismatchException(
                        $"Camera {session.Name} ({session.Address}) came back as camera id {actual}, not {expected}.", expected, actual, session.Name);
                }
                session.MarkIdentityVerified();
                return status;
            }
            finally
            {
                Board.Complete(session.Name);
            }
        }

        /// <summary>Uploads a file with progress; the upload is a side effect and is never retried.</summary>
        internal async Task UploadWithProgressAsync(CamSession session, FleetContext context, string cgiName, string fileName, byte[] data, TimeSpan timeout)
        {
            var cgi = CgiCatalogue.Get(cgiName);
            var lastPercent = -1;
            using var stream = new ProgressReadStream(new MemoryStream(data, writable: false), (done, total) =>
            {
                var percent = total == 0 ? 100 : (int)(100 * done / total);
                if (percent == lastPercent) return;
                lastPercent = percent;
                Board.Report(session.Name, "upload", $"{session.Name}: uploading {fileName} ({done / 1024} of {total / 1024} KiB)", percent);
            });
            try
            {
                await UploadAsync(session, context, cgi, fileName, stream, timeout).ConfigureAwait(false);
            }
            finally
            {
                Board.Complete(session.Name);
            }
            context.Verbose($"{session.Name}: {cgiName} accepted {fileName}.");
        }

        /// <summary>Upload timeout: -TimeoutSec, but at least two minutes (a slow camera writes flash while it reads).</summary>
        internal TimeSpan UploadTimeout => TimeSpan.FromSeconds(Math.Max(TimeoutSec, 120));

        /// <summary>Reads the camera's status (a read: retried by the engine only before any change was made).</summary>
        internal async Task<CamStatus> ReadStatusAsync(CamSession session, FleetContext context)
        {
            var reply = await SendAsync(session, context, CgiCatalogue.GetStatus).ConfigureAwait(false);
            return CamResults.Status(session, reply.Vars);
        }

        /// <summary>A refusal before anything was sent (bad version, wrong camera): one error for that camera.</summary>
        internal static CamException Refusal(string errorId, CamErrorKind kind, string message, string action, CamSession session)
            => new CamException(errorId, kind, message, action, session.Name);
    }
}
