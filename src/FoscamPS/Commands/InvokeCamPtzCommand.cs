using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Invoke-CamPtz: pan/tilt moves that always end with a stop, one-step moves, stop, centre, patrol, presets,
    /// zoom/focus/iris of an external decoder and the motor test (decoder_control.cgi).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "CamPtz", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = DirectionSet, HelpUri = CamHelp.Base + "Invoke-CamPtz.md")]
    [OutputType(typeof(CamControlAction))]
    public sealed class InvokeCamPtzCommand : CamFleetCmdlet
    {
        private const string DirectionSet = "Direction";
        private const string StopSet = "Stop";
        private const string CenterSet = "Center";
        private const string PatrolSet = "Patrol";
        private const string PresetSet = "Preset";
        private const string ZoomSet = "Zoom";
        private const string FocusSet = "Focus";
        private const string IrisSet = "Iris";
        private const string MotorTestSet = "MotorTest";

        /// <summary>Flip/mirror bits of get_camera_params.cgi, read once per session.</summary>
        private static readonly ConditionalWeakTable<CamSession, StrongBox<int>> FlipBits = new ConditionalWeakTable<CamSession, StrongBox<int>>();

        private readonly PendingWork _stops = new PendingWork();

        /// <summary>Direction of the move, as seen in the picture.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = DirectionSet)]
        public CamPtzDirection Direction { get; set; }

        /// <summary>Seconds a move runs before the stop is sent.</summary>
        [Parameter(ParameterSetName = DirectionSet)]
        [Parameter(ParameterSetName = PatrolSet)]
        [Parameter(ParameterSetName = ZoomSet)]
        [Parameter(ParameterSetName = FocusSet)]
        [Parameter(ParameterSetName = IrisSet)]
        [ValidateRange(0.05, 600.0)]
        public double Duration { get; set; } = 1.0;

        /// <summary>One step (onestep=1) instead of a timed move; four directions, built-in motor only.</summary>
        [Parameter(ParameterSetName = DirectionSet)]
        public SwitchParameter Step { get; set; }

        /// <summary>Degrees of a one-step move (implies -Step).</summary>
        [Parameter(ParameterSetName = DirectionSet)]
        [ValidateRange(1, 360)]
        public int Degree { get; set; }

        /// <summary>Stops any move.</summary>
        [Parameter(Mandatory = true, ParameterSetName = StopSet)]
        public SwitchParameter Stop { get; set; }

        /// <summary>Centres the head.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CenterSet)]
        public SwitchParameter Center { get; set; }

        /// <summary>Starts or stops a patrol.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PatrolSet)]
        public CamPtzPatrol Patrol { get; set; }

        /// <summary>Goes to a stored preset (1–16; 1–32 with -ExternalDecoder).</summary>
        [Parameter(Mandatory = true, ParameterSetName = PresetSet)]
        [ValidateRange(1, PtzCodes.MaxPresetExternal)]
        [ArgumentCompleter(typeof(FoscamPS.Completers.PresetCompleter))]
        public int Preset { get; set; }

        /// <summary>Zooms the lens of an external decoder.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ZoomSet)]
        public CamPtzZoom Zoom { get; set; }

        /// <summary>Focuses the lens of an external decoder.</summary>
        [Parameter(Mandatory = true, ParameterSetName = FocusSet)]
        public CamPtzFocus Focus { get; set; }

        /// <summary>Opens or closes the iris of an external decoder.</summary>
        [Parameter(Mandatory = true, ParameterSetName = IrisSet)]
        public CamPtzIris Iris { get; set; }

        /// <summary>Runs the motor test (decoder_control 255).</summary>
        [Parameter(Mandatory = true, ParameterSetName = MotorTestSet)]
        public SwitchParameter MotorTest { get; set; }

        /// <summary>The head is an external RS-485 (Pelco-D) decoder: spec codes, presets up to 32, no onestep or diagonals.</summary>
        [Parameter]
        public SwitchParameter ExternalDecoder { get; set; }

        /// <summary>Send the spec's codes without the FI8908W/FI8918W left/right and flip/mirror correction.</summary>
        [Parameter(ParameterSetName = DirectionSet)]
        public SwitchParameter NoDirectionCorrection { get; set; }

        /// <summary>Write what was sent.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override bool ChangesState => true;

        protected override CgiSafety Safety => CgiSafety.SideEffect;

        private bool OneStep => Step.IsPresent || MyInvocation.BoundParameters.ContainsKey(nameof(Degree));

        protected override string ShouldProcessAction => ParameterSetName switch
        {
            DirectionSet when OneStep => $"Step {Direction}" + (Degree > 0 ? $" {Degree}°" : ""),
            DirectionSet => $"Move {Direction} for {Seconds(Duration)} s, then stop",
            StopSet => "Stop moving",
            CenterSet => "Centre the head",
            PatrolSet => Patrol == CamPtzPatrol.Stop ? "Stop patrolling" : $"Patrol {Patrol}" + (DurationBound ? $" for {Seconds(Duration)} s, then stop" : ""),
            PresetSet => $"Go to preset {Preset}",
            ZoomSet => $"Zoom {Zoom} for {Seconds(Duration)} s, then stop",
            FocusSet => $"Focus {Focus} for {Seconds(Duration)} s, then stop",
            IrisSet => $"Iris {Iris} for {Seconds(Duration)} s, then stop",
            MotorTestSet => "Run the motor test",
            _ => "PTZ",
        };

        private bool DurationBound => MyInvocation.BoundParameters.ContainsKey(nameof(Duration));

        private static string Seconds(double s) => s.ToString("0.###", CultureInfo.InvariantCulture);

        protected override void BeginProcessing()
        {
            // Bad input is rejected before any request.
            if (ParameterSetName == DirectionSet && OneStep)
            {
                if (DurationBound)
                    ThrowArgumentError("PtzStepWithDuration", "-Step/-Degree make one step and stop by themselves; do not combine them with -Duration.");
                if (!PtzCodes.IsStraight(Direction))
                    ThrowArgumentError("PtzStepDirectionNotSupported", $"-Step/-Degree work only for Up, Down, Left and Right (onestep); -Direction {Direction} needs a timed move (-Duration).");
                if (ExternalDecoder)
                    ThrowArgumentError("PtzStepNeedsBuiltInMotor", "-Step/-Degree (onestep) work only on the camera's built-in motor, not on an external decoder; use -Duration.");
            }
            if (ParameterSetName == DirectionSet && ExternalDecoder && !PtzCodes.IsStraight(Direction))
                ThrowArgumentError("PtzDiagonalNeedsBuiltInMotor", $"-Direction {Direction}: diagonal moves exist only on the built-in motor (an external decoder uses codes 90–93 for preset 32).");
            if (ParameterSetName == PresetSet && Preset > PtzCodes.MaxPreset && !ExternalDecoder)
                ThrowArgumentError("PtzPresetOutOfRange", $"-Preset must be 1 to {PtzCodes.MaxPreset} (1 to {PtzCodes.MaxPresetExternal} with -ExternalDecoder); got {Preset}.");
            base.BeginProcessing();
        }

        protected override bool PrepareCamera(CamSession session)
        {
            // The motor test is ConfirmImpact Medium: confirm it also when $ConfirmPreference is Medium.
            if (ParameterSetName == MotorTestSet && !MyInvocation.BoundParameters.ContainsKey("Confirm")
                && GetVariableValue("ConfirmPreference") is ConfirmImpact pref && pref == ConfirmImpact.Medium)
            {
                try
                {
                    return ShouldContinue($"Run the motor test on {session.Name}? The head turns through its whole range.", "Confirm motor test");
                }
                catch (Exception ex) when (ex is PSInvalidOperationException || ex is System.Management.Automation.Host.HostException || ex is PSNotImplementedException || ex is NotImplementedException)
                {
                    ThrowTerminatingError(new ErrorRecord(
                        new InvalidOperationException($"Invoke-CamPtz asks for confirmation before the motor test on '{session.Name}' ($ConfirmPreference is Medium), and this session cannot prompt. Pass -Confirm:$false to go ahead.", ex),
                        "ConfirmationRequired", ErrorCategory.InvalidOperation, session));
                    return false;
                }
            }
            return true;
        }

        protected override void StopProcessing()
        {
            base.StopProcessing();
            // Ctrl+C returns once every moving camera was sent its stop (bounded by the request timeout).
            _stops.Wait(TimeSpan.FromSeconds(TimeoutSec + 2));
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            switch (ParameterSetName)
            {
                case DirectionSet:
                    {
                        var corrected = !NoDirectionCorrection && !ExternalDecoder;
                        var direction = Direction;
                        if (corrected)
                        {
                            var flip = await GetFlipBitsAsync(session, context).ConfigureAwait(false);
                            direction = PtzCodes.ApplyFlip(direction, flip);
                            if (flip != 0) context.Verbose($"{session.Name}: picture flip/mirror bits {flip}: {Direction} is sent as {direction}.");
                        }
                        var command = PtzCodes.Move(direction, corrected);
                        if (OneStep)
                        {
                            var query = new List<KeyValuePair<string, string>> { Pair("command", command), Pair("onestep", 1) };
                            if (Degree > 0) query.Add(Pair("degree", Degree));
                            await SendAsync(session, context, Decoder, query).ConfigureAwait(false);
                            Done(session, context, $"Step {Direction}", command);
                        }
                        else
                        {
                            await TimedMoveAsync(session, context, $"Move {Direction}", command, PtzCodes.StopFor(command)).ConfigureAwait(false);
                        }
                        break;
                    }
                case StopSet:
                    if (ExternalDecoder)
                    {
                        foreach (var stop in new[] { 1, 3, 5, 7 }) await SendCommandAsync(session, context, stop).ConfigureAwait(false);
                    }
                    else
                    {
                        await SendCommandAsync(session, context, PtzCodes.StopAny).ConfigureAwait(false);
                    }
                    Done(session, context, "Stop", PtzCodes.StopAny);
                    break;
                case CenterSet:
                    await SendCommandAsync(session, context, PtzCodes.Center).ConfigureAwait(false);
                    Done(session, context, "Center", PtzCodes.Center);
                    break;
                case PatrolSet:
                    if (Patrol == CamPtzPatrol.Stop)
                    {
                        await SendCommandAsync(session, context, PtzCodes.PatrolVerticalStop).ConfigureAwait(false);
                        await SendCommandAsync(session, context, PtzCodes.PatrolHorizontalStop).ConfigureAwait(false);
                        Done(session, context, "Stop patrol", PtzCodes.PatrolHorizontalStop);
                        break;
                    }
                    var (start, end) = Patrol == CamPtzPatrol.Horizontal
                        ? (PtzCodes.PatrolHorizontal, PtzCodes.PatrolHorizontalStop)
                        : (PtzCodes.PatrolVertical, PtzCodes.PatrolVerticalStop);
                    if (DurationBound)
                    {
                        await TimedMoveAsync(session, context, $"Patrol {Patrol}", start, end).ConfigureAwait(false);
                    }
                    else
                    {
                        await SendCommandAsync(session, context, start).ConfigureAwait(false);
                        Done(session, context, $"Patrol {Patrol}", start);
                    }
                    break;
                case PresetSet:
                    await SendCommandAsync(session, context, PtzCodes.GoToPreset(Preset)).ConfigureAwait(false);
                    Done(session, context, $"Go to preset {Preset}", PtzCodes.GoToPreset(Preset));
                    break;
                case ZoomSet:
                    await TimedMoveAsync(session, context, $"Zoom {Zoom}", PtzCodes.Zoom(Zoom), PtzCodes.StopFor(PtzCodes.Zoom(Zoom))).ConfigureAwait(false);
                    break;
                case FocusSet:
                    await TimedMoveAsync(session, context, $"Focus {Focus}", PtzCodes.Focus(Focus), PtzCodes.StopFor(PtzCodes.Focus(Focus))).ConfigureAwait(false);
                    break;
                case IrisSet:
                    await TimedMoveAsync(session, context, $"Iris {Iris}", PtzCodes.Iris(Iris), PtzCodes.StopFor(PtzCodes.Iris(Iris))).ConfigureAwait(false);
                    break;
                case MotorTestSet:
                    await SendCommandAsync(session, context, PtzCodes.MotorTest).ConfigureAwait(false);
                    Done(session, context, "Motor test", PtzCodes.MotorTest);
                    break;
            }
        }

        private static CgiDefinition Decoder => CgiCatalogue.Get("decoder_control.cgi");

        private static KeyValuePair<string, string> Pair(string name, int value) => new KeyValuePair<string, string>(name, value.ToString(CultureInfo.InvariantCulture));

        private Task<CamReply> SendCommandAsync(CamSession session, FleetContext context, int command)
            => SendAsync(session, context, Decoder, new[] { Pair("command", command) });

        private void Done(CamSession session, FleetContext context, string action, int command, int? stop = null, TimeSpan? duration = null)
        {
            if (PassThru)
                context.Emit(new CamControlAction { Camera = session, Action = action, Cgi = Decoder.Name, Value = command, StopValue = stop, Duration = duration });
        }

        /// <summary>
        /// Sends the move, waits -Duration, and ALWAYS sends the stop: after success, a failed or timed-out move, and
        /// Ctrl+C. The stop has its own timeout and does not depend on the (possibly cancelled) pipeline token.
        /// </summary>
        private async Task TimedMoveAsync(CamSession session, FleetContext context, string action, int move, int stop)
        {
            _stops.Enter();
            var clock = Stopwatch.StartNew();
            ExceptionDispatchInfo? failure = null;
            try
            {
                try
                {
                    await SendCommandAsync(session, context, move).ConfigureAwait(false);
                    await Task.Delay(TimeSpan.FromSeconds(Duration), context.CancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    failure = ExceptionDispatchInfo.Capture(ex);
                }
                var ran = clock.Elapsed;
                try
                {
                    using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(TimeoutSec));
                    var stopContext = new FleetContext(context.Emit, (kind, text) =>
                    {
                        if (kind == FleetEventKind.Warning) context.Warning(text);
                        else context.Verbose(text);
                    }, stopTimeout.Token);
                    await SendAsync(session, stopContext, Decoder, new[] { Pair("command", stop) }).ConfigureAwait(false);
                    context.Verbose($"{session.Name}: stop ({stop}) sent after {Seconds(ran.TotalSeconds)} s.");
                }
                catch (Exception stopError) when (failure is not null)
                {
                    // The move already failed; report that failure, note the stop's.
                    context.Verbose($"{session.Name}: the stop after the failed move failed too: {stopError.Message}");
                }
                catch (CamException stopError)
                {
                    throw new CamProtocolException($"Camera {session.Name}: the move ran but its stop (command {stop}) failed, the head may still be moving: {stopError.Message}", session.Name);
                }
                failure?.Throw();
                Done(session, context, action, move, stop, ran);
            }
            finally
            {
                _stops.Exit();
            }
        }

        /// <summary>get_camera_params' flip bits (bit 0 vertical flip, bit 1 mirror), read once per session.</summary>
        private async Task<int> GetFlipBitsAsync(CamSession session, FleetContext context)
        {
            if (FlipBits.TryGetValue(session, out var cached)) return cached.Value;
            var reply = await SendAsync(session, context, CgiCatalogue.Get("get_camera_params.cgi")).ConfigureAwait(false);
            var bits = (reply.Vars.GetInt32("flip") ?? 0) & 3;
            FlipBits.GetValue(session, _ => new StrongBox<int>(bits)).Value = bits;
            return bits;
        }

        /// <summary>Forgets the cached flip bits of a session (after the picture's flip/mirror was changed).</summary>
        internal static void ForgetFlipBits(CamSession session) => FlipBits.Remove(session);
    }
}
