using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Net;
using FoscamPS.Fleet;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>What a -Camera value names.</summary>
    public enum CamTargetKind
    {
        /// <summary>A live session object.</summary>
        Session,
        /// <summary>A session or registration name, possibly with wildcards, or an address to be decided at resolution.</summary>
        Name,
        /// <summary>An address (URI, IP address, host:port).</summary>
        Address,
    }

    /// <summary>
    /// The -Camera parameter type. PowerShell converts every shape of target into it through its constructors:
    /// a session, a registered name (wildcards), <c>host[:port]</c>, a URI, an IP address, a registry entry, any
    /// FoscamPS output object (it carries its camera), CSV rows and deserialized objects from jobs, remoting or
    /// child runbooks.
    /// </summary>
    public sealed class CamTarget
    {
        private static readonly string[] CameraProperties = { "Camera", "Session" };
        private static readonly string[] AddressProperties = { "Address", "Uri", "Url", "HostName", "Host", "ComputerName", "IPAddress" };
        private static readonly string[] NameProperties = { "Name", "CameraName", "RegistrationName" };

        public CamTarget(CamSession session)
        {
            Session = session ?? throw new ArgumentNullException(nameof(session));
            Kind = CamTargetKind.Session;
            Text = session.Name;
        }

        public CamTarget(string text)
        {
            if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("A camera name or address cannot be empty.");
            var t = text.Trim();
            Kind = CamTargetKind.Name;
            Text = t;
            if (StripUserInfo(t) is { } stripped)
            {
                // Never keep the raw text: it holds a password. The resolver reports it (CredentialInCameraAddress).
                Kind = CamTargetKind.Address;
                Text = stripped;
                SetCredentialProblem();
            }
            else if (IsAddressSyntax(t))
            {
                // "[v6]:port", "http://host:port/", bare IPv6: an address, never a wildcard pattern ('[' is not a class here).
                Kind = CamTargetKind.Address;
                IsLiteralAddress = true;
                if (CamAddress.TryParse(t, out var parsed, out var error))
                {
                    Address = parsed;
                    Text = parsed.ToString();
                }
                else
                {
                    Text = Redactor.RedactUrl(t);
                    ProblemErrorId = "InvalidCameraAddress";
                    Problem = error;
                }
            }
        }

        public CamTarget(Uri uri)
        {
            if (uri is null) throw new ArgumentNullException(nameof(uri));
            Kind = CamTargetKind.Address;
            IsLiteralAddress = true;
            var original = uri.OriginalString;
            if (StripUserInfo(original) is { } stripped)
            {
                Text = stripped;
                SetCredentialProblem();
                return;
            }
            if (CamAddress.TryParse(original, out var parsed, out var error))
            {
                Address = parsed;
                Text = parsed.ToString();
            }
            else
            {
                Text = Redactor.RedactUrl(original);
                ProblemErrorId = "InvalidCameraAddress";
                Problem = error;
            }
        }

        public CamTarget(IPAddress address)
        {
            if (address is null) throw new ArgumentNullException(nameof(address));
            Address = CamAddress.Parse(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString());
            Text = Address.ToString();
            Kind = CamTargetKind.Address;
        }

        /// <summary>Anything else: output objects, registry entries, CSV rows, deserialized objects, hashtables.</summary>
        public CamTarget(object input)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            var copy = FromObject(input, 0);
            Kind = copy.Kind;
            Text = copy.Text;
            Session = copy.Session;
            Address = copy.Address;
            ExpectedCameraId = copy.ExpectedCameraId;
            SessionId = copy.SessionId;
            IsLiteralAddress = copy.IsLiteralAddress;
            Problem = copy.Problem;
            ProblemErrorId = copy.ProblemErrorId;
        }

        private CamTarget(CamTargetKind kind, string text, CamAddress? address)
        {
            Kind = kind;
            Text = text;
            Address = address;
        }

        public CamTargetKind Kind { get; }
        /// <summary>The text the user gave (name, address, URI), for messages.</summary>
        public string Text { get; }
        public CamSession? Session { get; }
        public CamAddress? Address { get; }
        /// <summary>Camera id carried by a deserialized session or output object.</summary>
        public string? ExpectedCameraId { get; private set; }
        /// <summary>Session id carried by a deserialized session (re-attaches to the live session in this runspace).</summary>
        public Guid? SessionId { get; private set; }

        /// <summary>True when the text was written as an address ("[v6]:port", a URI): never looked up as a name.</summary>
        internal bool IsLiteralAddress { get; private set; }

        /// <summary>Why this value cannot be used (reported per value by the resolver, never thrown during binding, so the
        /// raw text never reaches a binding error); null when usable.</summary>
        internal string? Problem { get; private set; }

        /// <summary>ErrorId for <see cref="Problem"/>.</summary>
        internal string? ProblemErrorId { get; private set; }

        /// <summary>ErrorId of a -Camera value that carries a user name or password.</summary>
        public const string CredentialInAddressErrorId = "CredentialInCameraAddress";

        private void SetCredentialProblem()
        {
            ProblemErrorId = CredentialInAddressErrorId;
            Problem = $"The camera address '{Text}' contained a user name or password, which FoscamPS does not accept in an address " +
                      "(it would end up in history, logs and error records); it was not used. Pass the address without it and the account with -Credential.";
        }

        /// <summary>
        /// When <paramref name="text"/> carries user info ("http://user:pwd@host", "user:pwd@host"), returns it without
        /// (everything up to the LAST '@' goes: a password may itself contain '@', '/' or ':'); else null.
        /// </summary>
        internal static string? StripUserInfo(string text)
        {
            var at = text.LastIndexOf('@');
            if (at < 0) return null;
            var sep = text.IndexOf("://", StringComparison.Ordinal);
            var scheme = sep > 0 && sep < at && text.Substring(0, sep).All(char.IsLetter) ? text.Substring(0, sep + 3) : string.Empty;
            var rest = text.Substring(at + 1);
            return scheme + (rest.Length == 0 ? "(no host)" : rest);
        }

        /// <summary>"[v6]…", "scheme://…" or a bare IPv6 literal (two or more ':' and no wildcard).</summary>
        internal static bool IsAddressSyntax(string text)
            => (text.StartsWith("[", StringComparison.Ordinal) && text.IndexOf(':') > 0)
               || text.IndexOf("://", StringComparison.Ordinal) > 0
               || (text.Count(c => c == ':') >= 2 && text.IndexOfAny(new[] { '*', '?' }) < 0);

        public override string ToString() => Text;

        private static CamTarget FromObject(object? value, int depth)
        {
            if (depth > 3) throw new ArgumentException("Cannot tell which camera this object names.");
            switch (value)
            {
                case null:
                    throw new ArgumentNullException(nameof(value), "A camera cannot be null.");
                case CamTarget t:
                    return t;
                case CamSession s:
                    return new CamTarget(s);
                case string s:
                    return new CamTarget(s);
                case Uri u:
                    return new CamTarget(u);
                case IPAddress ip:
                    return new CamTarget(ip);
                case CamAddress a:
                    return new CamTarget(CamTargetKind.Address, a.ToString(), a);
                case IDictionary d:
                    return FromProperties(k => d.Contains(k) ? d[k] : d.Keys.Cast<object>().Where(x => string.Equals(x?.ToString(), k, StringComparison.OrdinalIgnoreCase)).Select(x => d[x]).FirstOrDefault(), depth, value);
                case PSObject pso:
                    if (pso.BaseObject is not PSCustomObject && pso.BaseObject is not PSObject && !(pso.BaseObject is string && pso.TypeNames.Any(n => n.StartsWith("Deserialized.", StringComparison.Ordinal))))
                    {
                        var inner = pso.BaseObject;
                        if (inner is CamSession || inner is string || inner is Uri || inner is IPAddress || inner is CamAddress || inner is IDictionary || inner is CamTarget)
                            return FromObject(inner, depth + 1);
                    }
                    return FromProperties(k => pso.Properties[k]?.Value, depth, pso);
                default:
                    return FromObject(PSObject.AsPSObject(value), depth + 1);
            }
        }

        private static CamTarget FromProperties(Func<string, object?> get, int depth, object original)
        {
            // A FoscamPS output object or anything with a Camera property: follow it.
            foreach (var p in CameraProperties)
            {
                var v = Unwrap(get(p));
                if (v is not null && !ReferenceEquals(v, original)) return FromObject(v, depth + 1);
            }

            // A session or registry entry (live or deserialized): Name + Address (+ CameraId / Id).
            string? name = NameProperties.Select(p => Unwrap(get(p))?.ToString()).FirstOrDefault(s => !string.IsNullOrWhiteSpace(s));
            string? address = AddressProperties.Select(p => Unwrap(get(p))?.ToString()).FirstOrDefault(s => !string.IsNullOrWhiteSpace(s));
            var port = Unwrap(get("Port"))?.ToString();
            var cameraId = (Unwrap(get("CameraId")) ?? Unwrap(get("ExpectedCameraId")))?.ToString();
            Guid? sessionId = Unwrap(get("Id")) is { } idv && Guid.TryParse(idv.ToString(), out var g) ? g : null;

            if (address is not null)
            {
                if (StripUserInfo(address) is { } stripped)
                {
                    var bad = new CamTarget(CamTargetKind.Address, name ?? stripped, null);
                    bad.SetCredentialProblem();
                    return bad;
                }
                if (port is not null && int.TryParse(port, out var p) && !address.Contains("://"))
                {
                    // A Port column/property: "host" + 81 → "host:81"; a bare IPv6 literal gets its brackets.
                    if (address.IndexOf(':') < 0) address = $"{address}:{p}";
                    else if (address.Count(c => c == ':') >= 2 && !address.StartsWith("[", StringComparison.Ordinal)) address = $"[{address}]:{p}";
                }
                if (!CamAddress.TryParse(address, out var parsed, out var error))
                {
                    // Reported by the resolver: a binding error would print the whole object.
                    return new CamTarget(CamTargetKind.Address, name ?? Redactor.RedactUrl(address), null)
                    {
                        Problem = $"Cannot use '{Redactor.RedactUrl(address)}' as a camera address: {error}",
                        ProblemErrorId = "InvalidCameraAddress",
                    };
                }
                // A named object (session/registration) keeps its name for messages and re-attachment.
                return new CamTarget(name is null ? CamTargetKind.Address : CamTargetKind.Address, name ?? address, parsed)
                {
                    ExpectedCameraId = string.IsNullOrWhiteSpace(cameraId) ? null : cameraId,
                    SessionId = sessionId,
                };
            }
            if (name is not null) return new CamTarget(name) { ExpectedCameraId = cameraId, SessionId = sessionId };
            throw new ArgumentException("Cannot tell which camera this object names: it has no Camera, Name or Address property.");
        }

        private static object? Unwrap(object? v) => v is PSObject p && p.BaseObject is not PSCustomObject ? p.BaseObject : v;
    }
}
