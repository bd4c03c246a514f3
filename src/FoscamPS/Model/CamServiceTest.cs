using System;
using System.Collections.Generic;

namespace FoscamPS.Model
{
    /// <summary>result of test_mail.cgi (the spec's table; real firmware answers the negative of these codes).</summary>
    public enum CamMailTestCode
    {
        Succeeded = 0,
        CannotConnect = 1,
        NetworkError = 2,
        ServerError = 3,
        IncorrectUser = 4,
        IncorrectPassword = 5,
        RejectedBySender = 6,
        RejectedByReceiver = 7,
        TextRejected = 8,
        AuthenticationNotAccepted = 9,
        InternalError = 10,
        DeviceTlsUnsupported = 11,
        InvalidParameter = 12,
        ServerTlsUnsupported = 13,
    }

    /// <summary>result of test_ftp.cgi (the spec's table; real firmware answers the negative of these codes).</summary>
    public enum CamFtpTestCode
    {
        Succeeded = 0,
        CannotConnect = 1,
        NetworkError = 2,
        ServerError = 3,
        IncorrectUser = 4,
        IncorrectPassword = 5,
        IncorrectDirectory = 6,
        PasvModeError = 7,
        PortModeError = 8,
        StorCommandError = 9,
    }

    /// <summary>The outcome of test_mail.cgi or test_ftp.cgi: the camera tried its SAVED settings.</summary>
    public abstract class CamServiceTestResult
    {
        public ICamera Camera { get; internal set; } = null!;
        /// <summary>Mail or Ftp.</summary>
        public abstract string Service { get; }
        /// <summary>True when the camera reached the server and the test passed (code 0).</summary>
        public bool Succeeded => Code == 0;
        /// <summary>The code on the spec's (positive) scale, whichever sign the firmware used.</summary>
        public int Code { get; internal set; }
        /// <summary>The code exactly as the camera answered it (real firmware: 0 or negative).</summary>
        public int RawCode { get; internal set; }
        /// <summary>What the code means (the spec's text), or "unknown code N".</summary>
        public string Message { get; internal set; } = "";

        /// <summary>The one place both signs of a test code are mapped to the spec's positive scale.</summary>
        public static int NormalizeCode(int raw) => raw == int.MinValue ? int.MaxValue : Math.Abs(raw);

        internal void SetCode(int raw, IReadOnlyDictionary<int, string> meanings)
        {
            RawCode = raw;
            Code = NormalizeCode(raw);
            Message = meanings.TryGetValue(Code, out var m) ? m : $"unknown code {raw}";
        }
    }

    /// <summary>Result of Test-CamMail.</summary>
    public sealed class CamMailTestResult : CamServiceTestResult
    {
        internal static readonly IReadOnlyDictionary<int, string> Meanings = new Dictionary<int, string>
        {
            [0] = "succeeded",
            [1] = "cannot connect to the server",
            [2] = "network error",
            [3] = "server error",
            [4] = "incorrect user",
            [5] = "incorrect password",
            [6] = "rejected by the sender",
            [7] = "rejected by the receiver",
            [8] = "the text was rejected",
            [9] = "authentication not accepted",
            [10] = "internal error",
            [11] = "the camera does not support TLS/STARTTLS",
            [12] = "invalid parameter",
            [13] = "the server does not support TLS/STARTTLS",
        };

        public override string Service => "Mail";
        /// <summary>The code as a name; unknown codes stay visible as numbers.</summary>
        public CamMailTestCode Result => (CamMailTestCode)Code;

        internal static CamMailTestResult Create(ICamera camera, int raw)
        {
            var r = new CamMailTestResult { Camera = camera };
            r.SetCode(raw, Meanings);
            return r;
        }
    }

    /// <summary>Result of Test-CamFtp.</summary>
    public sealed class CamFtpTestResult : CamServiceTestResult
    {
        internal static readonly IReadOnlyDictionary<int, string> Meanings = new Dictionary<int, string>
        {
            [0] = "succeeded",
            [1] = "cannot connect to the server",
            [2] = "network error",
            [3] = "server error",
            [4] = "incorrect user",
            [5] = "incorrect password",
            [6] = "incorrect directory",
            [7] = "passive (PASV) mode error",
            [8] = "active (PORT) mode error",
            [9] = "STOR command error (cannot write the file)",
        };

        public override string Service => "Ftp";
        /// <summary>The code as a name; unknown codes stay visible as numbers.</summary>
        public CamFtpTestCode Result => (CamFtpTestCode)Code;

        internal static CamFtpTestResult Create(ICamera camera, int raw)
        {
            var r = new CamFtpTestResult { Camera = camera };
            r.SetCode(raw, Meanings);
            return r;
        }
    }
}
