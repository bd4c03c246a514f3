using System;
using System.Runtime.Serialization;

namespace FoscamPS.Protocol
{
    /// <summary>
    /// Base of every camera failure. Messages, <see cref="Exception.Data"/> and ToString() never
    /// carry credentials: the camera is named by its redacted address only.
    /// </summary>
    [Serializable]
    public class CamException : Exception
    {
        public CamException(string errorId, CamErrorKind kind, string message, string recommendedAction, string? camera = null, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId ?? throw new ArgumentNullException(nameof(errorId));
            Kind = kind;
            RecommendedAction = recommendedAction ?? string.Empty;
            Camera = camera;
        }

        protected CamException(SerializationInfo info, StreamingContext context)
            : base(info, context)
        {
            ErrorId = info.GetString(nameof(ErrorId)) ?? "CameraError";
            Kind = (CamErrorKind)info.GetInt32(nameof(Kind));
            RecommendedAction = info.GetString(nameof(RecommendedAction)) ?? string.Empty;
            Camera = info.GetString(nameof(Camera));
        }

        /// <summary>Stable PascalCase id used for ErrorRecord.FullyQualifiedErrorId.</summary>
        public string ErrorId { get; }

        public CamErrorKind Kind { get; }

        /// <summary>What the user can do about it (ErrorRecord.CategoryInfo / ErrorDetails.RecommendedAction).</summary>
        public string RecommendedAction { get; }

        /// <summary>Camera name or redacted address ("host:port"); never credentials.</summary>
        public string? Camera { get; set; }

        public override void GetObjectData(SerializationInfo info, StreamingContext context)
        {
            base.GetObjectData(info, context);
            info.AddValue(nameof(ErrorId), ErrorId);
            info.AddValue(nameof(Kind), (int)Kind);
            info.AddValue(nameof(RecommendedAction), RecommendedAction);
            info.AddValue(nameof(Camera), Camera);
        }

        internal static string Prefix(string? camera) => string.IsNullOrEmpty(camera) ? "Camera" : "Camera " + camera;
    }

    /// <summary>Connection refused/reset, DNS failure, network unreachable.</summary>
    [Serializable]
    public sealed class CamUnreachableException : CamException
    {
        public const string Id = "CameraUnreachable";

        public CamUnreachableException(string message, string? camera = null, Exception? innerException = null)
            : base(Id, CamErrorKind.Unreachable, message,
                "Check that the camera is powered, on the network and that the address and port are right.", camera, innerException) { }

        private CamUnreachableException(SerializationInfo info, StreamingContext context) : base(info, context) { }

        /// <summary>
        /// True when the connection was never established (refused, DNS, no route): the camera cannot have seen the
        /// request, so even a write may be sent again. A reset may come after the request arrived: false then.
        /// </summary>
        public bool RequestNotSent { get; internal set; }
    }

    /// <summary>The camera did not answer within the configured timeout.</summary>
    [Serializable]
    public sealed class CamTimeoutException : CamException
    {
        public const string Id = "CameraTimeout";

        internal const string ReadAdvice = "The camera may be busy, rebooting or overloaded; retry later or raise -TimeoutSec.";

        /// <summary>For a request that changes the camera: no blind retry (the change may have been applied).</summary>
        internal const string WriteAdvice = "The request changes the camera and it did not answer in time, so the change may have been applied: "
            + "read the settings back with the matching Get- cmdlet before trying again (raise -TimeoutSec for a slow camera).";

        /// <summary>
        /// For a request that acts rather than stores (PTZ, reboot, test mail/FTP, upload): no blind retry and no
        /// settings to read back either — the act may already have happened.
        /// </summary>
        internal const string SideEffectAdvice = "The request makes the camera act (move, restart, scan, send a mail or serial data, upload a file) and it did not answer in time, "
            + "so it may have happened: check for its effect before sending it again (raise -TimeoutSec for a slow camera).";

        public CamTimeoutException(string message, TimeSpan timeout, string? camera = null, Exception? innerException = null)
            : this(message, timeout, CgiSafety.ReadOnly, camera, innerException)
        {
        }

        /// <summary>A timeout whose advice follows the request's safety: "retry" only for reads.</summary>
        /// <param name="message">What did not answer in time.</param>
        /// <param name="timeout">The time that passed.</param>
        /// <param name="safety">The safety class of the request that timed out.</param>
        /// <param name="camera">The camera's name.</param>
        /// <param name="innerException">The cause.</param>
        public CamTimeoutException(string message, TimeSpan timeout, CgiSafety safety, string? camera = null, Exception? innerException = null)
            : base(Id, CamErrorKind.Timeout, message, AdviceFor(safety), camera, innerException)
        {
            Timeout = timeout;
        }

        /// <summary>The recommended action for a timeout on a request of this safety class.</summary>
        public static string AdviceFor(CgiSafety safety) => safety switch
        {
            CgiSafety.ReadOnly => ReadAdvice,
            CgiSafety.SideEffect => SideEffectAdvice,
            _ => WriteAdvice,
        };

