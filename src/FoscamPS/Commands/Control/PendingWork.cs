using System;
using System.Threading;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Counts work that must finish even when the pipeline is stopped (a PTZ stop, closing a recording): StopProcessing
    /// waits for it, bounded, so Ctrl+C returns only after the camera was told to stop and the files were closed.
    /// </summary>
    internal sealed class PendingWork
    {
        private readonly object _gate = new object();
        private int _count;

        public void Enter()
        {
            lock (_gate) _count++;
        }

        public void Exit()
        {
            lock (_gate)
            {
                _count--;
                if (_count <= 0) Monitor.PulseAll(_gate);
            }
        }

        public int Count
        {
            get { lock (_gate) return _count; }
        }

        /// <summary>Waits until nothing is pending or the timeout passed; true when nothing is pending.</summary>
        public bool Wait(TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            lock (_gate)
            {
                while (_count > 0)
                {
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero) return false;
                    Monitor.Wait(_gate, left);
                }
                return true;
            }
        }
    }
}
