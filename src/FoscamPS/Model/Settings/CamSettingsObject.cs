using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Security;
using FoscamPS.Protocol;

namespace FoscamPS.Model
{
    /// <summary>
    /// Base of the typed settings groups (CamWifiSettings, CamNetworkSettings, …): the camera first, then the
    /// group's settings as properties named like the matching Set- cmdlet's parameters, filled through the field table
    /// (<see cref="CamFieldTable"/>). The camera's text of every field is kept internally, so a whole-group write
    /// carries the camera's own secrets and a copy to another camera carries them only when they were revealed
    /// (-IncludeSecret). Unknown reply fields of the group are kept in <see cref="Extra"/>.
    /// </summary>
    public abstract class CamSettingsObject : CamTextObject
    {
        private static readonly Dictionary<string, string> NoWire = new Dictionary<string, string>(StringComparer.Ordinal); // never changed
        private Dictionary<string, string>? _wire;
        private HashSet<string>? _forced;
        private Dictionary<string, string>? _extra;

        /// <summary>The camera these settings came from.</summary>
        public abstract ICamera Camera { get; internal set; }

        /// <summary>
        /// Reply fields of this group that the field table does not know (newer firmware, clones), by name, camera
        /// text sanitised; values of secret-looking names (pwd, pass, key…) as a <see cref="CamSecret"/> (shows
        /// ******** or blank; the value inside only with -IncludeSecret, so ConvertTo-Json never shows it).
        /// </summary>
        public Dictionary<string, object> Extra
        {
            get
            {
                var d = new Dictionary<string, object>(StringComparer.Ordinal);
                if (_extra is null) return d;
                foreach (var kv in _extra) d[kv.Key] = ExtraValue(kv.Key, kv.Value, RevealSecrets);
                return d;
            }
        }

        /// <summary>How an unknown field shows: a CamSecret for a secret-looking name, else the sanitised text.</summary>
        internal static object ExtraValue(string name, string text, bool reveal)
            => CamFieldTable.LooksSecret(name) ? new CamSecret(text, reveal) : (object)(CamText.Sanitize(text) ?? "");

        /// <summary>Secrets are exposed (Get-… -IncludeSecret).</summary>
        internal bool RevealSecrets { get; set; }

        /// <summary>The camera's text of each known field of the group (the source of truth for writes and comparisons).</summary>
        internal IReadOnlyDictionary<string, string> Wire => _wire ?? NoWire;

        /// <summary>Fields written even though they are volatile (set_datetime now); created on the first Add (most objects have none).</summary>
        internal HashSet<string> Forced => _forced ??= new HashSet<string>(StringComparer.Ordinal);

        /// <summary>The forced fields, without creating the set.</summary>
        internal IReadOnlyCollection<string> ForcedNames => (IReadOnlyCollection<string>?)_forced ?? Array.Empty<string>();

        internal bool IsForced(string field) => _forced is not null && _forced.Contains(field);

        internal void SetWire(IDictionary<string, string> wire, IDictionary<string, string>? extra)
            => AdoptWire(new Dictionary<string, string>(wire, StringComparer.Ordinal), extra is null || extra.Count == 0 ? null : new Dictionary<string, string>(extra, StringComparer.Ordinal));

        /// <summary>Keeps the given dictionaries (ordinal, owned by nobody else) without copying them.</summary>
        internal void AdoptWire(Dictionary<string, string> wire, Dictionary<string, string>? extra)
        {
            _wire = wire;
            _extra = extra is null || extra.Count == 0 ? null : extra;
        }

        internal IReadOnlyDictionary<string, string>? RawExtra => _extra;

        /// <summary>The camera's text of a field, or null when the reply did not carry it.</summary>
        internal string? WireOf(string field) => _wire is not null && _wire.TryGetValue(field, out var v) ? v : null;

        /// <summary>A secret field as a <see cref="CamSecret"/> (value inside only when revealed).</summary>
        protected CamSecret SecretOf(string field) => new CamSecret(WireOf(field), RevealSecrets);

        /// <summary>A user name / password pair as a CamCredential: null unless revealed, and null when both are blank.</summary>
        protected CamCredential? AccountOf(string userField, string passwordField)
            => Credential(RevealSecrets, WireOf(userField) ?? "", WireOf(passwordField) ?? "");

        internal static SecureString Secure(string text) => CamSecret.Secure(text);

        internal static CamCredential? Credential(bool reveal, string user, string password)
            => !reveal || (user.Length == 0 && password.Length == 0) ? null
               : new CamCredential(new PSCredential(user.Length == 0 ? " " : user, Secure(password)));

        internal static int Int(CamVars v, string name, int fallback = 0) => v.GetInt32(name) ?? fallback;

        internal static string Str(CamVars v, string name) => v.GetString(name) ?? "";

        internal static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

        internal static string Bit(bool value) => value ? "1" : "0";
    }
}
