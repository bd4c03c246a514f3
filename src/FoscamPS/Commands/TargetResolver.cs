using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using FoscamPS.Fleet;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Turns a <see cref="CamTarget"/> into sessions, on the pipeline thread (credential providers may run commands).
    /// Order: a session object; a live session of this runspace by id or name (wildcards); a registration by name
    /// (wildcards); an address (a live session at that address, else a transient session).
    /// </summary>
    internal static class TargetResolver
    {
        public static IReadOnlyList<CamSession> Resolve(CamTarget target, SessionRegistry sessions, NetworkCredential? credential, PSCmdlet cmdlet)
        {
            CamSession With(CamSession s) => credential is null ? s : s.WithCredential(credential);

            if (target.Problem is not null)
                throw new CamTargetException(target.ProblemErrorId ?? "InvalidCameraTarget", target.Problem);

            if (target.Session is not null)
            {
                if (target.Session.State == CamSessionState.Disconnected)
                    throw new InvalidOperationException($"The session '{target.Session.Name}' was disconnected; connect again with Connect-Cam.");
                return new[] { With(target.Session) };
            }

            if (target.SessionId is { } id && sessions.FindById(id) is { } byId && byId.State != CamSessionState.Disconnected)
                return new[] { With(byId) };

            var name = target.Text;
            var named = !target.IsLiteralAddress
                && (target.Kind == CamTargetKind.Name || (target.Address is not null && !string.Equals(name, target.Address.ToString(), StringComparison.OrdinalIgnoreCase)));
            if (named)
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                try
                {
                    pattern.IsMatch(string.Empty);
                }
                catch (WildcardPatternException)
                {
                    throw new CamTargetException("InvalidCameraTarget",
                        $"'{Redactor.RedactUrl(name)}' is not a valid camera name pattern (an unclosed '['?); escape literal brackets with a backtick, or write an IPv6 address as [v6]:port.");
                }
                var live = sessions.Find(s => s.State == CamSessionState.Connected && pattern.IsMatch(s.Name));
                if (live.Count > 0) return live.Select(With).ToArray();

                var registered = Registrations.Resolve(name, credential, cmdlet);
                if (registered.Count > 0) return registered;

                if (WildcardPattern.ContainsWildcardCharacters(name))
                    throw new ItemNotFoundException($"No connected camera or registration matches '{name}'.");
            }

            var address = target.Address;
            // A single-label name that matched nothing reads like a camera name, mistyped; a dotted one is a host name.
            bool triedAsHostName = named && address is null && name.IndexOf('.') < 0;
            if (address is null)
            {
                if (!CamAddress.TryParse(name, out address, out var error))
                    throw new ItemNotFoundException($"'{Redactor.RedactUrl(name)}' is neither a connected camera, a registered name nor a camera address ({error}).");
            }
            var atAddress = sessions.FindByAddress(address!);
            if (atAddress is not null && atAddress.State == CamSessionState.Connected) return new[] { With(atAddress) };

            // A named object (CSV row with Name and Address, deserialized session) keeps its name.
            var transient = new CamSession(named && !WildcardPattern.ContainsWildcardCharacters(name) ? name : address!.ToString(), address!, credential)
            {
                ExpectedCameraId = target.ExpectedCameraId,
                TriedAsHostName = triedAsHostName,
            };
            return new[] { transient };
        }
    }

    /// <summary>A -Camera value that cannot be used, with its own ErrorId (InvalidArgument). The message never holds a secret.</summary>
    internal sealed class CamTargetException : ArgumentException
    {
        public CamTargetException(string errorId, string message)
            : base(message)
        {
            ErrorId = errorId;
        }

        public string ErrorId { get; }
    }
}
