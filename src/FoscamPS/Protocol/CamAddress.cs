using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FoscamPS.Protocol
{
    /// <summary>
    /// Normalised camera address. Accepts <c>host</c>, <c>host:port</c>, IPv4, IPv6 (<c>[v6]:port</c> or bare
    /// <c>v6</c>), <c>http(s)://host[:port][/]</c>. User info is rejected, never kept. Default port 80 (443 for https).
    /// Equality: scheme, host (case-insensitive) and port.
    /// </summary>
    public sealed class CamAddress : IEquatable<CamAddress>
    {
        private CamAddress(string scheme, string host, int port, bool isIPv6)
        {
            Scheme = scheme;
            Host = host;
            Port = port;
            IsIPv6 = isIPv6;
            string h = isIPv6 ? "[" + host.Replace("%", "%25") + "]" : host;
            BaseUri = new Uri(scheme + "://" + h + ":" + port.ToString(CultureInfo.InvariantCulture) + "/", UriKind.Absolute);
        }

        /// <summary><c>http://host:port/</c>.</summary>
        public Uri BaseUri { get; }

        /// <summary>Host name or IP literal (IPv6 without brackets), lower-case.</summary>
        public string Host { get; }

        public int Port { get; }

        /// <summary><c>http</c> or <c>https</c>.</summary>
        public string Scheme { get; }

        internal bool IsIPv6 { get; }

        public static CamAddress Parse(string text)
        {
            if (TryParse(text, out var address, out var error)) return address;
            throw new ArgumentException(error, nameof(text));
        }

        public static bool TryParse(string text, [NotNullWhen(true)] out CamAddress? address, [NotNullWhen(false)] out string? error)
        {
            address = null;
            error = null;
            if (text is null || text.Trim().Length == 0)
            {
                error = "The camera address is empty.";
                return false;
            }

            string s = text.Trim();
            string shown = Redactor.RedactUrl(s);
            string scheme = "http";
            int defaultPort = 80;

            int sep = s.IndexOf("://", StringComparison.Ordinal);
            if (sep >= 0)
            {
                scheme = s.Substring(0, sep).ToLowerInvariant();
                if (scheme != "http" && scheme != "https")
                {
                    error = $"The camera address '{shown}' uses the scheme '{scheme}'; only http and https are supported.";
                    return false;
                }
                if (scheme == "https") defaultPort = 443;
                s = s.Substring(sep + 3);
                int end = s.IndexOfAny(new[] { '/', '?', '#' });
                if (end >= 0)
                {
                    string rest = s.Substring(end);
                    s = s.Substring(0, end);
                    if (rest != "/")
                    {
                        if (s.IndexOf('@') >= 0)
                        {
                            error = "The camera address must not contain a user name or password; use -Credential.";
                            return false;
                        }
                        error = $"The camera address '{Redactor.RedactUrl(scheme + "://" + s + rest)}' must not contain a path, query or fragment; give only the scheme, host and port.";
                        return false;
                    }
                }
            }

            if (s.IndexOf('@') >= 0)
            {
                error = "The camera address must not contain a user name or password; use -Credential.";
                return false;
            }
            if (s.IndexOfAny(new[] { '/', '?', '#', '\\', ' ', '\t' }) >= 0)
            {
                error = $"The camera address '{shown}' is not valid: expected host, host:port, [IPv6]:port or http://host:port/.";
                return false;
            }

            string host;
            string? portText = null;
            bool v6 = false;
            if (s.StartsWith("[", StringComparison.Ordinal))
            {
                int close = s.IndexOf(']');
                if (close < 0)
                {
                    error = $"The camera address '{shown}' has an unterminated IPv6 bracket.";
                    return false;
                }
                host = s.Substring(1, close - 1);
                string after = s.Substring(close + 1);
                if (after.Length > 0)
                {
                    if (after[0] != ':')
                    {
                        error = $"The camera address '{shown}' is not valid: expected ':' and a port after ']'.";
                        return false;
                    }
                    portText = after.Substring(1);
                }
                v6 = true;
            }
            else
            {
                int first = s.IndexOf(':');
                int last = s.LastIndexOf(':');
                if (first >= 0 && first != last)
                {
                    host = s; // bare IPv6 without port
                    v6 = true;
                }
                else if (first >= 0)
                {
                    host = s.Substring(0, first);
                    portText = s.Substring(first + 1);
                }
                else
                {
                    host = s;
                }
            }

            int port = defaultPort;
            if (portText != null)
            {
                if (portText.Length == 0 || portText.Length > 5 || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535)
                {
                    error = $"The port in the camera address '{shown}' must be a number from 1 to 65535.";
                    return false;
                }
            }

            if (v6)
            {
                string zone = string.Empty;
                string addrPart = host;
                int pct = host.IndexOf('%');
                if (pct >= 0)
                {
                    zone = host.Substring(pct + 1);
                    addrPart = host.Substring(0, pct);
                    if (zone.Length == 0)
                    {
                        error = $"The camera address '{shown}' has an empty IPv6 zone.";
                        return false;
                    }
                }
                if (!IPAddress.TryParse(addrPart, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
                {
                    error = $"The camera address '{shown}' is not a valid IPv6 address.";
                    return false;
                }
                var normal = new IPAddress(ip.GetAddressBytes());
                host = normal.ToString().ToLowerInvariant() + (zone.Length > 0 ? "%" + zone : string.Empty);
            }
            else
            {
                if (host.Length == 0)
                {
                    error = $"The camera address '{shown}' has no host.";
                    return false;
                }
                var kind = Uri.CheckHostName(host);
                if (kind != UriHostNameType.Dns && kind != UriHostNameType.IPv4)
                {
                    error = $"The host in the camera address '{shown}' is not a valid host name or IPv4 address.";
                    return false;
                }
                host = host.ToLowerInvariant();
            }

            try
            {
                address = new CamAddress(scheme, host, port, v6);
                return true;
            }
            catch (UriFormatException)
            {
                error = $"The camera address '{shown}' is not valid.";
                return false;
            }
        }

        /// <summary>"host:port" ("[v6]:port"), plus "https://" in front for https; never credentials.</summary>
        public override string ToString()
        {
            string hp = (IsIPv6 ? "[" + Host + "]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);
            return Scheme == "https" ? "https://" + hp : hp;
        }

        public bool Equals(CamAddress? other) =>
            other is not null
            && string.Equals(Scheme, other.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase)
            && Port == other.Port;

        public override bool Equals(object? obj) => Equals(obj as CamAddress);

        public override int GetHashCode()
        {
            unchecked
            {
                int h = StringComparer.OrdinalIgnoreCase.GetHashCode(Scheme);
                h = h * 31 + StringComparer.OrdinalIgnoreCase.GetHashCode(Host);
                return h * 31 + Port;
            }
        }

        public static bool operator ==(CamAddress? a, CamAddress? b) => a is null ? b is null : a.Equals(b);
        public static bool operator !=(CamAddress? a, CamAddress? b) => !(a == b);
    }
}
