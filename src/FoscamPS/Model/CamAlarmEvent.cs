using System;

namespace FoscamPS.Model
{
    /// <summary>A change of a camera's alarm_status seen by Watch-CamAlarm.</summary>
    public sealed class CamAlarmEvent
    {
        public ICamera Camera { get; internal set; } = null!;
        /// <summary>When the change was seen (this computer's clock).</summary>
        public DateTimeOffset Time { get; internal set; }
        /// <summary>The new state (None when an alarm ended).</summary>
        public CamAlarmStatus AlarmStatus { get; internal set; }
        /// <summary>The state before; null for the first reading of a camera that was already in alarm.</summary>
        public CamAlarmStatus? PreviousStatus { get; internal set; }
        public bool Motion => AlarmStatus == CamAlarmStatus.Motion;
        public bool Input => AlarmStatus == CamAlarmStatus.Input;
        public bool Sound => AlarmStatus == CamAlarmStatus.Sound;
        public string? CameraId { get; internal set; }
        /// <summary>The snapshot taken when the alarm began (-SnapshotPath), else null.</summary>
        public string? SnapshotPath { get; internal set; }
    }

    /// <summary>One HTTP callback received by a Start-CamAlarmListener listener (a camera's alarm_http_url).</summary>
    public sealed class CamAlarmCallback
    {
        /// <summary>The camera it came from: a -Camera of Start-CamAlarmListener with that IP address, else the sender's address.</summary>
        public ICamera Camera { get; internal set; } = null!;
        public DateTimeOffset Time { get; internal set; }
        /// <summary>Sender's IP address.</summary>
        public string RemoteAddress { get; internal set; } = "";
        public string Method { get; internal set; } = "";
        /// <summary>Path of the request (sanitised of control characters).</summary>
        public string Path { get; internal set; } = "";
        /// <summary>Query parameters; values of credential-like names (user, pwd, pass, key, token…) are replaced by ***.</summary>
        public System.Collections.Generic.IReadOnlyDictionary<string, string> Query { get; internal set; } = new System.Collections.Generic.Dictionary<string, string>();
        /// <summary>Name of the listener that received it.</summary>
        public string Listener { get; internal set; } = "";
    }
}
