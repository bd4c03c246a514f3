using System;
using System.Management.Automation;
using System.Net;
using FoscamPS.Fleet;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>Base of every FoscamPS cmdlet: error records, credential conversion, session registry access.</summary>
    public abstract class CamCmdlet : PSCmdlet
    {
        /// <summary>The live sessions of this runspace.</summary>
        internal SessionRegistry Sessions => RunspaceSessions.Current;

        internal static NetworkCredential? ToNetworkCredential(PSCredential? credential)
            => credential is null || credential == PSCredential.Empty ? null : credential.GetNetworkCredential();

        /// <summary>Builds the error record for a failed camera: stable ErrorId, category, TargetObject = the camera, redacted text.</summary>
        internal static ErrorRecord CreateCameraError(Exception exception, object? camera, NetworkCredential? credential = null)
        {
            if (exception is AggregateException agg && agg.InnerExceptions.Count == 1) exception = agg.InnerExceptions[0];
            string errorId;
            ErrorCategory category;
            string? action = null;
            Exception recordException = exception;
            switch (exception)
            {
                case CamException cam:
                    errorId = cam.ErrorId;
                    category = CategoryOf(cam.Kind);
                    action = cam.RecommendedAction;
                    break;
                case Fleet.Store.CamStoreException store:
                    errorId = store.ErrorId;
                    category = StoreCategoryOf(store.Kind);
                    action = store.RecommendedAction;
                    break;
                case ObjectDisposedException:
                    errorId = "SessionDisconnected";
                    category = ErrorCategory.InvalidOperation;
                    action = "Connect again with Connect-Cam.";
                    recordException = new InvalidOperationException($"The session '{camera}' was disconnected.");
                    break;
                case System.IO.IOException:
                case UnauthorizedAccessException:
                    // Local file problems (exists without -Force, permissions): the text names a path, never a secret.
                    errorId = "FileWriteFailed";
                    category = ErrorCategory.WriteError;
                    action = "Check -Path and its permissions; use -Force to overwrite an existing file.";
                    break;
                case OperationCanceledException:
                    errorId = "OperationCancelled";
                    category = ErrorCategory.OperationStopped;
                    break;
                default:
                    // Unknown failures: keep the type, but never let a credential through in the text.
                    errorId = "CameraOperationFailed";
                    category = ErrorCategory.NotSpecified;
                    recordException = new InvalidOperationException(Redactor.RedactText(exception.Message, credential));
                    break;
            }
            var record = new ErrorRecord(recordException, errorId, category, camera);
            var message = recordException.Message;
            if (camera is CamSession { TriedAsHostName: true } named && IsNameNotResolved(exception))
            {
                // "lobyy-1 could not be resolved (DNS)" alone sends the user to the network; the typo is likelier.
                message += $" No connected session and no registered camera is named '{named.Name}' either, so it was tried as a host name.";
                action = "Check the name: Get-CamSession lists connected cameras, Get-CamRegistration registered ones; or give the camera's address.";
            }
            if (action is not null) record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = action };
            return record;
        }

        /// <summary>True when DNS could not resolve the camera's host name (not when the host answered or was unreachable).</summary>
        private static bool IsNameNotResolved(Exception exception)
        {
            if (exception is not CamUnreachableException) return false;
            for (var e = exception.InnerException; e is not null; e = e.InnerException)
            {
                if (e is System.Net.Sockets.SocketException sock)
                    return sock.SocketErrorCode is System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.NoData or System.Net.Sockets.SocketError.TryAgain;
            }
            return false;
        }

        internal static ErrorCategory CategoryOf(CamErrorKind kind) => kind switch
        {
            CamErrorKind.Unreachable => ErrorCategory.ConnectionError,
            CamErrorKind.Timeout => ErrorCategory.OperationTimeout,
            CamErrorKind.Authentication => ErrorCategory.AuthenticationError,
            CamErrorKind.AccessDenied => ErrorCategory.PermissionDenied,
            CamErrorKind.IllegalParams => ErrorCategory.InvalidArgument,
            CamErrorKind.NotSupported => ErrorCategory.NotImplemented,
            CamErrorKind.Protocol => ErrorCategory.ProtocolError,
            CamErrorKind.ResponseTooLarge => ErrorCategory.LimitsExceeded,
            CamErrorKind.IdentityMismatch => ErrorCategory.SecurityError,
            _ => ErrorCategory.NotSpecified,
        };

        internal static ErrorCategory StoreCategoryOf(Fleet.Store.CamStoreErrorKind kind) => kind switch
        {
            Fleet.Store.CamStoreErrorKind.NotFound => ErrorCategory.ObjectNotFound,
            Fleet.Store.CamStoreErrorKind.AlreadyExists => ErrorCategory.ResourceExists,
            Fleet.Store.CamStoreErrorKind.Corrupt => ErrorCategory.InvalidData,
            Fleet.Store.CamStoreErrorKind.Security => ErrorCategory.SecurityError,
            Fleet.Store.CamStoreErrorKind.KeyUnavailable => ErrorCategory.ResourceUnavailable,
            Fleet.Store.CamStoreErrorKind.Busy => ErrorCategory.ResourceBusy,
            Fleet.Store.CamStoreErrorKind.Io => ErrorCategory.WriteError,
            Fleet.Store.CamStoreErrorKind.Unsupported => ErrorCategory.NotImplemented,
            _ => ErrorCategory.NotSpecified,
        };

        /// <summary>
        /// ShouldProcess that explains itself where nobody can answer: when the host cannot prompt (a runbook,
        /// <c>pwsh -NonInteractive</c>, a hosted runspace) a confirmation request becomes the terminating error
        /// <c>ConfirmationRequired</c> telling the user to pass <c>-Confirm:$false</c>, instead of the host's own message.
        /// </summary>
        internal bool ShouldProcessOrExplain(string target, string action)
        {
            try
            {
                return ShouldProcess(target, action);
            }
            catch (Exception ex) when (ex is PSInvalidOperationException || ex is System.Management.Automation.Host.HostException || ex is PSNotImplementedException || ex is NotImplementedException)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException(
                        $"{MyInvocation.MyCommand.Name} asks for confirmation before '{action}' on '{target}', and this session cannot prompt. " +
                        "Pass -Confirm:$false to go ahead (or -WhatIf to see what would change).", ex),
                    "ConfirmationRequired", ErrorCategory.InvalidOperation, target)
                {
                    ErrorDetails = new ErrorDetails($"{MyInvocation.MyCommand.Name} needs confirmation for '{action}' on '{target}' and cannot prompt here: pass -Confirm:$false.")
                    {
                        RecommendedAction = "Pass -Confirm:$false (after checking the change with -WhatIf).",
                    },
                });
                return false;
            }
        }

        /// <summary>Terminating error for unusable arguments.</summary>
        internal void ThrowArgumentError(string errorId, string message, object? target = null)
            => ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target));
    }
}
