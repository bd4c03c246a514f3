using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace FoscamPS.Emulator.State;

/// <summary>
/// Built-in pan/tilt motor of an FI8918W. Positions advance with elapsed time while a move is active;
/// a move only ends with a stop command (or at a motor limit, where the head stays while the move
/// is still reported). Left/right are swapped relative to the spec, as on real FI8908W/FI8918W:
/// command 4 turns physically RIGHT, 6 LEFT; diagonals 90 up-right, 91 up-left, 92 down-right, 93 down-left.
/// </summary>
internal sealed class PtzController
{
    public const int DefaultStepDegrees = 5;

    private readonly object _sync = new();
    private readonly Dictionary<int, PtzPreset> _presets = new();
    private double _pan = PtzState.PanCenter;
    private double _tilt = PtzState.TiltCenter;
    private PtzMotion _motion;
    private long _motionStart;
    private double _startPan;
    private double _startTilt;
    private bool _ioHigh;
    private int _lastCommand = -1;
    private long _commands;
    private long _motorTests;

    /// <summary>Outcome of a command: accepted (ok.) or rejected (illegal params).</summary>
    public bool Execute(int command, bool oneStep, int degree, bool presetsDisabled)
    {
        lock (_sync)
        {
            Settle();
            _commands++;
            _lastCommand = command;
            switch (command)
            {
                case 0: return Move(PtzMotion.Up, oneStep, degree);
                case 2: return Move(PtzMotion.Down, oneStep, degree);
                case 4: return Move(PtzMotion.Right, oneStep, degree);
                case 6: return Move(PtzMotion.Left, oneStep, degree);
                case 1 or 3 or 5 or 7:
                    _motion = PtzMotion.Stopped; // any stop ends any move on the built-in motor
                    return true;
                case 25:
                    _motion = PtzMotion.Stopped;
                    _pan = PtzState.PanCenter;
                    _tilt = PtzState.TiltCenter;
                    return true;
                case 26: return Start(PtzMotion.PatrolVertical);
                case 28: return Start(PtzMotion.PatrolHorizontal);
                case 27 or 29:
                    if (_motion is PtzMotion.PatrolVertical or PtzMotion.PatrolHorizontal)
                    {
                        _motion = PtzMotion.Stopped;
                    }

                    return true;
                case >= 30 and <= 61:
                    {
                        var preset = ((command - 30) / 2) + 1;
                        if (presetsDisabled)
                        {
                            return true;
                        }

                        if (command % 2 == 0)
                        {
                            _presets[preset] = new PtzPreset(_pan, _tilt);
                        }
                        else if (_presets.TryGetValue(preset, out var p))
                        {
                            _motion = PtzMotion.Stopped;
                            _pan = p.Pan;
                            _tilt = p.Tilt;
                        }

                        return true;
                    }

                case 90: return Start(PtzMotion.UpRight);
                case 91: return Start(PtzMotion.UpLeft);
                case 92: return Start(PtzMotion.DownRight);
                case 93: return Start(PtzMotion.DownLeft);
                case 94:
                    _ioHigh = true;
                    return true;
                case 95:
                    _ioHigh = false;
                    return true;
                case 255:
                    _motorTests++;
                    _motion = PtzMotion.Stopped;
                    _pan = PtzState.PanCenter;
                    _tilt = PtzState.TiltCenter;
                    return true;
                case (>= 8 and <= 24) or (>= 62 and <= 89):
                    // aperture/focus/zoom/switches/presets 17–32 address an external decoder: accepted, no motion.
                    return true;
                default:
                    _commands--;
                    return false;
            }
        }
    }

    /// <summary>Boot: motion stops; the head centres when ptz_center_onstart=1.</summary>
    public void Boot(bool center)
    {
        lock (_sync)
        {
            _motion = PtzMotion.Stopped;
            if (center)
            {
                _pan = PtzState.PanCenter;
                _tilt = PtzState.TiltCenter;
            }
        }
    }

    public PtzState Snapshot()
    {
        lock (_sync)
        {
            var (pan, tilt) = Position(Stopwatch.GetTimestamp());
            return new PtzState(pan, tilt, _motion, _ioHigh, _lastCommand, _commands, _motorTests, new Dictionary<int, PtzPreset>(_presets));
        }
    }

    private bool Move(PtzMotion motion, bool oneStep, int degree)
    {
        if (!oneStep)
        {
            return Start(motion);
        }

        _motion = PtzMotion.Stopped;
        var (dx, dy) = Vector(motion);
        _pan = Math.Clamp(_pan + (dx * degree), PtzState.PanMin, PtzState.PanMax);
        _tilt = Math.Clamp(_tilt + (dy * degree), PtzState.TiltMin, PtzState.TiltMax);
        return true;
    }

    private bool Start(PtzMotion motion)
    {
        _motion = motion;
        _motionStart = Stopwatch.GetTimestamp();
        _startPan = _pan;
        _startTilt = _tilt;
        return true;
    }

    /// <summary>Freezes the current position into the stored one (before any state change).</summary>
    private void Settle()
    {
        var now = Stopwatch.GetTimestamp();
        (_pan, _tilt) = Position(now);
        _motionStart = now;
        _startPan = _pan;
        _startTilt = _tilt;
    }

    private (double Pan, double Tilt) Position(long now)
    {
        if (_motion == PtzMotion.Stopped)
        {
            return (_pan, _tilt);
        }

        var travelled = Stopwatch.GetElapsedTime(_motionStart, now).TotalSeconds * PtzState.DegreesPerSecond;
        switch (_motion)
        {
            case PtzMotion.PatrolHorizontal:
                return (Bounce(_startPan, travelled, PtzState.PanMin, PtzState.PanMax), _startTilt);
            case PtzMotion.PatrolVertical:
                return (_startPan, Bounce(_startTilt, travelled, PtzState.TiltMin, PtzState.TiltMax));
            default:
                var (dx, dy) = Vector(_motion);
                return (
                    Math.Clamp(_startPan + (dx * travelled), PtzState.PanMin, PtzState.PanMax),
                    Math.Clamp(_startTilt + (dy * travelled), PtzState.TiltMin, PtzState.TiltMax));
        }
    }

    /// <summary>Triangle wave: start moving towards max, bounce between the limits.</summary>
    private static double Bounce(double start, double travelled, double min, double max)
    {
        var span = max - min;
        var phase = ((start - min) + travelled) % (2 * span);
        return phase <= span ? min + phase : max - (phase - span);
    }

    private static (int Dx, int Dy) Vector(PtzMotion motion) => motion switch
    {
        PtzMotion.Up => (0, 1),
        PtzMotion.Down => (0, -1),
        PtzMotion.Left => (-1, 0),
        PtzMotion.Right => (1, 0),
        PtzMotion.UpLeft => (-1, 1),
        PtzMotion.UpRight => (1, 1),
        PtzMotion.DownLeft => (-1, -1),
        PtzMotion.DownRight => (1, -1),
        _ => (0, 0),
    };
}
