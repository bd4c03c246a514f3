namespace FoscamPS.Protocol
{
    /// <summary>How the transport authenticates to a camera.</summary>
    public enum CamAuthScheme
    {
        /// <summary>No credential sent (or, as a preference, "negotiate").</summary>
        None,
        /// <summary>Preemptive HTTP Basic.</summary>
        Basic,
        /// <summary>HTTP Digest (MD5, qop=auth), nonce reused across requests.</summary>
        Digest,
        /// <summary><c>user=</c>/<c>pwd=</c> (or <c>cam_user=</c>/<c>cam_pwd=</c>) query parameters.</summary>
        Query,
    }

    /// <summary>Privilege on the <c>check_user.cgi</c> scale (1 visitor, 2 operator, 3 administrator).</summary>
    public enum CamPrivilege
    {
        Unknown = 0,
        Visitor = 1,
        Operator = 2,
        Administrator = 3,
    }

    /// <summary>Retry safety of a CGI; the fleet engine derives its retry policy from it.</summary>
    public enum CgiSafety
    {
        ReadOnly,
        Write,
        SideEffect,
    }

    /// <summary>
    /// What a successful text reply must look like, decided once in the transport (a reply cut short or from a
    /// foreign device is never data): <see cref="Ok"/> for setters and actions (exactly <c>ok.</c>, newline
    /// optional), <see cref="Vars"/> for get_* CGIs (at least one <c>var</c> and the last statement terminated
    /// with <c>;</c>), <see cref="Any"/> when the caller judges the body itself.
    /// </summary>
    public enum CamReplyExpectation
    {
        Any,
        Ok,
        Vars,
    }

    /// <summary>Category of a <see cref="CamException"/>.</summary>
    public enum CamErrorKind
    {
        Unreachable,
        Timeout,
        Authentication,
        AccessDenied,
        IllegalParams,
        NotSupported,
        Protocol,
        ResponseTooLarge,
        IdentityMismatch,
    }
}
