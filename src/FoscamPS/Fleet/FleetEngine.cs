using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Protocol;

namespace FoscamPS.Fleet
{
    /// <summary>What the engine hands back to the pipeline thread.</summary>
    public enum FleetEventKind
    {
        Output,
        Error,
        Verbose,
        Warning,
    }

    /// <summary>One result or failure of one camera operation.</summary>
    public sealed class FleetEvent
    {
        internal FleetEvent(FleetEventKind kind, CamSession session, object target, object? output, Exception? error)
        {
            Kind = kind;
            Session = session;
            Target = target;
            Output = output;
            Error = error;
        }

        public FleetEventKind Kind { get; }
        public CamSession Session { get; }
        /// <summary>What the user named (for the error record's TargetObject).</summary>
        public object Target { get; }
        /// <summary>The output (the first of a batch).</summary>
        public object? Output { get; }
        /// <summary>Every output of this event in order: one camera's results of one operation arrive as one event.
        /// The operation's own buffer is handed over (one list per attempt, never reused), so reading this allocates nothing.</summary>
        public IReadOnlyList<object> Outputs => _batch ?? Array.Empty<object>();
        private IReadOnlyList<object>? _batch;

        internal static FleetEvent OutputsOf(CamSession session, object target, List<object> outputs)
            => new FleetEvent(FleetEventKind.Output, session, target, outputs[0], null) { _batch = outputs };

        public Exception? Error { get; }
        /// <summary>Verbose or warning text.</summary>
        public string? Message { get; internal set; }
    }

    /// <summary>A unit of work for one camera: may issue several requests, sequentially.</summary>
    public delegate Task CamOperation(CamSession session, FleetContext context);

    /// <summary>What an operation may use: its token, an output sink, and messages for the pipeline thread.</summary>
    public sealed class FleetContext
    {
        private readonly Action<object> _emit;
        private readonly Action<FleetEventKind, string> _message;

        internal FleetContext(Action<object> emit, Action<FleetEventKind, string> message, CancellationToken token, bool verboseEnabled = true)
        {
            _emit = emit;
            _message = message;
            CancellationToken = token;
            IsVerboseEnabled = verboseEnabled;
        }

        public CancellationToken CancellationToken { get; }
        /// <summary>False when nobody reads verbose lines (no -Verbose, VerbosePreference SilentlyContinue): skip building them.</summary>
        public bool IsVerboseEnabled { get; }
        /// <summary>Queues an output object (written only when the operation succeeds).</summary>
        public void Emit(object output) => _emit(output);
        /// <summary>Queues a verbose line (already redacted).</summary>
        public void Verbose(string message)
        {
            if (IsVerboseEnabled) _message(FleetEventKind.Verbose, message);
        }
        /// <summary>Queues a warning (degraded but done).</summary>
        public void Warning(string message) => _message(FleetEventKind.Warning, message);
    }

    /// <summary>
    /// Runs camera operations concurrently: at most <see cref="ThrottleLimit"/> operations in flight overall and at
    /// most one per camera, read-only operations retried with jittered backoff, a camera that failed skipped for the
    /// rest of the run. Results are queued for the pipeline thread, which alone writes to PowerShell streams.
    /// No PowerShell types here.
    /// </summary>
    /// <remarks>
    /// Operations wait in one FIFO queue and run on at most <see cref="ThrottleLimit"/> lanes: a lane that finishes an
    /// operation starts the next one where it is (on the thread that completed the last one), instead of a thousand
    /// operations each parked on a semaphore and each resumed through the thread pool (one more thread-pool hop, wake
    /// and task per camera; issue 13's profile: context switches, not code, were most of the per-camera CPU). An operation
    /// whose camera is busy with another one waits for it off the lanes and comes back ahead of new work.
    /// </remarks>
    public sealed class FleetEngine : IDisposable
    {
        private readonly ConcurrentQueue<Work> _queue = new ConcurrentQueue<Work>();
        private readonly ConcurrentQueue<Work> _ready = new ConcurrentQueue<Work>(); // their camera's lock already taken
        private int _lanes;
        private readonly ManualResetEventSlim _idle = new ManualResetEventSlim(true, 0);
        private readonly System.Diagnostics.Stopwatch _sinceWake = System.Diagnostics.Stopwatch.StartNew();
        private readonly ConcurrentDictionary<string, SemaphoreSlim> _cameraLocks = new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, byte> _failedCameras = new ConcurrentDictionary<string, byte>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, int> _skipped = new ConcurrentDictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentQueue<FleetEvent> _events = new ConcurrentQueue<FleetEvent>();
        // No spinning: the pipeline thread waits up to 100 ms at a time and is woken once per batch of activity.
        private readonly ManualResetEventSlim _signal = new ManualResetEventSlim(false, 0);
        private readonly CancellationTokenSource _cts = new CancellationTokenSource();
        private readonly object _countGate = new object();
        private int _signaled;
        private readonly Random _random = new Random();
        private int _pending;
        private int _total;
        private int _succeeded;
        private int _failed;

