using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FoscamPS.Protocol;

namespace FoscamPS.Fleet.Store
{
    /// <summary>Where the credential of a registered camera comes from (resolved at call time).</summary>
    public enum CamCredentialKind
    {
        /// <summary>No stored credential: the caller must pass -Credential.</summary>
        None,
        /// <summary>FoscamPS's own encrypted store; the record id is the registry name.</summary>
        Store,
        /// <summary>A SecretManagement vault secret (<see cref="CamCredentialRef.Vault"/>, <see cref="CamCredentialRef.SecretName"/>).</summary>
        Vault,
        /// <summary>An Azure Automation credential asset (<see cref="CamCredentialRef.SecretName"/> is the asset name).</summary>
        Automation,
    }

    /// <summary>A reference to a credential, never the credential itself. Immutable.</summary>
    public sealed class CamCredentialRef : IEquatable<CamCredentialRef>
    {
        private CamCredentialRef(CamCredentialKind kind, string? vault, string? secretName)
        {
            Kind = kind;
            Vault = vault;
            SecretName = secretName;
        }

        public CamCredentialKind Kind { get; }

        /// <summary>SecretManagement vault name (Vault kind; null = the default vault).</summary>
        public string? Vault { get; }

        /// <summary>Secret name (Vault kind) or Automation credential asset name (Automation kind).</summary>
        public string? SecretName { get; }

        public static CamCredentialRef None { get; } = new CamCredentialRef(CamCredentialKind.None, null, null);

        public static CamCredentialRef Store { get; } = new CamCredentialRef(CamCredentialKind.Store, null, null);

        public static CamCredentialRef FromVault(string secretName, string? vault = null)
        {
            CheckText(secretName, nameof(secretName), required: true);
            CheckText(vault, nameof(vault), required: false);
            return new CamCredentialRef(CamCredentialKind.Vault, string.IsNullOrWhiteSpace(vault) ? null : vault!.Trim(), secretName.Trim());
        }

        public static CamCredentialRef FromAutomation(string assetName)
        {
            CheckText(assetName, nameof(assetName), required: true);
            return new CamCredentialRef(CamCredentialKind.Automation, null, assetName.Trim());
        }

        internal static CamCredentialRef Create(CamCredentialKind kind, string? vault, string? secretName)
        {
            switch (kind)
            {
                case CamCredentialKind.None: return None;
                case CamCredentialKind.Store: return Store;
                case CamCredentialKind.Vault: return FromVault(secretName ?? string.Empty, vault);
                case CamCredentialKind.Automation: return FromAutomation(secretName ?? string.Empty);
                default: throw new ArgumentOutOfRangeException(nameof(kind));
            }
        }

