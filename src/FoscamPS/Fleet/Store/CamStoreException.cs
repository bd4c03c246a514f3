using System;
using System.Runtime.Serialization;

namespace FoscamPS.Fleet.Store
{
    /// <summary>
    /// What kind of store failure happened; maps one-to-one onto a PowerShell ErrorCategory
    /// (see docs/credential-store.md).
    /// </summary>
    public enum CamStoreErrorKind
    {
        /// <summary>No such camera registration (ErrorCategory.ObjectNotFound).</summary>
        NotFound,
        /// <summary>The name is already used (ErrorCategory.ResourceExists).</summary>
        AlreadyExists,
        /// <summary>A file cannot be parsed or fails its checksum (ErrorCategory.InvalidData).</summary>
        Corrupt,
        /// <summary>Authentication of the store failed: tampering, wrong key or passphrase, wrong binding (ErrorCategory.SecurityError).</summary>
        Security,
        /// <summary>The store's master key is not available (ErrorCategory.AuthenticationError / OpenError).</summary>
        KeyUnavailable,
        /// <summary>Another process holds the store lock too long (ErrorCategory.ResourceBusy).</summary>
        Busy,
        /// <summary>A file cannot be read or written (ErrorCategory.WriteError / PermissionDenied).</summary>
        Io,
        /// <summary>The file was written by a newer FoscamPS or needs another unlock mode (ErrorCategory.NotImplemented / InvalidOperation).</summary>
        Unsupported,
    }

    /// <summary>Stable PascalCase error ids of <see cref="CamStoreException"/>.</summary>
    public static class CamStoreErrorId
    {
        public const string CameraNotRegistered = "CameraNotRegistered";
        public const string CameraAlreadyRegistered = "CameraAlreadyRegistered";
        public const string RegistryCorrupt = "RegistryCorrupt";
        public const string RegistryVersionUnsupported = "RegistryVersionUnsupported";
        public const string StoreCorrupt = "StoreCorrupt";
        public const string StoreTampered = "StoreTampered";
        public const string StoreRolledBack = "StoreRolledBack";
        public const string StoreVersionUnsupported = "StoreVersionUnsupported";
        public const string StoreKeyMissing = "StoreKeyMissing";
        public const string StoreKeyMismatch = "StoreKeyMismatch";
        public const string StoreKeyUnavailable = "StoreKeyUnavailable";
        public const string StorePassphraseRequired = "StorePassphraseRequired";
        public const string StorePassphraseIncorrect = "StorePassphraseIncorrect";
        public const string StoreProtectionMismatch = "StoreProtectionMismatch";
        public const string CredentialBindingMismatch = "CredentialBindingMismatch";
        public const string CredentialAlreadyExists = "CredentialAlreadyExists";
        public const string CredentialNotFound = "CredentialNotFound";
        public const string StoreLocked = "StoreLocked";
        public const string StoreIoFailed = "StoreIoFailed";
    }

    /// <summary>
    /// Failure of the camera registry or the credential store. Messages name files and camera names, never
    /// a secret. <see cref="RecommendedAction"/> tells the user what to do.
    /// </summary>
    [Serializable]
    public sealed class CamStoreException : Exception
    {
        public CamStoreException(string errorId, CamStoreErrorKind kind, string message, string recommendedAction,
            string? path = null, string? camera = null, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId ?? throw new ArgumentNullException(nameof(errorId));
            Kind = kind;
            RecommendedAction = recommendedAction ?? string.Empty;
            Path = path;
            Camera = camera;
        }

        private CamStoreException(SerializationInfo info, StreamingContext context)
            : base(info, context)
        {
            ErrorId = info.GetString(nameof(ErrorId)) ?? "StoreError";
            Kind = (CamStoreErrorKind)info.GetInt32(nameof(Kind));
            RecommendedAction = info.GetString(nameof(RecommendedAction)) ?? string.Empty;
            Path = info.GetString(nameof(Path));
            Camera = info.GetString(nameof(Camera));
        }

        /// <summary>Stable PascalCase id (see <see cref="CamStoreErrorId"/>), for ErrorRecord.FullyQualifiedErrorId.</summary>
        public string ErrorId { get; }

        public CamStoreErrorKind Kind { get; }

        /// <summary>What the user can do about it.</summary>
        public string RecommendedAction { get; }

        /// <summary>The file involved, when there is one.</summary>
        public string? Path { get; }

        /// <summary>Registry name / credential record id involved, when there is one.</summary>
        public string? Camera { get; }

        public override void GetObjectData(SerializationInfo info, StreamingContext context)
        {
            base.GetObjectData(info, context);
            info.AddValue(nameof(ErrorId), ErrorId);
            info.AddValue(nameof(Kind), (int)Kind);
            info.AddValue(nameof(RecommendedAction), RecommendedAction);
            info.AddValue(nameof(Path), Path);
            info.AddValue(nameof(Camera), Camera);
        }
    }
}