        public FleetEngine(int throttleLimit, int retryCount)
        {
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit));
            if (retryCount < 0) throw new ArgumentOutOfRangeException(nameof(retryCount));
            ThrottleLimit = throttleLimit;
            RetryCount = retryCount;
        }

        private sealed class Work
        {
            public Work(CamSession session, object target, CgiSafety safety, CamOperation operation)
            {
                Session = session;
                Target = target;
                Safety = safety;
                Operation = operation;
            }

            public CamSession Session { get; }
            public object Target { get; }
            public CgiSafety Safety { get; }
            public CamOperation Operation { get; }
            /// <summary>The camera's lock, once this work has taken it while parked.</summary>
            public SemaphoreSlim? HeldLock { get; set; }
        }

        /// <summary>
        /// How long the pipeline thread lets finished work collect before it wakes again while operations are running
        /// (<see cref="WaitForActivity"/>): one wake per 10 ms instead of one per finished camera. An idle engine or a
        /// cancel ends the wait at once, so the last result is not delayed.
        /// </summary>
        internal static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(10);

        public int ThrottleLimit { get; }
        public int RetryCount { get; }
        /// <summary>Base delay of the jittered exponential backoff between retries.</summary>
        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);
        /// <summary>Whether operations queue verbose lines at all (a hot path: one line per request).</summary>
        public bool VerboseEnabled { get; set; } = true;
        public int Total { get { lock (_countGate) return _total; } }
        public int Pending { get { lock (_countGate) return _pending; } }
        public int Succeeded { get { lock (_countGate) return _succeeded; } }
        public int Failed { get { lock (_countGate) return _failed; } }
        public bool IsIdle { get { lock (_countGate) return _pending == 0; } }
        public CancellationToken Cancellation => _cts.Token;

        /// <summary>Cameras skipped after an earlier failure in this run, with how many operations were dropped.</summary>
        public IReadOnlyDictionary<string, int> Skipped => _skipped;

        /// <summary>Starts an operation (does not block). Retries only when <paramref name="safety"/> is ReadOnly.</summary>
        public void Enqueue(CamSession session, object target, CgiSafety safety, CamOperation operation)
        {
            if (session is null) throw new ArgumentNullException(nameof(session));
            lock (_countGate)
            {
                if (_pending++ == 0) _idle.Reset();
                _total++;
            }
            _queue.Enqueue(new Work(session, target, safety, operation));
            if (TryTakeLane()) _ = RunLaneAsync();
        }

        private bool TryTakeLane()
        {
            while (true)
            {
                int lanes = Volatile.Read(ref _lanes);
                if (lanes >= ThrottleLimit) return false;
                if (Interlocked.CompareExchange(ref _lanes, lanes + 1, lanes) == lanes) return true;
            }
        }

        /// <summary>Runs queued operations one after another until the queue is empty (holding one lane).</summary>
        private async Task RunLaneAsync()
        {
            while (true)
            {
                // Work whose camera lock is already held first: it waited for its camera, not for a lane.
                while (_ready.TryDequeue(out var work) || _queue.TryDequeue(out work))
                {
                    await RunAsync(work!).ConfigureAwait(false);
                }
                Interlocked.Decrement(ref _lanes);
                // Work queued between the last TryDequeue and the decrement found every lane taken: take one back for it.
                if ((_queue.IsEmpty && _ready.IsEmpty) || !TryTakeLane()) return;
            }
        }

        /// <summary>
        /// Runs one operation on the calling lane. When another operation of the same camera is running, this one waits for
        /// it without holding the lane (<see cref="ParkAsync"/>): duplicates of one camera never stall the rest of the fleet.
        /// </summary>
        private async Task RunAsync(Work work)
        {
            var session = work.Session;
            var key = session.Address.ToString();
            var ok = false;
            var skipped = false;
            var parked = false;
            try
            {
                var cameraLock = work.HeldLock;
                if (cameraLock is null)
                {
                    if (_failedCameras.ContainsKey(key))
                    {
                        _skipped.AddOrUpdate(key, 1, (_, n) => n + 1);
                        skipped = true;
                        return;
                    }
                    cameraLock = _cameraLocks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
                    if (!cameraLock.Wait(0))
                    {
                        parked = true;
                        _ = ParkAsync(work, cameraLock);
                        return;
                    }
                }
                try
                {
                    // It may have failed while this operation waited for its turn.
                    if (_failedCameras.ContainsKey(key))
                    {
                        _skipped.AddOrUpdate(key, 1, (_, n) => n + 1);
                        skipped = true;
                        return;
                    }
                    await RunWithRetriesAsync(session, work.Target, work.Safety, work.Operation, _cts.Token).ConfigureAwait(false);
                    ok = true;
                }
                finally
                {
                    cameraLock.Release();
                }
            }
            catch (OperationCanceledException) when (_cts.IsCancellationRequested)
            {
                // stopped: nothing to report
            }
            catch (Exception ex)
            {
                _failedCameras.TryAdd(key, 0);
                Post(new FleetEvent(FleetEventKind.Error, session, work.Target, null, ex));
            }
            finally
            {
                if (!parked) Complete(ok, skipped);
            }
        }

        /// <summary>Waits for the camera's running operation to end, then queues this one (lock held) ahead of new work.</summary>
        private async Task ParkAsync(Work work, SemaphoreSlim cameraLock)
        {
            try
            {
                await cameraLock.WaitAsync(_cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Complete(ok: false, skipped: false); // stopped while it waited
                return;
            }
            work.HeldLock = cameraLock;
            _ready.Enqueue(work);
            if (TryTakeLane()) _ = RunLaneAsync();
        }

        private void Complete(bool ok, bool skipped)
        {
            lock (_countGate)
            {
                if (--_pending == 0) _idle.Set();
                if (ok) _succeeded++;
                else if (!_cts.IsCancellationRequested && !skipped) _failed++;
            }
            Signal();
        }

        private async Task RunWithRetriesAsync(CamSession session, object target, CgiSafety safety, CamOperation operation, CancellationToken token)
        {
            void Message(FleetEventKind kind, string text) => Post(new FleetEvent(kind, session, target, null, null) { Message = text });
            for (var attempt = 0; ; attempt++)
            {
                // Outputs of a failed attempt are held back so a retry cannot duplicate them.
                var buffered = new List<object>();
                try
                {
                    await operation(session, new FleetContext(buffered.Add, Message, token, VerboseEnabled)).ConfigureAwait(false);
                    // One camera's results stay together in the output (grouped views, readable logs): one event.
                    if (buffered.Count > 0) Post(FleetEvent.OutputsOf(session, target, buffered));
                    return;
                }
                catch (Exception ex) when (safety == CgiSafety.ReadOnly && attempt < RetryCount && IsTransient(ex) && !token.IsCancellationRequested)
                {
                    var factor = Math.Pow(2, attempt);
                    double jitter;
                    lock (_random) jitter = 0.5 + _random.NextDouble();
                    Message(FleetEventKind.Verbose, $"{session.Name}: {ex.Message} Retrying ({attempt + 1}/{RetryCount}).");
                    await Task.Delay(TimeSpan.FromMilliseconds(RetryDelay.TotalMilliseconds * factor * jitter), token).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Failures worth another try for a read: the network, not the camera's answer.</summary>
        internal static bool IsTransient(Exception ex) =>
            ex is CamUnreachableException || ex is CamTimeoutException || ex is CamProtocolException;

        private void Post(FleetEvent e)
        {
            _events.Enqueue(e);
            Signal();
        }

        /// <summary>
        /// Wakes the pipeline thread once per batch of activity, not once per event: a release only when none is
        /// pending since its last wake (it clears the flag before it drains, so nothing queued is missed). Thousands of
        /// events a second then cost one event Set per drain instead of lock traffic and a spin per event.
        /// </summary>
        private void Signal()
        {
            if (Interlocked.CompareExchange(ref _signaled, 1, 0) == 0) _signal.Set();
        }

        /// <summary>Takes the next finished result, if any (non-blocking; pipeline thread).</summary>
        public bool TryDequeue(out FleetEvent? fleetEvent) => _events.TryDequeue(out fleetEvent);

        /// <summary>
        /// Waits until something finished, the timeout passed or the run was cancelled; while operations are running, no
        /// sooner than <see cref="BatchWindow"/> after the previous wake (results collect meanwhile).
        /// </summary>
        public void WaitForActivity(TimeSpan timeout)
        {
            try
            {
                var rest = BatchWindow - _sinceWake.Elapsed;
                bool infinite = timeout == System.Threading.Timeout.InfiniteTimeSpan;
                if (rest > TimeSpan.Zero && (infinite || rest < timeout))
                {
                    _idle.Wait((int)Math.Ceiling(rest.TotalMilliseconds), _cts.Token); // whole ms, rounded up: never shorter than the window
                    if (!infinite) timeout -= rest;
                }
                _signal.Wait(timeout, _cts.Token);
            }
            catch (OperationCanceledException)
            {
            }
            _sinceWake.Restart();
            // Events posted from here on raise the signal again; the caller drains after this returns.
            _signal.Reset();
            Interlocked.Exchange(ref _signaled, 0);
        }

        /// <summary>Cancels everything in flight (Ctrl+C).</summary>
        public void Cancel()
        {
            try
            {
                _cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public void Dispose()
        {
            Cancel();
            // Semaphores and the CTS are left to the GC: operations still unwinding may touch them.
        }
    }
}
