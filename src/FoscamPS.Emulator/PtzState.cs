using System;
using System.Collections.Generic;

namespace FoscamPS.Emulator;

/// <summary>Physical motion of the built-in pan/tilt motor (what the camera really does, not the spec's names).</summary>
public enum PtzMotion
{
    Stopped,
    Up,
    Down,
    Left,
    Right,
    UpLeft,
    UpRight,
    DownLeft,
    DownRight,
    PatrolVertical,
    PatrolHorizontal,
}

/// <summary>A stored preset position (degrees).</summary>
public readonly record struct PtzPreset(double Pan, double Tilt);

/// <summary>
/// Observable state of the pan/tilt head of an <see cref="EmulatedCamera"/> (for tests).
/// Pan grows to the physical right, tilt grows upwards; both in degrees within the motor limits.
/// </summary>
public sealed record PtzState(
    double Pan,
    double Tilt,
    PtzMotion Motion,
    bool IoOutputHigh,
    int LastCommand,
    long CommandCount,
    long MotorTestCount,
    IReadOnlyDictionary<int, PtzPreset> Presets)
{
    public const double PanMin = 0;
    public const double PanMax = 300;
    public const double TiltMin = 0;
    public const double TiltMax = 120;
    public const double PanCenter = 150;
    public const double TiltCenter = 60;

    /// <summary>Motor speed in degrees per second, both axes.</summary>
    public const double DegreesPerSecond = 40;

    public bool IsMoving => Motion != PtzMotion.Stopped;
}

/// <summary>The last comm_write.cgi (serial port) write.</summary>
public sealed record SerialWrite(int Port, int Baud, byte[] Data, DateTimeOffset Time);