        private static void CheckText(string? value, string param, bool required)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (required) throw new ArgumentException($"The {param} is empty.", param);
                return;
            }
            if (value!.Length > 256 || value.Any(char.IsControl))
                throw new ArgumentException($"The {param} must be at most 256 characters without control characters.", param);
        }

        public bool Equals(CamCredentialRef? other) =>
            other != null && Kind == other.Kind &&
            string.Equals(Vault, other.Vault, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(SecretName, other.SecretName, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as CamCredentialRef);

        public override int GetHashCode() => ((int)Kind * 397) ^ (SecretName?.GetHashCode() ?? 0);

        public override string ToString()
        {
            switch (Kind)
            {
                case CamCredentialKind.Store: return "Store";
                case CamCredentialKind.Vault: return "Vault:" + (Vault ?? "(default)") + "/" + SecretName;
                case CamCredentialKind.Automation: return "Automation:" + SecretName;
                default: return "None";
            }
        }
    }

    /// <summary>
    /// One registered camera. Holds no secret: the credential is a <see cref="CamCredentialRef"/>.
    /// Instances returned by <see cref="CamRegistry"/> are copies; change them through
    /// <see cref="CamRegistry.Update"/>.
    /// </summary>
    public sealed class CamRegistryEntry
    {
        public const int MaxNameLength = 64;

        public CamRegistryEntry()
        {
        }

        public CamRegistryEntry(string name, string address)
        {
            Name = name;
            Address = address;
        }

        /// <summary>Unique, case-insensitive; letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>"host", "host:port", "[v6]:port" or "http(s)://host:port/"; no user info, path or query.</summary>
        public string Address { get; set; } = string.Empty;

        /// <summary>Tags; written as "a,b" in text form (Export-Csv), an ordinary list otherwise.</summary>
        public CamTagList Tags { get; set; } = CamTagList.Empty;

        /// <summary>12 upper-case hex digits (the camera's MAC-based id), learnt on first contact; null until then.</summary>
        public string? ExpectedCameraId { get; set; }

        /// <summary>Auth scheme learnt on first contact ("Basic", "Digest", "Query", "None"); null until then.</summary>
        public string? AuthScheme { get; set; }

        /// <summary>The camera account name (not a secret); for Store references the store keeps its own copy.</summary>
        public string? UserName { get; set; }

        public CamCredentialRef CredentialRef { get; set; } = CamCredentialRef.None;

        public string? Description { get; set; }

        /// <summary>Set by <see cref="CamRegistry.Add"/> (UTC).</summary>
        public DateTimeOffset Created { get; set; }

        /// <summary>Set by every change (UTC).</summary>
        public DateTimeOffset Modified { get; set; }

        public CamRegistryEntry Clone()
        {
            var copy = (CamRegistryEntry)MemberwiseClone();
            copy.Tags = new CamTagList(Tags ?? CamTagList.Empty);
            return copy;
        }

        public override string ToString() => Name + " (" + Address + ")";

        /// <summary>Checks a registry name; null when valid, else why not.</summary>
        public static string? ValidateName(string? name)
        {
            if (string.IsNullOrEmpty(name)) return "The camera name is empty.";
            if (name!.Length > MaxNameLength) return $"The camera name '{Shorten(name)}' is longer than {MaxNameLength} characters.";
            if (!IsAsciiLetterOrDigit(name[0]))
                return $"The camera name '{Shorten(name)}' must start with a letter or a digit.";
            foreach (char c in name)
            {
                if (!(IsAsciiLetterOrDigit(c) || c == '-' || c == '_' || c == '.'))
                    return $"The camera name '{Shorten(name)}' contains '{Printable(c)}'; use letters, digits, '-', '_' and '.' only.";
            }
            return null;
        }

        private static bool IsAsciiLetterOrDigit(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

        private static string Printable(char c) => char.IsControl(c) || char.IsWhiteSpace(c)
            ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
            : c.ToString();

        private static string Shorten(string s)
        {
            var clean = new string(s.Select(ch => char.IsControl(ch) ? '?' : ch).ToArray());
            return clean.Length > 80 ? clean.Substring(0, 80) + "…" : clean;
        }

        /// <summary>Normalises and validates in place; throws <see cref="ArgumentException"/> naming the property.</summary>
        internal void NormalizeAndValidate()
        {
            Name = (Name ?? string.Empty).Trim();
            string? nameError = ValidateName(Name);
            if (nameError != null) throw new ArgumentException(nameError, nameof(Name));

            Address = (Address ?? string.Empty).Trim();
            if (Address.Length > 300) throw new ArgumentException("The camera address is longer than 300 characters.", nameof(Address));
            if (!CamAddress.TryParse(Address, out _, out string? addressError))
                throw new ArgumentException(addressError, nameof(Address));

            var tags = new List<string>();
            foreach (string? raw in (IEnumerable<string>?)Tags ?? Array.Empty<string>())
            {
                string tag = (raw ?? string.Empty).Trim();
                if (tag.Length == 0) continue;
                if (tag.Length > 64 || tag.Any(ch => char.IsControl(ch) || ch == '*' || ch == '?' || ch == '[' || ch == ']' || ch == '`' || ch == ','))
                    throw new ArgumentException($"The tag '{Shorten(tag)}' must be at most 64 characters without control characters or * ? [ ] ` ,", nameof(Tags));
                if (!tags.Contains(tag, StringComparer.OrdinalIgnoreCase)) tags.Add(tag);
            }
            if (tags.Count > 64) throw new ArgumentException("A camera can have at most 64 tags.", nameof(Tags));
            Tags = new CamTagList(tags);

            ExpectedCameraId = NormalizeCameraId(ExpectedCameraId);

            AuthScheme = string.IsNullOrWhiteSpace(AuthScheme) ? null : AuthScheme!.Trim();
            if (AuthScheme != null && (AuthScheme.Length > 32 || !AuthScheme.All(IsAsciiLetterOrDigit)))
                throw new ArgumentException($"The auth scheme '{Shorten(AuthScheme)}' must be a word of at most 32 letters or digits.", nameof(AuthScheme));

            UserName = string.IsNullOrEmpty(UserName) ? null : UserName;
            if (UserName != null && (UserName.Length > 256 || UserName.Any(char.IsControl)))
                throw new ArgumentException("The user name must be at most 256 characters without control characters.", nameof(UserName));

            Description = string.IsNullOrWhiteSpace(Description) ? null : Description!.Trim();
            if (Description != null && (Description.Length > 1024 || Description.Any(ch => char.IsControl(ch) && ch != '\t')))
                throw new ArgumentException("The description must be at most 1024 characters without control characters.", nameof(Description));

            CredentialRef ??= CamCredentialRef.None;
        }

        /// <summary>"00626e4a1b2c", "00:62:6E:4A:1B:2C" or "00-62-..." → "00626E4A1B2C"; null/empty → null.</summary>
        public static string? NormalizeCameraId(string? id)
        {
            if (string.IsNullOrWhiteSpace(id)) return null;
            string compact = id!.Trim().Replace(":", string.Empty).Replace("-", string.Empty).ToUpperInvariant();
            if (compact.Length != 12 || !compact.All(c => (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')))
                throw new ArgumentException($"The camera id '{Shorten(id)}' must be 12 hexadecimal digits (the camera's MAC address).", nameof(ExpectedCameraId));
            return compact;
        }
    }
}
