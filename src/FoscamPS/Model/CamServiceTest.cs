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

        /// <summary>What each code means, on the spec's positive scale.</summary>
        internal abstract IReadOnlyDictionary<int, string> Meanings { get; }

        /// <summary>The typed result of one test: both signs of the code mapped, the meaning looked up.</summary>
        internal static T Create<T>(ICamera camera, int raw) where T : CamServiceTestResult, new()
        {
            var r = new T { Camera = camera, RawCode = raw, Code = NormalizeCode(raw) };
            r.Message = r.Meanings.TryGetValue(r.Code, out var m) ? m : $"unknown code {raw}";
            return r;
        }
    }

    /// <summary>The spec's tables of test_mail.cgi and test_ftp.cgi result codes as rows of data (codes 0–5 are shared).</summary>
    internal static class CamServiceTestCodes
    {
        private static readonly (int Code, string Meaning)[] Shared =
        {
            (0, "succeeded"),
            (1, "cannot connect to the server"),
            (2, "network error"),
            (3, "server error"),
            (4, "incorrect user"),
            (5, "incorrect password"),
        };

        internal static readonly IReadOnlyDictionary<int, string> Mail = Table(
            (6, "rejected by the sender"),
            (7, "rejected by the receiver"),
            (8, "the text was rejected"),
            (9, "authentication not accepted"),
            (10, "internal error"),
            (11, "the camera does not support TLS/STARTTLS"),
            (12, "invalid parameter"),
            (13, "the server does not support TLS/STARTTLS"));

        internal static readonly IReadOnlyDictionary<int, string> Ftp = Table(
            (6, "incorrect directory"),
            (7, "passive (PASV) mode error"),
            (8, "active (PORT) mode error"),
            (9, "STOR command error (cannot write the file)"));

        private static IReadOnlyDictionary<int, string> Table(params (int Code, string Meaning)[] own)
        {
            var table = new Dictionary<int, string>();
            foreach (var (code, meaning) in Shared) table[code] = meaning;
            foreach (var (code, meaning) in own) table[code] = meaning;
            return table;
        }
    }

    /// <summary>Result of Test-CamMail.</summary>
    public sealed class CamMailTestResult : CamServiceTestResult
    {
        public override string Service => "Mail";
        /// <summary>The code as a name; unknown codes stay visible as numbers.</summary>
        public CamMailTestCode Result => (CamMailTestCode)Code;
        internal override IReadOnlyDictionary<int, string> Meanings => CamServiceTestCodes.Mail;
    }

    /// <summary>Result of Test-CamFtp.</summary>
    public sealed class CamFtpTestResult : CamServiceTestResult
    {
        public override string Service => "Ftp";
        /// <summary>The code as a name; unknown codes stay visible as numbers.</summary>
        public CamFtpTestCode Result => (CamFtpTestCode)Code;
        internal override IReadOnlyDictionary<int, string> Meanings => CamServiceTestCodes.Ftp;
    }
}
