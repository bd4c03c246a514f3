using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Fleet
{
    /// <summary>State of a session.</summary>
    public enum CamSessionState
    {
        /// <summary>Made for one command from an address or registration; not kept.</summary>
        Transient,
        Connected,
        Disconnected,
    }

    /// <summary>
    /// One camera: its address, what it told us about itself, the credential and the negotiated transport.
    /// Secrets are kept internal; nothing public exposes the credential.
    /// </summary>
    public sealed class CamSession : CamTextObject, ICamera, IDisposable
    {
        private static readonly TimeSpan IdentityTtl = TimeSpan.FromMinutes(5);
        private readonly object _gate = new object();
        private CamTransport? _transport;
        private DateTimeOffset _identityCheckedAt = DateTimeOffset.MinValue;

        internal CamSession(string name, CamAddress address, NetworkCredential? credential, CamTransportOptions? options = null)
        {
            Name = name;
            Address = address;
            Credential = credential;
            TransportOptions = options ?? new CamTransportOptions();
            Id = Guid.NewGuid();
        }

        /// <summary>Unique id of this session object.</summary>
        public Guid Id { get; }
        /// <summary>Session name: the registration name, the -Name given to Connect-Cam, or host:port.</summary>
        public string Name { get; internal set; }
        public CamAddress Address { get; private set; }
        public string HostName => Address.Host;
        public int Port => Address.Port;
        /// <summary>Camera id (MAC, 12 hex digits) learnt on first contact.</summary>
        private string? _cameraId, _alias;
        public string? CameraId { get => _cameraId; internal set => _cameraId = SetText(nameof(CameraId), value); }
        /// <summary>The camera's alias, control characters shown visibly; <c>GetRawText('Alias')</c> gives it as sent.</summary>
        public string? Alias { get => _alias; internal set => _alias = SetText(nameof(Alias), value); }
        public Version? SystemVersion { get; internal set; }
        public Version? WebUiVersion { get; internal set; }
        public CamFirmwareFamily FirmwareFamily =>
            SystemVersion is null ? CamFirmwareFamily.Unknown
            : SystemVersion >= new Version(11, 37, 2, 56) || AuthScheme == CamAuthScheme.Digest ? CamFirmwareFamily.Digest
            : CamFirmwareFamily.Legacy;
        /// <summary>Model family inferred from the firmware (11.x = FI8908W/FI8918W MJPEG family).</summary>
        public string? Model => SystemVersion is null ? null : SystemVersion.Major == 11 ? "FI89xxW (MJPEG)" : $"Netwave {SystemVersion.Major}.x";
        public string? UserName => Credential?.UserName;
        /// <summary>Privilege of the user, as check_user.cgi reports it.</summary>
        public CamPrivilege Privilege { get; internal set; }
        public CamAuthScheme AuthScheme => _transport?.NegotiatedScheme ?? CamAuthScheme.None;
        public string[] Tags { get; internal set; } = Array.Empty<string>();
        /// <summary>Name of the registry entry this session came from, if any.</summary>
        public string? RegistrationName { get; internal set; }
        public CamSessionState State { get; internal set; } = CamSessionState.Transient;
        public DateTimeOffset? ConnectedAt { get; internal set; }

        internal NetworkCredential? Credential { get; }
        internal CamTransportOptions TransportOptions { get; }

        /// <summary>Camera id the registry or an earlier contact expects at this address.</summary>
        internal string? ExpectedCameraId { get; set; }

        /// <summary>
        /// The user gave a name that no connected session and no registration has, so it is being tried as a host name
        /// (transient sessions only): when DNS then fails, the error says so, since a mistyped camera name is the likelier cause.
        /// </summary>
        internal bool TriedAsHostName { get; set; }

        internal CamTransport Transport
        {
            get
            {
                lock (_gate)
                {
                    if (State == CamSessionState.Disconnected)
                        throw new ObjectDisposedException(nameof(CamSession), $"The session '{Name}' was disconnected.");
                    return _transport ??= new CamTransport(Address, Credential, TransportOptions);
                }
            }
        }

        /// <summary>A copy of this session with another credential (for -Credential overriding a session's).</summary>
        internal CamSession WithCredential(NetworkCredential credential)
            => new CamSession(Name, Address, credential, TransportOptions)
            {
                CameraId = CameraId,
                ExpectedCameraId = ExpectedCameraId ?? CameraId,
                Alias = Alias,
                SystemVersion = SystemVersion,
                WebUiVersion = WebUiVersion,
                Tags = Tags,
                RegistrationName = RegistrationName,
            };

        /// <summary>
        /// Confirms, without sending any credential, that the address still answers as the expected camera:
        /// legacy firmware answers get_status anonymously; Digest firmware names its MAC in the challenge realm.
        /// Cached for a few minutes per session.
        /// </summary>
        internal Task EnsureIdentityAsync(CancellationToken cancellationToken) => EnsureIdentityAsync(null, cancellationToken);

        /// <summary>As <see cref="EnsureIdentityAsync(CancellationToken)"/>, the probe bounded by <paramref name="timeout"/> (the cmdlet's -TimeoutSec).</summary>
        internal async Task EnsureIdentityAsync(TimeSpan? timeout, CancellationToken cancellationToken)
        {
            var expected = ExpectedCameraId ?? CameraId;
            if (expected is null || DateTimeOffset.UtcNow - _identityCheckedAt < IdentityTtl) return;
            var actual = await ProbeIdentityAsync(Address, TransportOptions, cancellationToken, timeout).ConfigureAwait(false);
            if (actual is not null && !string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
                throw new CamIdentityMismatchException(
                    $"Camera {Name} ({Address}) answered as camera id {actual}, not {expected}; no credential was sent.", expected, actual, Name);
            _identityCheckedAt = DateTimeOffset.UtcNow;
        }

        /// <summary>Asks the camera its id without credentials; null when it cannot be told that way.</summary>
        internal static async Task<string?> ProbeIdentityAsync(CamAddress address, CamTransportOptions options, CancellationToken cancellationToken, TimeSpan? timeout = null)
        {
            using var anonymous = new CamTransport(address, null, options);
            try
            {
                var request = CgiCatalogue.GetStatus.CreateRequest();
                request.Timeout = timeout;
                var reply = await anonymous.SendAsync(request, cancellationToken).ConfigureAwait(false);
                return reply.Vars.GetString("id");
            }
            catch (CamAuthenticationException ex)
            {
                return CameraIdFromRealm(ex.Realm);
            }
        }

        /// <summary>Digest firmware uses realm "ipcamera_&lt;MAC&gt;".</summary>
        internal static string? CameraIdFromRealm(string? realm)
        {
            const string prefix = "ipcamera_";
            if (realm is null || !realm.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return null;
            var id = realm.Substring(prefix.Length);
            return id.Length == 12 ? id : null;
        }

        /// <summary>
        /// The camera now answers at <paramref name="address"/> (Set-CamNetwork changed it and it was found there as
        /// itself): later requests go there; the old transport is closed.
        /// </summary>
        internal void MoveTo(CamAddress address)
        {
            lock (_gate)
            {
                if (Address.Equals(address)) return;
                if (Name == Address.ToString()) Name = address.ToString();
                Address = address;
                _transport?.Dispose();
                _transport = null;
                _identityCheckedAt = DateTimeOffset.UtcNow;
            }
        }

        internal void MarkIdentityVerified() => _identityCheckedAt = DateTimeOffset.UtcNow;

        public override string ToString() => Name;

        public void Dispose()
        {
            lock (_gate)
            {
                State = CamSessionState.Disconnected;
                _transport?.Dispose();
                _transport = null;
            }
        }
    }
}
