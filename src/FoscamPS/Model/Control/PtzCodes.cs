using System;

namespace FoscamPS.Model
{
    /// <summary>
    /// decoder_control.cgi command codes. FI8908W/FI8918W built-in motors swap left and right relative to the spec
    /// (their own page sends 6 for left, 4 for right, diagonals 91 up-left, 90 up-right, 93 down-left, 92 down-right)
    /// and the page inverts directions again when the picture is flipped (bit 0) or mirrored (bit 1).
    /// </summary>
    public static class PtzCodes
    {
        public const int StopAny = 1;
        public const int Center = 25;
        public const int PatrolVertical = 26;
        public const int PatrolVerticalStop = 27;
        public const int PatrolHorizontal = 28;
        public const int PatrolHorizontalStop = 29;
        public const int IoOutputHigh = 94;
        public const int IoOutputLow = 95;
        public const int MotorTest = 255;
        public const int MaxPreset = 16;
        public const int MaxPresetExternal = 32;

        /// <summary>True for Up/Down/Left/Right (the only directions onestep supports).</summary>
        public static bool IsStraight(CamPtzDirection d) => d <= CamPtzDirection.Right;

        /// <summary>The direction the motor must turn so the picture moves as asked, given the flip/mirror bits.</summary>
        public static CamPtzDirection ApplyFlip(CamPtzDirection d, int flipBits)
        {
            bool flip = (flipBits & 1) != 0, mirror = (flipBits & 2) != 0;
            bool up = d is CamPtzDirection.Up or CamPtzDirection.UpLeft or CamPtzDirection.UpRight;
            bool down = d is CamPtzDirection.Down or CamPtzDirection.DownLeft or CamPtzDirection.DownRight;
            bool left = d is CamPtzDirection.Left or CamPtzDirection.UpLeft or CamPtzDirection.DownLeft;
            bool right = d is CamPtzDirection.Right or CamPtzDirection.UpRight or CamPtzDirection.DownRight;
            if (flip) { var t = up; up = down; down = t; }
            if (mirror) { var t = left; left = right; right = t; }
            if (up && left) return CamPtzDirection.UpLeft;
            if (up && right) return CamPtzDirection.UpRight;
            if (down && left) return CamPtzDirection.DownLeft;
            if (down && right) return CamPtzDirection.DownRight;
            if (up) return CamPtzDirection.Up;
            if (down) return CamPtzDirection.Down;
            return left ? CamPtzDirection.Left : CamPtzDirection.Right;
        }

        /// <summary>The move command for a direction: corrected for the FI89xxW motor, or as the spec lists it.</summary>
        public static int Move(CamPtzDirection d, bool corrected) => d switch
        {
            CamPtzDirection.Up => 0,
            CamPtzDirection.Down => 2,
            CamPtzDirection.Left => corrected ? 6 : 4,
            CamPtzDirection.Right => corrected ? 4 : 6,
            CamPtzDirection.UpLeft => corrected ? 91 : 90,
            CamPtzDirection.UpRight => corrected ? 90 : 91,
            CamPtzDirection.DownLeft => corrected ? 93 : 92,
            CamPtzDirection.DownRight => corrected ? 92 : 93,
            _ => throw new ArgumentOutOfRangeException(nameof(d)),
        };

        /// <summary>The stop for a move command: its own stop for the four directions, 1 (stops any move) otherwise.</summary>
        public static int StopFor(int moveCommand) => moveCommand is 0 or 2 or 4 or 6 or (>= 8 and <= 18) ? moveCommand + 1 : StopAny;

        public static int Zoom(CamPtzZoom z) => z == CamPtzZoom.In ? 18 : 16;
        public static int Focus(CamPtzFocus f) => f == CamPtzFocus.Near ? 12 : 14;
        public static int Iris(CamPtzIris i) => i == CamPtzIris.Close ? 8 : 10;

        /// <summary>set preset n = 30 + 2(n−1).</summary>
        public static int SetPreset(int n) => 30 + (2 * (n - 1));

        /// <summary>go to preset n = 31 + 2(n−1).</summary>
        public static int GoToPreset(int n) => 31 + (2 * (n - 1));
    }
}
