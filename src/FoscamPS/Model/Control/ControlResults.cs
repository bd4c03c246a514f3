using System;
using FoscamPS.Protocol;

namespace FoscamPS.Model
{
    /// <summary>A control request that was sent (Invoke-CamPtz, Set-CamPtzPreset, Set-CamIrLed … with -PassThru).</summary>
    public sealed class CamControlAction
    {
        public ICamera Camera { get; internal set; } = null!;
        /// <summary>What was done, e.g. "Move Left", "Go to preset 3", "IR LEDs On".</summary>
        public string Action { get; internal set; } = "";
        /// <summary>The CGI used.</summary>
        public string Cgi { get; internal set; } = "";
        /// <summary>The command code or value sent (decoder_control command, set_extra_io value, serial byte count).</summary>
        public int Value { get; internal set; }
        /// <summary>For timed moves: the stop command sent afterwards.</summary>
        public int? StopValue { get; internal set; }
        /// <summary>For timed moves: how long the move ran until the stop was sent.</summary>
        public TimeSpan? Duration { get; internal set; }
    }

    /// <summary>Result of check_user.cgi for one camera (Test-CamCredential). Never carries the echoed password.</summary>
    public sealed class CamCredentialCheck
    {
        public ICamera Camera { get; internal set; } = null!;
        public string? UserName { get; internal set; }
        /// <summary>True when the camera accepted the credential.</summary>
        public bool IsValid { get; internal set; }
        /// <summary>The user's privilege (check_user scale); Unknown when the credential was refused.</summary>
        public CamPrivilege Privilege { get; internal set; }
    }

    /// <summary>One entry of get_log.cgi.</summary>
    public sealed class CamLogEntry
    {
        public ICamera Camera { get; internal set; } = null!;
        /// <summary>Time of the entry in the camera's local time (as the camera prints it).</summary>
        public DateTime Time { get; internal set; }
        public string User { get; internal set; } = "";
        /// <summary>The client address that made the request.</summary>
        public string ClientAddress { get; internal set; } = "";
        public string Action { get; internal set; } = "";
        /// <summary>The line as the camera wrote it.</summary>
        public string Text { get; internal set; } = "";
    }

    /// <summary>A recording written by Save-CamVideo (one per camera).</summary>
    public sealed class CamVideoRecording
    {
        public ICamera Camera { get; internal set; } = null!;
        /// <summary>The file (Mjpeg, Multipart, Asf) or folder (Jpeg) written.</summary>
        public string Path { get; internal set; } = "";
        public CamVideoFormat Format { get; internal set; }
        public DateTimeOffset Start { get; internal set; }
        public TimeSpan Duration { get; internal set; }
        /// <summary>Frames written (Asf: data packets written).</summary>
        public long Frames { get; internal set; }
        /// <summary>Bytes written.</summary>
        public long Bytes { get; internal set; }
        /// <summary>Damaged parts of the stream that were skipped.</summary>
        public long DamagedParts { get; internal set; }
        /// <summary>How often the stream was opened again after it dropped.</summary>
        public int Reconnects { get; internal set; }
        /// <summary>Frames received but not written because the disk did not keep up.</summary>
        public long DroppedFrames { get; internal set; }
        /// <summary>Why the recording ended: Duration, FrameCount, MaxBytes, Stopped, Failed.</summary>
        public string EndReason { get; internal set; } = "";
    }

    /// <summary>One frame of a camera's MJPEG stream (Get-CamFrame).</summary>
    public sealed class CamFrame
    {
        public ICamera Camera { get; internal set; } = null!;
        /// <summary>0-based number of the frame in this command's stream of that camera.</summary>
        public long Sequence { get; internal set; }
        /// <summary>When the frame was received (local clock).</summary>
        public DateTimeOffset Time { get; internal set; }
        /// <summary>Width from the JPEG's SOF header (0 if it has none).</summary>
        public int Width { get; internal set; }
        /// <summary>Height from the JPEG's SOF header (0 if it has none).</summary>
        public int Height { get; internal set; }
        public int Length => Data.Length;
        /// <summary>The complete JPEG (FF D8 … FF D9).</summary>
        public byte[] Data { get; internal set; } = Array.Empty<byte>();
    }
}
