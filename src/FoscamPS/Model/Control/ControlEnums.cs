namespace FoscamPS.Model
{
    /// <summary>Pan/tilt directions of Invoke-CamPtz, as seen in the picture.</summary>
    public enum CamPtzDirection
    {
        Up,
        Down,
        Left,
        Right,
        UpLeft,
        UpRight,
        DownLeft,
        DownRight,
    }

    /// <summary>Patrol actions of Invoke-CamPtz.</summary>
    public enum CamPtzPatrol
    {
        Horizontal,
        Vertical,
        Stop,
    }

    /// <summary>Zoom of a lens on an external (RS-485 Pelco-D) decoder.</summary>
    public enum CamPtzZoom
    {
        /// <summary>decoder_control 18 "zoom far" (tele).</summary>
        In,
        /// <summary>decoder_control 16 "zoom close" (wide).</summary>
        Out,
    }

    /// <summary>Focus of a lens on an external decoder.</summary>
    public enum CamPtzFocus
    {
        /// <summary>decoder_control 12 "focus close".</summary>
        Near,
        /// <summary>decoder_control 14 "focus far".</summary>
        Far,
    }

    /// <summary>Iris (aperture) of a lens on an external decoder.</summary>
    public enum CamPtzIris
    {
        /// <summary>decoder_control 10 "large aperture".</summary>
        Open,
        /// <summary>decoder_control 8 "small aperture".</summary>
        Close,
    }

    /// <summary>State of the infrared LEDs (decoder_control 95 on, 94 off).</summary>
    public enum CamIrLedState
    {
        Off,
        On,
    }

    /// <summary>Level of the alarm IO output (decoder_control 94 high, 95 low).</summary>
    public enum CamIoLevel
    {
        Low,
        High,
    }

    /// <summary>The <c>rate</c> codes of videostream.cgi / videostream.asf.</summary>
    public enum CamStreamRate
    {
        Full = 0,
        Fps20 = 1,
        Fps15 = 3,
        Fps10 = 6,
        Fps5 = 11,
        Fps4 = 12,
        Fps3 = 13,
        Fps2 = 14,
        Fps1 = 15,
        Every2Seconds = 17,
        Every3Seconds = 19,
        Every4Seconds = 21,
        Every5Seconds = 23,
    }

    /// <summary>File formats of Save-CamVideo.</summary>
    public enum CamVideoFormat
    {
        /// <summary>Concatenated JPEG frames (.mjpeg), played by ffmpeg/VLC.</summary>
        Mjpeg,
        /// <summary>multipart/x-mixed-replace parts as the camera sends them (.mpjpeg).</summary>
        Multipart,
        /// <summary>One JPEG file per frame in a folder per camera.</summary>
        Jpeg,
        /// <summary>videostream.asf saved as it arrives, cut at whole data packets (.asf).</summary>
        Asf,
    }
}
