using System;
using System.Runtime.InteropServices;
using System.Security;

namespace FoscamPS.Model
{
    /// <summary>
    /// A secret camera setting (Wi-Fi key, WPA pre-shared key). It shows as <c>********</c> when set and as an empty
    /// string when blank (an administrator must see a blank key), never its value or length: format views,
    /// <c>Export-Csv</c> and <c>ConvertTo-Json</c> see only <see cref="IsSet"/> and <see cref="IsRevealed"/>.
    /// With -IncludeSecret the value is inside, readable with <see cref="GetSecureString"/>; it binds to a Set-
    /// cmdlet's parameter of the same name, so a copy carries it. A SecureString converts to a CamSecret
    /// (<c>-WpaPsk (Read-Host -AsSecureString)</c>).
    /// </summary>
    public sealed class CamSecret : IEquatable<CamSecret>
    {
        /// <summary>What a set secret shows.</summary>
        public const string Mask = "********";

        private readonly SecureString? _value;

        internal CamSecret(string? plain, bool reveal)
        {
            IsSet = !string.IsNullOrEmpty(plain);
            if (reveal && plain is not null)
            {
                _value = Secure(plain);
                IsRevealed = true;
            }
        }

        /// <summary>A secret given by the user (parameter binding converts a SecureString with this constructor).</summary>
        public CamSecret(SecureString value)
        {
            if (value is null) throw new ArgumentNullException(nameof(value));
            _value = value.Copy();
            _value.MakeReadOnly();
            IsSet = value.Length > 0;
            IsRevealed = true;
        }

        /// <summary>True when the camera holds a non-empty value.</summary>
        public bool IsSet { get; }

        /// <summary>True when the value is inside (-IncludeSecret, or given by the user).</summary>
        public bool IsRevealed { get; }

        /// <summary>The value (read-only copy), or null when it was not revealed.</summary>
        public SecureString? GetSecureString()
        {
            if (_value is null) return null;
            var copy = _value.Copy();
            copy.MakeReadOnly();
            return copy;
        }

        /// <summary>The plain value for a write (internal: never reaches output).</summary>
        internal string? GetPlain()
        {
            if (_value is null) return null;
            var ptr = IntPtr.Zero;
            try
            {
                ptr = Marshal.SecureStringToGlobalAllocUnicode(_value);
                return Marshal.PtrToStringUni(ptr) ?? "";
            }
            finally
            {
                if (ptr != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }

        internal static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (var c in text) s.AppendChar(c);
            s.MakeReadOnly();
            return s;
        }

        /// <summary><c>********</c> when set, empty when blank.</summary>
        public override string ToString() => IsSet ? Mask : "";

        /// <summary>Equal when both are revealed with the same value, or both unrevealed with the same IsSet.</summary>
        public bool Equals(CamSecret? other)
        {
            if (other is null) return false;
            if (IsRevealed != other.IsRevealed) return false;
            return IsRevealed ? string.Equals(GetPlain(), other.GetPlain(), StringComparison.Ordinal) : IsSet == other.IsSet;
        }

        public override bool Equals(object? obj) => obj is CamSecret s && Equals(s);

        public override int GetHashCode() => IsSet ? 1 : 0;
    }
}
