using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace FoscamPS.Protocol
{
    /// <summary>
    /// One thread that waits for every short camera request's socket at once (<see cref="Socket.Select"/>) and runs what
    /// follows a ready socket right there — curl's model. Measured on 2 cores, Linux, 1,000 get_status requests at 64 at a
    /// time (issue 13): .NET's own async sockets cost 0.09 s of CPU, a third of it thread-pool workers spinning
    /// (<c>sched_yield</c>), because every completion goes from the runtime's epoll thread to a pool worker; one select
    /// loop costs 0.06 s. Used on Linux (<see cref="IsAvailable"/>) for plain-http requests without a body whose reply is
    /// read whole at once: text replies, and media with a size limit in the catalogue (a snapshot, a backup: the cmdlets
    /// do their file work after <see cref="LeaveLoop"/>). Those continuations are short (parse the reply, start the
    /// camera's next request). Streams (a recording's frames keep coming, each with its file write), uploads,
    /// https, Windows (I/O completion ports hand completions over differently) and macOS (untested) keep the runtime's
    /// sockets.
    /// </summary>
    /// <remarks>
    /// Code that runs on this thread must never wait synchronously for a camera request: the request could only finish
    /// on this very thread. The fleet's operations are async throughout; the synchronous reads (-WhatIf plans) run on the
    /// pipeline thread. Set FOSCAMPS_SOCKET_LOOP=0 to use the runtime's sockets for everything.
    /// </remarks>
    internal sealed class CamSocketLoop
    {
        // One loop per processor (at most 4): a reply's work (parse, typed objects) runs on the loop that waited for it, and
        // one thread alone would make 64 replies of a wave wait for each other (measured: 3-6 % more wall time than curl
        // with one loop on two cores).
        private static readonly Lazy<CamSocketLoop[]> Loops = new Lazy<CamSocketLoop[]>(
            () => CreateLoops(Math.Max(1, Math.Min(4, Environment.ProcessorCount))), LazyThreadSafetyMode.ExecutionAndPublication);
        private static int s_next;
        [ThreadStatic] private static CamSocketLoop? t_current;

        private static CamSocketLoop[] CreateLoops(int count)
        {
            var loops = new CamSocketLoop[count];
            for (int i = 0; i < count; i++) loops[i] = new CamSocketLoop(i);
            return loops;
        }

        /// <summary>Linux on .NET, unless FOSCAMPS_SOCKET_LOOP=0. Tests may switch it.</summary>
        internal static bool IsAvailable { get; set; } = DecideAvailable();

        /// <summary>The first loop (tests).</summary>
        internal static CamSocketLoop Shared => Loops.Value[0];

        /// <summary>
        /// The loop for a new connection: the current one when called on a loop thread (a lane that finished a camera
        /// starts the next one there, no wake needed), otherwise the next in turn.
        /// </summary>
        internal static CamSocketLoop? Pick()
        {
            if (t_current is { } here) return here;
            CamSocketLoop[] loops;
            try
            {
                loops = Loops.Value;
            }
            catch (Exception ex) when (ex is SocketException || ex is OutOfMemoryException || ex is ThreadStartException)
            {
                // No loopback for the wake socket, or no thread: the runtime's sockets serve every request instead.
                IsAvailable = false;
                return null;
            }
            return loops[(int)((uint)Interlocked.Increment(ref s_next) % (uint)loops.Length)];
        }

        /// <summary>True on any loop thread (tests: what follows a short reply runs there).</summary>
        internal static bool OnLoopThread => t_current is not null;

        /// <summary>
        /// Blocking work from a camera's operation (a registry write: file lock, read, write): on a loop thread it moves to
        /// the thread pool, so it does not hold up every other camera that loop serves; elsewhere it runs at once.
        /// </summary>
        internal static Task RunOffLoopAsync(Action work)
        {
            if (t_current is not null) return Task.Run(work);
            work();
            return Task.CompletedTask;
        }

        /// <summary>
        /// <c>await CamSocketLoop.LeaveLoop()</c>: on a loop thread, what follows runs on the thread pool instead;
        /// elsewhere it goes on at once. For file work after a reply read on the loop (create, rename, fsync: a slow
        /// disk or share would hold up every other camera of the loop).
        /// </summary>
        internal static LeaveLoopAwaitable LeaveLoop() => default;

        internal readonly struct LeaveLoopAwaitable : System.Runtime.CompilerServices.ICriticalNotifyCompletion
        {
            public LeaveLoopAwaitable GetAwaiter() => this;
            public bool IsCompleted => t_current is null;
            public void GetResult() { }
            public void OnCompleted(Action continuation) => ThreadPool.QueueUserWorkItem(RunAction, continuation);
            public void UnsafeOnCompleted(Action continuation) => ThreadPool.UnsafeQueueUserWorkItem(RunAction, continuation);
            private static readonly WaitCallback RunAction = state => ((Action)state!)();
        }

        private static bool DecideAvailable()
        {
            if (string.Equals(Environment.GetEnvironmentVariable("FOSCAMPS_SOCKET_LOOP"), "0", StringComparison.Ordinal)) return false;
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase)) return false;
            return RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
        }

        /// <summary>A wait for one socket to be readable or writable; completed on the loop thread.</summary>
        private sealed class Waiter : TaskCompletionSource<bool>
        {
            public Waiter(Socket socket, bool write, CancellationToken token = default) : base(TaskCreationOptions.None)
            {
                Socket = socket;
                Write = write;
                Token = token;
            }

            public Socket Socket { get; }
            public bool Write { get; }
            /// <summary>The caller's token: a cancelled wait ends with it (as the runtime's socket calls do).</summary>
            public CancellationToken Token { get; }
            /// <summary>Forget only: close the socket once the loop has let go of it.</summary>
            public bool Close { get; set; }
            public CancellationTokenRegistration Registration;
            /// <summary>The loop a cancelled wait is handed back to.</summary>
            public CamSocketLoop? Loop;
        }

        private readonly Thread _thread;
        private enum Command { Add, Cancel, Forget }

        private readonly ConcurrentQueue<(Waiter Waiter, Command Kind)> _commands = new ConcurrentQueue<(Waiter, Command)>();
        private readonly Dictionary<Socket, Waiter> _waiters = new Dictionary<Socket, Waiter>();
        private readonly Socket _wake;
        private readonly EndPoint _wakeAddress;
        private readonly byte[] _wakeByte = { 1 };
        private readonly byte[] _drain = new byte[64];
        private int _wakePending;
        private readonly List<Socket> _read = new List<Socket>();
        private readonly List<Socket> _write = new List<Socket>();

        private CamSocketLoop(int index)
        {
            // Waking the thread out of Select: a datagram to itself on loopback (portable; no pipe or eventfd needed).
            _wake = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            _wake.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _wakeAddress = _wake.LocalEndPoint!;
            _wake.Blocking = false;
            _thread = new Thread(Run) { IsBackground = true, Name = "FoscamPS socket loop " + index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            _thread.Start();
        }

        /// <summary>True on the loop thread (tests: continuations of short requests run here).</summary>
        internal bool IsLoopThread => Thread.CurrentThread == _thread;

        /// <summary>Connects a new socket without blocking; fails as the runtime's ConnectAsync does (SocketException).</summary>
        public Task ConnectAsync(Socket socket, EndPoint endPoint, CancellationToken cancellationToken) =>
            ConnectAsync(socket, endPoint, nativeFirst: true, cancellationToken);

        /// <summary>As above; <paramref name="nativeFirst"/> false: Socket.Connect only (tests: the fallback).</summary>
        internal async Task ConnectAsync(Socket socket, EndPoint endPoint, bool nativeFirst, CancellationToken cancellationToken)
        {
            socket.Blocking = false;
            var started = nativeFirst ? StartConnect(socket, endPoint) : SocketError.SocketError;
            if (started == SocketError.Success) return;
            if (started != SocketError.InProgress)
            {
                try
                {
                    socket.Connect(endPoint);
                    return;
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.WouldBlock || ex.SocketErrorCode == SocketError.InProgress)
                {
                    // the handshake goes on
                }
            }
            await WaitAsync(socket, write: true, cancellationToken).ConfigureAwait(false);
            var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            if (error != SocketError.Success) throw new SocketException((int)error);
        }

        // connect(2) itself. A non-blocking Socket.Connect reports the usual outcome, "in progress", by throwing a
        // SocketException, a throw and catch per camera (with its message from strerror). Measured, 1,000 get_status at
        // 64 (best runs of two processes, steady state): 0.108 / 0.134 s of CPU with the throw, 0.091 / 0.110 without;
        // 16.1 → 15.3 KB allocated per camera. The loop runs on Linux only, where libc.so.6 has connect and the
        // runtime's SocketAddress holds the native sockaddr. Anything but "connected" or "in progress" (a refusal, no
        // libc.so.6 as on musl) goes through Socket.Connect, which reports it as the runtime does.
        [DllImport("libc.so.6", EntryPoint = "connect", SetLastError = true)]
        private static extern int NativeConnect(IntPtr socket, byte[] address, int length);

        private const int EINPROGRESS = 115; // Linux
        private static int s_nativeConnect = 1;

        /// <summary>Success (connected), InProgress (the handshake goes on), or SocketError.SocketError: ask Socket.Connect.</summary>
        internal static SocketError StartConnect(Socket socket, EndPoint endPoint)
        {
            if (Volatile.Read(ref s_nativeConnect) == 0) return SocketError.SocketError;
            var address = endPoint.Serialize();
            var native = new byte[address.Size];
            for (int i = 0; i < native.Length; i++) native[i] = address[i];
            try
            {
                if (NativeConnect(socket.Handle, native, native.Length) == 0) return SocketError.Success;
                return Marshal.GetLastWin32Error() == EINPROGRESS ? SocketError.InProgress : SocketError.SocketError;
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException || ex is BadImageFormatException)
            {
                Volatile.Write(ref s_nativeConnect, 0);
                return SocketError.SocketError;
            }
        }

        /// <summary>Completes when the socket is readable (or writable); also when it was closed or the token cancelled (then it throws).</summary>
        public Task WaitAsync(Socket socket, bool write, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var waiter = new Waiter(socket, write, cancellationToken) { Loop = this };
            if (cancellationToken.CanBeCanceled)
                waiter.Registration = cancellationToken.Register(state => ((Waiter)state!).Loop!.Cancel((Waiter)state), waiter);
            if (IsLoopThread) Add(waiter);
            else
            {
                _commands.Enqueue((waiter, Command.Add));
                Wake();
            }
            return waiter.Task;
        }

        /// <summary>
        /// Closes a socket of the loop: its wait ends with ObjectDisposedException. From another thread the loop closes it
        /// (at once, woken): the runtime resets a socket closed while a Select holds it, and spins until the Select returns.
        /// </summary>
        public void Close(Socket socket)
        {
            if (IsLoopThread)
            {
                if (_waiters.TryGetValue(socket, out var current))
                {
                    _waiters.Remove(socket);
                    Finish(current, new ObjectDisposedException(nameof(Socket)));
                }
                socket.Dispose();
                return;
            }
            _commands.Enqueue((new Waiter(socket, false) { Close = true }, Command.Forget));
            Wake();
        }

        private void Cancel(Waiter waiter)
        {
            _commands.Enqueue((waiter, Command.Cancel));
            Wake();
        }

        private void Wake()
        {
            if (IsLoopThread || Interlocked.Exchange(ref _wakePending, 1) == 1) return;
            try
            {
                _wake.SendTo(_wakeByte, _wakeAddress);
            }
            catch (SocketException)
            {
                // The loop wakes within a second anyway (its Select has a timeout).
            }
        }

        private void Add(Waiter waiter)
        {
            if (_waiters.TryGetValue(waiter.Socket, out var old) && !ReferenceEquals(old, waiter))
                Finish(old, new InvalidOperationException("A second wait for the same socket."));
            _waiters[waiter.Socket] = waiter;
        }

        private void Run()
        {
            t_current = this;
            while (true)
            {
                try
                {
                    RunOnce();
                }
                catch (Exception ex)
                {
                    // Never let the loop die: fail what it holds, so no caller waits forever, and go on.
                    foreach (var w in new List<Waiter>(_waiters.Values)) Finish(w, new IOException("The socket loop failed: " + ex.Message, ex));
                    _waiters.Clear();
                }
            }
        }

        private void RunOnce()
        {
            while (_commands.TryDequeue(out var command))
            {
                var (waiter, kind) = command;
                _waiters.TryGetValue(waiter.Socket, out var current);
                switch (kind)
                {
                    case Command.Add:
                        if (!waiter.Task.IsCompleted) Add(waiter); // a wait cancelled before it got here stays out
                        break;
                    case Command.Cancel:
                        if (ReferenceEquals(current, waiter)) _waiters.Remove(waiter.Socket);
                        Finish(waiter, new OperationCanceledException()); // also when its Add is still queued
                        break;
                    case Command.Forget:
                        if (current is not null)
                        {
                            _waiters.Remove(waiter.Socket);
                            Finish(current, new ObjectDisposedException(nameof(Socket)));
                        }
                        if (waiter.Close) waiter.Socket.Dispose(); // not in any Select now: closed, not reset
                        break;
                }
            }

            _read.Clear();
            _write.Clear();
            _read.Add(_wake);
            foreach (var w in _waiters.Values) (w.Write ? _write : _read).Add(w.Socket);
            Volatile.Write(ref _wakePending, 0);
            if (!_commands.IsEmpty) return; // something came in meanwhile: take it first
            try
            {
                Socket.Select(_read, _write.Count > 0 ? _write : null, null, 1000000);
            }
            catch (ObjectDisposedException)
            {
                SweepClosed();
                return;
            }
            catch (SocketException)
            {
                SweepClosed();
                return;
            }

            foreach (var s in _read)
            {
                if (ReferenceEquals(s, _wake))
                {
                    DrainWake();
                    continue;
                }
                Ready(s);
            }
            foreach (var s in _write) Ready(s);
        }

        private void Ready(Socket socket)
        {
            if (!_waiters.TryGetValue(socket, out var waiter)) return;
            _waiters.Remove(socket);
            Finish(waiter, null);
        }

        /// <summary>A socket closed under its wait: found by probing each (Select refuses the whole list).</summary>
        private void SweepClosed()
        {
            foreach (var w in new List<Waiter>(_waiters.Values))
            {
                try
                {
                    _ = w.Socket.Available;
                }
                catch (ObjectDisposedException ex)
                {
                    _waiters.Remove(w.Socket);
                    Finish(w, ex);
                }
                catch (SocketException)
                {
                    // a socket in error: let the caller's read or write report it
                    _waiters.Remove(w.Socket);
                    Finish(w, null);
                }
            }
        }

        private void DrainWake()
        {
            try
            {
                while (_wake.Available > 0) _wake.Receive(_drain);
            }
            catch (SocketException)
            {
                // nothing to drain
            }
        }

        /// <summary>Ends a wait; what awaits it runs now, on this thread (the point of the loop).</summary>
        private static void Finish(Waiter waiter, Exception? error)
        {
            waiter.Registration.Dispose();
            if (error is null) waiter.TrySetResult(true);
            else if (error is OperationCanceledException) waiter.TrySetCanceled(waiter.Token);
            else waiter.TrySetException(error);
        }
    }

    /// <summary>
    /// A connected non-blocking socket read and written through <see cref="CamSocketLoop"/>: it tries the socket first and
    /// waits on the loop only when it would block. Errors as <see cref="NetworkStream"/> reports them (IOException around
    /// a SocketException); owns the socket.
    /// </summary>
    internal sealed class CamLoopStream : Stream
    {
        private readonly Socket _socket;
        private readonly CamSocketLoop _loop;
        private int _disposed;

        public CamLoopStream(Socket socket, CamSocketLoop loop)
        {
            _socket = socket;
            _loop = loop;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        // Synchronous use would block the loop's own work if it ever came from the loop thread: not offered.
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("CamLoopStream is read asynchronously.");
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("CamLoopStream is written asynchronously.");

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            while (true)
            {
                ThrowIfDisposed();
                int n = _socket.Receive(buffer, offset, count, SocketFlags.None, out var error);
                if (error == SocketError.Success) return n;
                if (error != SocketError.WouldBlock) throw Failure(error, "read");
                await Wait(write: false, cancellationToken).ConfigureAwait(false);
            }
        }

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            while (count > 0)
            {
                ThrowIfDisposed();
                int n = _socket.Send(buffer, offset, count, SocketFlags.None, out var error);
                if (error == SocketError.Success)
                {
                    offset += n;
                    count -= n;
                    continue;
                }
                if (error != SocketError.WouldBlock) throw Failure(error, "write");
                await Wait(write: true, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task Wait(bool write, CancellationToken cancellationToken)
        {
            try
            {
                await _loop.WaitAsync(_socket, write, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectDisposedException ex)
            {
                throw new IOException("The connection was closed.", ex);
            }
        }

        private static IOException Failure(SocketError error, string what) =>
            new IOException($"Unable to {what} data on the transport connection: {new SocketException((int)error).Message}.", new SocketException((int)error));

        private void ThrowIfDisposed()
        {
            if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(CamLoopStream));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _loop.Close(_socket);
            }
            base.Dispose(disposing);
        }
    }
}
