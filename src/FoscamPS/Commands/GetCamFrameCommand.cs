using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Get-CamFrame: frames of the MJPEG stream (videostream.cgi) as objects, streamed to the pipeline while they
    /// arrive. Memory is bounded: at most <see cref="QueueCapacity"/> frames wait for the pipeline; when it is slower
    /// than the cameras, the readers wait (the camera's socket is not read until there is room).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CamFrame", HelpUri = CamHelp.Base + "Get-CamFrame.md")]
    [OutputType(typeof(CamFrame))]
    public sealed class GetCamFrameCommand : CamFleetCmdlet
    {
        internal const int QueueCapacity = 64;
        private readonly ConcurrentQueue<CamFrame> _frames = new ConcurrentQueue<CamFrame>();
        private readonly SemaphoreSlim _room = new SemaphoreSlim(QueueCapacity, QueueCapacity);

        /// <summary>Frames per camera (default 1).</summary>
        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long FrameCount { get; set; } = 1;

        /// <summary>Seconds to take frames for (without -FrameCount: every frame in that time).</summary>
        [Parameter]
        [ValidateRange(0.1, 31.0 * 24 * 3600)]
        public double Duration { get; set; }

        /// <summary>Picture size of the stream.</summary>
        [Parameter]
        [CamCodeAlias(typeof(CamResolution), "Qvga=Qvga320x240", "Vga=Vga640x480")]
        public CamResolution? Resolution { get; set; }

        /// <summary>Frame rate code of the stream.</summary>
        [Parameter]
        public CamStreamRate? Rate { get; set; }

        protected override CgiSafety Safety => CgiSafety.SideEffect; // frames already written are never repeated by a retry

        protected override void BeginProcessing()
        {
            if (Resolution is { } r && r != CamResolution.Qvga320x240 && r != CamResolution.Vga640x480)
                ThrowArgumentError("InvalidResolution", $"-Resolution {(int)r} is not a stream resolution: videostream.cgi takes Qvga320x240 (8) or Vga640x480 (32).");
            if (Rate is { } rate && !Enum.IsDefined(typeof(CamStreamRate), rate))
                ThrowArgumentError("InvalidRate", $"-Rate {(int)rate} is not a stream rate code.");
            if (!MyInvocation.BoundParameters.ContainsKey(nameof(ThrottleLimit))) ThrottleLimit = 1024;
            base.BeginProcessing();
        }

        private long Limit => MyInvocation.BoundParameters.ContainsKey(nameof(FrameCount)) || Duration <= 0 ? FrameCount : long.MaxValue;

        protected override void OnDrain()
        {
            while (_frames.TryDequeue(out var frame))
            {
                _room.Release();
                try
                {
                    WriteObject(frame);
                }
                catch
                {
                    // The pipeline was stopped downstream (Select-Object -First): stop reading the cameras.
                    StopProcessing();
                    throw;
                }
            }
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var query = new List<KeyValuePair<string, string>>();
            if (Resolution is { } res) query.Add(new KeyValuePair<string, string>("resolution", ((int)res).ToString(CultureInfo.InvariantCulture)));
            if (Rate is { } rate) query.Add(new KeyValuePair<string, string>("rate", ((int)rate).ToString(CultureInfo.InvariantCulture)));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
            if (Duration > 0) stop.CancelAfter(TimeSpan.FromSeconds(Duration));
            var streamContext = new FleetContext(context.Emit, (kind, text) => { if (kind == FleetEventKind.Warning) context.Warning(text); else context.Verbose(text); }, stop.Token);
            long taken = 0, limit = Limit;
            try
            {
                using var media = await OpenMediaAsync(session, streamContext, CgiCatalogue.Get("videostream.cgi"), query).ConfigureAwait(false);
                using var reader = new MjpegReader(media.Body, media.ContentType);
                while (taken < limit && await reader.ReadFrameAsync(stop.Token).ConfigureAwait(false) is { } frame)
                {
                    var received = DateTimeOffset.Now;
                    JpegInfo.TryGetSize(frame.Data, out var width, out var height);
                    await _room.WaitAsync(stop.Token).ConfigureAwait(false);
                    _frames.Enqueue(new CamFrame { Camera = session, Sequence = taken, Time = received, Width = width, Height = height, Data = frame.Data });
                    taken++;
                }
                if (reader.DamagedParts > 0) context.Verbose($"{session.Name}: {reader.DamagedParts} damaged part(s) skipped.");
            }
            catch (Exception) when (stop.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
            {
                // -Duration passed
            }
            if (taken < limit && Duration <= 0)
                throw new CamProtocolException($"Camera {session.Name}: the stream ended after {taken} of {limit} frames.", session.Name);
        }
    }
}
