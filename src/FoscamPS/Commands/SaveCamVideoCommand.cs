using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Save-CamVideo: records videostream.cgi (MJPEG) or videostream.asf of many cameras at once, one file per camera.
    /// Reconnects with backoff, skips damaged parts, never lets the disk stall the stream reader (a bounded queue:
    /// frames the disk cannot take are dropped and counted), and closes the files cleanly on Ctrl+C.
    /// </summary>
    [Cmdlet(VerbsData.Save, "CamVideo", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = CamHelp.Base + "Save-CamVideo.md")]
    [OutputType(typeof(CamVideoRecording))]
    public sealed class SaveCamVideoCommand : CamFileOutputCmdlet
    {
        /// <summary>Frames held between the stream reader and the file writer of one camera.</summary>
        internal const int QueueCapacity = 64;
        private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
        private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

        private readonly PendingWork _open = new PendingWork();
        private readonly ConcurrentDictionary<CamSession, Live> _live = new ConcurrentDictionary<CamSession, Live>();
        private Stopwatch? _progressClock;
        private int _progressBase;

        /// <summary>File format.</summary>
        [Parameter]
        public CamVideoFormat Format { get; set; } = CamVideoFormat.Mjpeg;

        /// <summary>Seconds to record.</summary>
        [Parameter]
        [ValidateRange(0.1, 31.0 * 24 * 3600)]
        public double Duration { get; set; }

        /// <summary>Frames to record per camera.</summary>
        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long FrameCount { get; set; }

        /// <summary>Largest file per camera in bytes.</summary>
        [Parameter]
        [ValidateRange(1024, long.MaxValue)]
        public long MaxBytes { get; set; }

        /// <summary>Picture size of the stream.</summary>
        [Parameter]
        [CamCodeAlias(typeof(CamResolution), "Qvga=Qvga320x240", "Vga=Vga640x480")]
        public CamResolution? Resolution { get; set; }

        /// <summary>Frame rate code of the stream.</summary>
        [Parameter]
        public CamStreamRate? Rate { get; set; }

        protected override string ShouldProcessAction => $"Record {Format} video to {OutputDirectory}";

        protected override CgiSafety Safety => CgiSafety.SideEffect; // never re-run a whole recording; reconnects are ours

        private sealed class Live
        {
            public int Index;
            public Stopwatch Clock = Stopwatch.StartNew();
            public long Frames;
            public long Bytes;
            public int Reconnects;
        }

        protected override void BeginProcessing()
        {
            if (Format == CamVideoFormat.Asf && MyInvocation.BoundParameters.ContainsKey(nameof(FrameCount)))
                ThrowArgumentError("FrameCountNotForAsf", "-FrameCount does not apply to -Format Asf (the file holds ASF data packets); use -Duration or -MaxBytes.");
            if (Resolution is { } r && r != CamResolution.Qvga320x240 && r != CamResolution.Vga640x480)
                ThrowArgumentError("InvalidResolution", $"-Resolution {(int)r} is not a stream resolution: videostream.cgi takes Qvga320x240 (8) or Vga640x480 (32).");
            if (Rate is { } rate && !Enum.IsDefined(typeof(CamStreamRate), rate))
                ThrowArgumentError("InvalidRate", $"-Rate {(int)rate} is not a stream rate code.");
            // Every camera records at once unless the user limits it.
            if (!MyInvocation.BoundParameters.ContainsKey(nameof(ThrottleLimit))) ThrottleLimit = 1024;
            base.BeginProcessing();
            _progressBase = Math.Abs(GetHashCode() % 100000) + 200000;
        }

        /// <summary>How long Ctrl+C waits for the files to be closed (the promise is 2 s for the whole stop).</summary>
        internal static readonly TimeSpan CloseOnStop = TimeSpan.FromSeconds(1.5);

        protected override void StopProcessing()
        {
            base.StopProcessing();
            // Ctrl+C returns once every file was closed: frames are written whole, so each file is playable up to its
            // last whole frame; a file that holds no frame yet is removed. (A file still closing after CloseOnStop is
            // closed the same way moments later: the writer finishes the frame it has.)
            _open.Wait(CloseOnStop);
        }

        protected override void OnDrain()
        {
            _progressClock ??= Stopwatch.StartNew();
            if (_progressClock.ElapsedMilliseconds < 1000) return;
            _progressClock.Restart();
            foreach (var pair in _live)
            {
                var live = pair.Value;
                var elapsed = live.Clock.Elapsed;
                var status = string.Format(CultureInfo.InvariantCulture, "{0:hh\\:mm\\:ss} {1} frames, {2:0.0} MB, {3} reconnects",
                    elapsed, Interlocked.Read(ref live.Frames), Interlocked.Read(ref live.Bytes) / 1048576.0, live.Reconnects);
                var record = new ProgressRecord(_progressBase + live.Index, $"Recording {pair.Key.Name}", status);
                if (Duration > 0) record.PercentComplete = (int)Math.Min(100, 100 * elapsed.TotalSeconds / Duration);
                else if (FrameCount > 0) record.PercentComplete = (int)Math.Min(100, 100 * Interlocked.Read(ref live.Frames) / FrameCount);
                WriteProgress(record);
            }
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            Directory.CreateDirectory(OutputDirectory);
            var start = DateTimeOffset.Now;
            var extension = Format switch { CamVideoFormat.Mjpeg => ".mjpeg", CamVideoFormat.Multipart => ".mpjpeg", CamVideoFormat.Asf => ".asf", _ => "" };
            var name = $"{SaveCamSnapshotCommand.SafeFileName(session.Name) ?? "camera"}_{start.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}{extension}";
            var path = System.IO.Path.Combine(OutputDirectory, name);

            var live = new Live { Index = _live.Count };
            _open.Enter();
            try
            {
                using var sink = VideoSink.Open(Format, path, Force);
                context.Verbose($"{session.Name}: recording {Format} to {path}.");
                _live[session] = live;
                var queue = new BoundedFrameQueue(QueueCapacity);
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
                if (Duration > 0) stop.CancelAfter(TimeSpan.FromSeconds(Duration));
                var endReason = "";
                var writer = Task.Run(async () =>
                {
                    while (await queue.TakeAsync().ConfigureAwait(false) is { } item)
                    {
                        if (MaxBytes > 0 && sink.Bytes + sink.SizeOf(item.Length) > MaxBytes)
                        {
                            endReason = "MaxBytes";
                            stop.Cancel();
                            queue.Return(item);
                            continue;   // drain without writing
                        }
                        sink.Write(item.Data, item.Length);
                        queue.Return(item);
                        Interlocked.Exchange(ref live.Frames, sink.Items);
                        Interlocked.Exchange(ref live.Bytes, sink.Bytes);
                    }
                });

                long damaged = 0, accepted = 0;
                Exception? fatal = null, lastDrop = null;
                var backoff = FirstBackoff;
                var asf = Format == CamVideoFormat.Asf ? new AsfPacketizer() : null;
                var cgi = CgiCatalogue.Get(Format == CamVideoFormat.Asf ? "videostream.asf" : "videostream.cgi");
                var query = new List<KeyValuePair<string, string>>();
                if (Resolution is { } res) query.Add(new KeyValuePair<string, string>("resolution", ((int)res).ToString(CultureInfo.InvariantCulture)));
                if (Rate is { } rate) query.Add(new KeyValuePair<string, string>("rate", ((int)rate).ToString(CultureInfo.InvariantCulture)));
                var streamContext = new FleetContext(context.Emit, (kind, text) => { if (kind == FleetEventKind.Warning) context.Warning(text); else context.Verbose(text); }, stop.Token);
                bool first = true;
                try
                {
                    while (!stop.IsCancellationRequested)
                    {
                        if (!first)
                        {
                            live.Reconnects++;
                            await Task.Delay(backoff, stop.Token).ConfigureAwait(false);
                        }
                        first = false;
                        long before = accepted;
                        try
                        {
                            using var media = await OpenMediaAsync(session, streamContext, cgi, query).ConfigureAwait(false);
                            if (media.ContentType is { } type && type.TrimStart().StartsWith("text/", StringComparison.OrdinalIgnoreCase))
                                throw new CamProtocolException($"Camera {session.Name} answered {cgi.Name} with {CamText.Sanitize(type)}, not a video stream.", session.Name);
                            if (asf is not null)
                            {
                                asf.Restart();
                                var buffer = new byte[64 * 1024];
                                int n;
                                while ((n = await media.Body.ReadAsync(buffer, 0, buffer.Length, stop.Token).ConfigureAwait(false)) > 0)
                                {
                                    foreach (var chunk in asf.Feed(buffer, n))
                                    {
                                        if (queue.TryAdd(chunk)) accepted++;
                                    }
                                }
                            }
                            else
                            {
                                // Borrowed frames: each is copied into the writer's queue before the next read, so the
                                // reader allocates nothing per frame (constant memory, less GC work on long recordings).
                                using var reader = new MjpegReader(media.Body, media.ContentType, MjpegReader.DefaultMaxPartBytes, borrowFrames: true);
                                try
                                {
                                    while (await reader.ReadFrameAsync(stop.Token).ConfigureAwait(false) is { } frame)
                                    {
                                        if (queue.TryAdd(frame.Buffer, frame.Offset, frame.Length)) accepted++;
                                        if (FrameCount > 0 && accepted >= FrameCount)
                                        {
                                            endReason = "FrameCount";
                                            stop.Cancel();
                                            break;
                                        }
                                    }
                                }
                                finally
                                {
                                    damaged += reader.DamagedParts;
                                }
                            }
                            if (accepted == before)
                                lastDrop = new CamProtocolException($"Camera {session.Name}: the {cgi.Name} stream ended before its first whole frame.", session.Name);
                            context.Verbose($"{session.Name}: the stream ended.");
                        }
                        catch (Exception ex) when (!stop.IsCancellationRequested && IsReconnectable(ex))
                        {
                            lastDrop = ex;
                            context.Verbose($"{session.Name}: the stream dropped ({ex.Message}); reconnecting.");
                        }
                        backoff = accepted > before ? FirstBackoff : TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
                    }
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                }
                catch (Exception ex)
                {
                    fatal = ex;
                }
                finally
                {
                    queue.Complete();
                    await writer.ConfigureAwait(false);
                }

                if (sink.Items == 0)
                {
                    // Nothing recorded: no empty file is left behind. A camera that failed every attempt is one error
                    // (the last failure); one stopped by Ctrl+C or that sent no frame in time leaves nothing either.
                    sink.Dispose();
                    VideoSink.Remove(path);
                    var failure = fatal ?? (context.CancellationToken.IsCancellationRequested ? null : lastDrop);
                    if (failure is not null) throw failure;
                    context.Verbose($"{session.Name}: no frame was recorded; {path} was removed.");
                }
                if (fatal is not null) context.Warning($"{session.Name}: recording ended early: {fatal.Message}");
                if (endReason.Length == 0)
                    endReason = fatal is not null ? "Failed" : context.CancellationToken.IsCancellationRequested ? "Stopped" : "Duration";
                context.Emit(new CamVideoRecording
                {
                    Camera = session,
                    Path = path,
                    Format = Format,
                    Start = start,
                    Duration = live.Clock.Elapsed,
                    Frames = sink.Items,
                    Bytes = sink.Bytes,
                    DamagedParts = damaged,
                    Reconnects = live.Reconnects,
                    DroppedFrames = queue.Dropped,
                    EndReason = endReason,
                });
            }
            finally
            {
                _live.TryRemove(session, out _);
                _open.Exit();
            }
        }

        /// <summary>Network trouble and broken streams are worth a reconnect; refusals (credentials, privilege, parameters) are not.</summary>
        internal static bool IsReconnectable(Exception ex) =>
            FleetEngine.IsTransient(ex) || ex is IOException || ex is InvalidDataException || ex is ObjectDisposedException;
    }
}