        private CamTimeoutException(SerializationInfo info, StreamingContext context) : base(info, context)
        {
            Timeout = TimeSpan.FromTicks(info.GetInt64(nameof(Timeout)));
        }

        public TimeSpan Timeout { get; }

        public override void GetObjectData(SerializationInfo info, StreamingContext context)
        {
            base.GetObjectData(info, context);
            info.AddValue(nameof(Timeout), Timeout.Ticks);
        }
    }

    /// <summary>The camera rejected the credential (or none was given and it needs one).</summary>
    [Serializable]
    public sealed class CamAuthenticationException : CamException
    {
        public const string Id = "AuthenticationFailed";

        public CamAuthenticationException(string message, CamAuthScheme scheme, string? realm, string? camera = null, Exception? innerException = null)
            : base(Id, CamErrorKind.Authentication, message,
                "Check the user name and password (pass them with -Credential); a new camera uses 'admin' with an empty password.", camera, innerException)
        {
            Scheme = scheme;
            Realm = realm;
        }

        private CamAuthenticationException(SerializationInfo info, StreamingContext context) : base(info, context)
        {
            Scheme = (CamAuthScheme)info.GetInt32(nameof(Scheme));
            Realm = info.GetString(nameof(Realm));
        }

        /// <summary>The scheme the camera challenged with (or that was last tried).</summary>
        public CamAuthScheme Scheme { get; }

        /// <summary>Realm from the challenge, e.g. <c>ipcamera_00626E4F1A2B</c>.</summary>
        public string? Realm { get; }

        public override void GetObjectData(SerializationInfo info, StreamingContext context)
        {
            base.GetObjectData(info, context);
            info.AddValue(nameof(Scheme), (int)Scheme);
            info.AddValue(nameof(Realm), Realm);
        }
    }

    /// <summary>The credential works but lacks the privilege this CGI needs.</summary>
    [Serializable]
    public sealed class CamAccessDeniedException : CamException
    {
        public const string Id = "AccessDenied";

        public CamAccessDeniedException(string message, string cgi, CamPrivilege required = CamPrivilege.Unknown, string? camera = null, Exception? innerException = null)
            : base(Id, CamErrorKind.AccessDenied, message,
                "Use an account with " + (required == CamPrivilege.Unknown ? "a higher" : "the " + required) + " privilege for this operation.", camera, innerException)
        {
            Cgi = cgi ?? string.Empty;
            Required = required;
        }

        private CamAccessDeniedException(SerializationInfo info, StreamingContext context) : base(info, context)
        {
            Cgi = info.GetString(nameof(Cgi)) ?? string.Empty;
            Required = (CamPrivilege)info.GetInt32(nameof(Required));
        }

        public string Cgi { get; }

        /// <summary>Privilege the CGI needs (Unknown when the transport cannot tell).</summary>
        public CamPrivilege Required { get; }

        public override void GetObjectData(SerializationInfo info, StreamingContext context)
        {
            base.GetObjectData(info, context);
            info.AddValue(nameof(Cgi), Cgi);
            info.AddValue(nameof(Required), (int)Required);
        }
    }

    /// <summary>HTTP 200 with <c>error: illegal params.</c> (or another clone error body).</summary>
    [Serializable]
    public sealed class CamIllegalParamsException : CamException
    {
        public const string Id = "IllegalParams";

        public CamIllegalParamsException(string message, string rawText, string? camera = null, Exception? innerException = null)
            : base(Id, CamErrorKind.IllegalParams, message,
                "Check the values against the allowed ranges; some settings groups must be written whole (read, change, write back).", camera, innerException)
        {
            RawText = rawText ?? string.Empty;
        }

        private CamIllegalParamsException(SerializationInfo info, StreamingContext context) : base(info, context)
        {
            RawText = info.GetString(nameof(RawText)) ?? string.Empty;
        }

        /// <summary>The camera's body, verbatim (short; never contains the request's credentials).</summary>
        public string RawText { get; }

        public override void GetObjectData(SerializationInfo info, StreamingContext context)
        {
            base.GetObjectData(info, context);
            info.AddValue(nameof(RawText), RawText);
        }
    }

    /// <summary>HTTP 404: this firmware does not have the CGI.</summary>
    [Serializable]
    public sealed class CamNotSupportedException : CamException
    {
        public const string Id = "NotSupported";

        public CamNotSupportedException(string message, string? cgi = null, string? camera = null, Exception? innerException = null)
            : base(Id, CamErrorKind.NotSupported, message,
                "This camera model or firmware does not support the operation.", camera, innerException)
        {
            Cgi = cgi;
        }

        private CamNotSupportedException(SerializationInfo info, StreamingContext context) : base(info, context)
        {
            Cgi = info.GetString(nameof(Cgi));
        }

        public string? Cgi { get; }

        public override void GetObjectData(SerializationInfo info, StreamingContext context)
        {
            base.GetObjectData(info, context);
            info.AddValue(nameof(Cgi), Cgi);
        }
    }

