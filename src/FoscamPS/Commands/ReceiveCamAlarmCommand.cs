using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using FoscamPS.Fleet;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Receive-CamAlarm: takes the callbacks a listener has received (like Receive-Job). Without -Wait it returns what
    /// is waiting and ends; with -Wait it keeps writing callbacks as they arrive until -Count, -TimeoutSec or Ctrl+C.
    /// </summary>
    [Cmdlet(VerbsCommunications.Receive, "CamAlarm", HelpUri = CamHelp.Base + "Receive-CamAlarm.md")]
    [OutputType(typeof(CamAlarmCallback))]
    public sealed class ReceiveCamAlarmCommand : CamCmdlet
    {
        private readonly List<CamAlarmListener> _listeners = new List<CamAlarmListener>();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        /// <summary>The listeners (from Start-CamAlarmListener).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public CamAlarmListener[] Listener { get; set; } = Array.Empty<CamAlarmListener>();

        /// <summary>Keep waiting for callbacks (until -Count, -TimeoutSec or Ctrl+C).</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>Seconds to wait with -Wait (0 = no limit).</summary>
        [Parameter]
        [ValidateRange(0, 31536000)]
        public double TimeoutSec { get; set; }

        /// <summary>Stop after this many callbacks.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Count { get; set; }

        protected override void ProcessRecord() => _listeners.AddRange(Listener.Where(l => !_listeners.Contains(l)));

        protected override void EndProcessing()
        {
            var written = 0;
            var clock = Stopwatch.StartNew();
            var limit = TimeoutSec > 0 ? TimeSpan.FromSeconds(TimeoutSec) : (TimeSpan?)null;
            while (!Stopping)
            {
                var any = false;
                foreach (var l in _listeners)
                {
                    while ((Count == 0 || written < Count) && l.TryTake(out var callback))
                    {
                        WriteObject(callback);
                        written++;
                        any = true;
                    }
                }
                if (Count > 0 && written >= Count) return;
                if (!Wait) return;
                if (limit is { } max && clock.Elapsed >= max) return;
                if (_listeners.All(l => l.State == CamAlarmListenerState.Stopped && l.Pending == 0))
                {
                    WriteWarning("Every listener is stopped; nothing more can arrive.");
                    return;
                }
                if (any) continue;
                var slice = TimeSpan.FromMilliseconds(250);
                if (limit is { } m && m - clock.Elapsed < slice) slice = m - clock.Elapsed;
                if (slice <= TimeSpan.Zero) continue;
                if (_listeners.Count == 1) _listeners[0].WaitForCallback(slice, _stop.Token);
                else _stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(Math.Min(slice.TotalMilliseconds, 100)));
            }
        }

        protected override void StopProcessing()
        {
            try { _stop.Cancel(); } catch (ObjectDisposedException) { }
        }
    }
}
