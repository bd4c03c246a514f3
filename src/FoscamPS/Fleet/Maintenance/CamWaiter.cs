using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Protocol;

namespace FoscamPS.Fleet
{
    /// <summary>How <see cref="CamWaiter"/> waits for a camera.</summary>
    public sealed class CamWaitOptions
    {
        /// <summary>Give up after this long (the error names the camera).</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(120);

        /// <summary>Pause between polls.</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

        /// <summary>
        /// After a request that reboots the camera: an answer only counts once the camera was seen down or this long
        /// has passed, so a camera that answers before its reboot has started is not taken for one that came back.
        /// Zero = the first answer counts (Wait-Cam on a camera that may already be up).
        /// </summary>
        public TimeSpan RebootGrace { get; set; }

        /// <summary>What the wait is for, in messages ("after the reboot", "after the firmware update").</summary>
        public string Reason { get; set; } = "";

        /// <summary>Extra condition on the answer: null = satisfied, otherwise why not yet (e.g. "it still reports 11.37.2.49").</summary>
        public Func<CamReply, string?>? Until { get; set; }
    }

    /// <summary>A camera that did not answer again in time.</summary>
    [Serializable]
    public sealed class CamNotBackException : CamException
    {
        public const string Id = "CameraDidNotComeBack";

        public CamNotBackException(string message, string? camera, Exception? inner = null)
            : base(Id, CamErrorKind.Timeout, message,
                "Check the camera (power, network, address); a camera that changed its address (DHCP, factory reset) needs its registration updated. Raise -WaitTimeoutSec for slow cameras.",
                camera, inner) { }

        private CamNotBackException(System.Runtime.Serialization.SerializationInfo info, System.Runtime.Serialization.StreamingContext context) : base(info, context) { }
    }

    /// <summary>
    /// Polls a camera until it answers again (after a reboot, an upgrade, a restore), with a timeout, progress and one
    /// clear error naming a camera that does not come back. The probe is the caller's authenticated get_status, so a
    /// camera that is back but rejects the credential fails with that error, not a timeout. Polls are reads: they are
    /// repeated; the request that caused the reboot never is. No PowerShell types.
    /// </summary>
    public static class CamWaiter
    {
        /// <summary>Progress of a wait: what is happening and the fraction of the timeout used (0–1).</summary>
        public delegate void WaitProgress(string status, double fraction);

        public static async Task<CamReply> WaitAsync(
            CamSession session,
            Func<TimeSpan, CancellationToken, Task<CamReply>> probe,
            CamWaitOptions options,
            WaitProgress? progress,
            CancellationToken cancellationToken)
        {
            if (session is null) throw new ArgumentNullException(nameof(session));
            if (probe is null) throw new ArgumentNullException(nameof(probe));
            options ??= new CamWaitOptions();
            var clock = Stopwatch.StartNew();
            var sawDown = false;
            string? lastProblem = null;
            var reason = string.IsNullOrEmpty(options.Reason) ? "" : " " + options.Reason;
            var polls = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var remaining = options.Timeout - clock.Elapsed;
                if (remaining <= TimeSpan.Zero)
                {
                    var seconds = Math.Round(options.Timeout.TotalSeconds, 1);
                    var detail = lastProblem is null ? "" : $" Last: {lastProblem}";
                    throw new CamNotBackException(
                        $"Camera {session.Name} ({session.Address}) did not come back{reason} within {seconds} s.{detail}", session.Name);
                }
                polls++;
                progress?.Invoke(sawDown ? $"{session.Name}: down, waiting for it to answer{reason}" : $"{session.Name}: waiting for it to answer{reason}",
                    Math.Min(1.0, clock.Elapsed.TotalSeconds / Math.Max(0.001, options.Timeout.TotalSeconds)));
                try
                {
                    var reply = await probe(remaining, cancellationToken).ConfigureAwait(false);
                    if (!sawDown && clock.Elapsed < options.RebootGrace)
                    {
                        lastProblem = "it still answered as before its reboot.";
                    }
                    else
                    {
                        var notYet = options.Until?.Invoke(reply);
                        if (notYet is null) return reply;
                        lastProblem = notYet;
                    }
                }
                catch (CamAuthenticationException) when (!sawDown && clock.Elapsed < options.RebootGrace)
                {
                    // Digest nonces are dropped at the start of a reboot: keep waiting for the reboot itself.
                    lastProblem = "it answered 401 before its reboot.";
                }
                catch (Exception ex) when (IsDown(ex) && !cancellationToken.IsCancellationRequested)
                {
                    sawDown = true;
                    lastProblem = ex.Message;
                }
                var pause = options.PollInterval;
                remaining = options.Timeout - clock.Elapsed;
                if (pause > remaining) pause = remaining;
                if (pause > TimeSpan.Zero) await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Failures that mean "not answering (yet)": refused, reset, timed out, cut short or garbled.</summary>
        public static bool IsDown(Exception ex) =>
            ex is CamUnreachableException || ex is CamTimeoutException || ex is CamProtocolException;
    }
}