    /// <summary>The camera broke HTTP or its reply grammar (500, truncated body, redirect, malformed stream...).</summary>
    [Serializable]
    public sealed class CamProtocolException : CamException
    {
        public const string Id = "ProtocolViolation";

        /// <summary>What to do after a violation on a read: sending a read again changes nothing.</summary>
        internal const string ReadAdvice = "The camera answered in an unexpected way; retry, and reboot the camera if it persists.";

        /// <summary>
        /// What to do after a violation on a state-changing request: the camera may have acted on it before its reply
        /// went wrong, so sending it again blindly could apply it twice.
        /// </summary>
        internal const string WriteAdvice = "The request changes the camera and its reply was lost or garbled, so the change may have been applied: "
            + "read the settings back with the matching Get- cmdlet before trying again; reboot the camera if it persists.";

        /// <summary>
        /// What to do after a violation on a request that acts rather than stores (PTZ, reboot, test mail/FTP, upload):
        /// the act may already have happened, and there are no settings to read back.
        /// </summary>
        internal const string SideEffectAdvice = "The request makes the camera act (move, restart, scan, send a mail or serial data, upload a file) and its reply was lost or garbled, "
            + "so it may have happened: check for its effect before sending it again; reboot the camera if it persists.";

        /// <summary>A violation on a read (or where the request is not known): the advice is to retry.</summary>
        public CamProtocolException(string message, string? camera = null, Exception? innerException = null)
            : this(message, CgiSafety.ReadOnly, camera, innerException) { }

        /// <summary>
        /// A violation on a request of the given <paramref name="safety"/> (the CGI catalogue's, carried by
        /// <see cref="CamRequest.Safety"/>): reads advise a retry, writes a read-back first, acts (PTZ, reboot, tests, uploads) a check for their effect.
        /// </summary>
        public CamProtocolException(string message, CgiSafety safety, string? camera = null, Exception? innerException = null)
            : base(Id, CamErrorKind.Protocol, message, AdviceFor(safety), camera, innerException)
        {
            Safety = safety;
        }

        private CamProtocolException(SerializationInfo info, StreamingContext context) : base(info, context)
        {
            Safety = (CgiSafety)info.GetInt32(nameof(Safety));
        }

        /// <summary>The safety class of the request that failed (ReadOnly when it is not known).</summary>
        public CgiSafety Safety { get; }

        /// <summary>The recommended action for a violation on a request of this safety class.</summary>
        public static string AdviceFor(CgiSafety safety) => safety switch
        {
            CgiSafety.ReadOnly => ReadAdvice,
            CgiSafety.SideEffect => SideEffectAdvice,
            _ => WriteAdvice,
        };

        public override void GetObjectData(SerializationInfo info, StreamingContext context)
        {
            base.GetObjectData(info, context);
            info.AddValue(nameof(Safety), (int)Safety);
        }

        /// <summary>The HTTP status when the violation was an unexpected status code (e.g. 500), otherwise null.</summary>
        public int? HttpStatus { get; internal set; }
    }

    /// <summary>A text reply exceeded <see cref="CamTransportOptions.MaxTextBytes"/>.</summary>
    [Serializable]
    public sealed class CamResponseTooLargeException : CamException
    {
        public const string Id = "ResponseTooLarge";

        public CamResponseTooLargeException(string message, long limit, string? camera = null, Exception? innerException = null)
            : base(Id, CamErrorKind.ResponseTooLarge, message,
                "The device sent far more data than a camera reply holds; check that the address really is a camera.", camera, innerException)
        {
            Limit = limit;
        }

        private CamResponseTooLargeException(SerializationInfo info, StreamingContext context) : base(info, context)
        {
            Limit = info.GetInt64(nameof(Limit));
        }

        public long Limit { get; }

        public override void GetObjectData(SerializationInfo info, StreamingContext context)
        {
            base.GetObjectData(info, context);
            info.AddValue(nameof(Limit), Limit);
        }
    }

    /// <summary>The device at the address is not the camera the registry expects (id/MAC differs).</summary>
    [Serializable]
    public sealed class CamIdentityMismatchException : CamException
    {
        public const string Id = "CameraIdentityMismatch";

        public CamIdentityMismatchException(string message, string expected, string actual, string? camera = null, Exception? innerException = null)
            : base(Id, CamErrorKind.IdentityMismatch, message,
                "The address now belongs to another device (DHCP change or impostor); verify the camera and update the registry.", camera, innerException)
        {
            Expected = expected ?? string.Empty;
            Actual = actual ?? string.Empty;
        }

        private CamIdentityMismatchException(SerializationInfo info, StreamingContext context) : base(info, context)
        {
            Expected = info.GetString(nameof(Expected)) ?? string.Empty;
            Actual = info.GetString(nameof(Actual)) ?? string.Empty;
        }

        public string Expected { get; }
        public string Actual { get; }

        public override void GetObjectData(SerializationInfo info, StreamingContext context)
        {
            base.GetObjectData(info, context);
            info.AddValue(nameof(Expected), Expected);
            info.AddValue(nameof(Actual), Actual);
        }
    }
}
