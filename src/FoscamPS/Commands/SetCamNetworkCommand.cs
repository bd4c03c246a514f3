using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Set-CamNetwork: changes the address, mask, gateway, DNS, port or DHCP vendor id (set_network.cgi; the camera
    /// restarts). When the address the session uses changes, the session and its registration follow the camera, or
    /// the error AddressNotFollowed says clearly that they could not.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CamNetwork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = CamHelp.Base + "Set-CamNetwork.md")]
    [OutputType(typeof(CamNetworkSettings))]
    public sealed class SetCamNetworkCommand : CamGroupSetCmdlet
    {
        /// <summary>The fixed IPv4 address (blank, or -Dhcp: get the address by DHCP).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? IpAddress { get; set; }

        /// <summary>Subnet mask.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? SubnetMask { get; set; }

        /// <summary>Gateway.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? Gateway { get; set; }

        /// <summary>DNS server.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? DnsServer { get; set; }

        /// <summary>HTTP port.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int Port { get; set; }

        /// <summary>DHCP vendor class id.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? DhcpVendor { get; set; }

        /// <summary>Get the address by DHCP (the same as -IpAddress '').</summary>
        [Parameter]
        public SwitchParameter Dhcp { get; set; }

        /// <summary>Seconds to wait for the camera to answer again after its restart.</summary>
        [Parameter]
        [ValidateRange(5, 3600)]
        public int WaitTimeoutSec { get; set; } = 90;

        internal override CamGroupCodec CreateCodec() => CamGroupCodecs.Network;

        internal override bool WriteRestartsCamera => true;

        internal override TimeSpan RestartTimeout => TimeSpan.FromSeconds(WaitTimeoutSec);

        internal override IEnumerable<KeyValuePair<string, object?>> ExtraOverlay()
        {
            if (Dhcp) yield return new KeyValuePair<string, object?>("IpAddress", "");
        }

        internal override IEnumerable<string> Validate(CamOverlay overlay)
        {
            if (Dhcp && MyInvocation.BoundParameters.TryGetValue(nameof(IpAddress), out var ip) && !string.IsNullOrEmpty(ip as string))
                yield return "-Dhcp and -IpAddress: give one of them (-Dhcp is the same as -IpAddress '').";
            foreach (var name in new[] { nameof(IpAddress), nameof(SubnetMask), nameof(Gateway), nameof(DnsServer) })
            {
                if (overlay.Values.TryGetValue(name, out var v) && v is string text && text.Length > 0 && !IsIPv4(text))
                    yield return $"-{name}: '{text}' is not an IPv4 address such as 192.0.2.10 (the camera takes dotted IPv4 only).";
            }
        }

        internal static bool IsIPv4(string text)
            => text.Split('.').Length == 4 && IPAddress.TryParse(text, out var a) && a.AddressFamily == AddressFamily.InterNetwork;

        /// <summary>
        /// Where the session must go: the new ip when the session reaches the camera at its old ip, the new port when it
        /// reaches it at its old port; otherwise (NAT, port forwarding, a host name) the session's address stays.
        /// </summary>
        internal override CamAddress? AddressAfter(CamSession session, FleetContext context, CamSettingsObject before, CamSettingsObject after)
            => NewAddress(session.Address, (CamNetworkSettings)before, (CamNetworkSettings)after, m => context.Warning($"Camera {session.Name}: {m}"));

        internal static CamAddress? NewAddress(CamAddress address, CamNetworkSettings before, CamNetworkSettings after, Action<string>? warn)
        {
            var oldIp = before.GetRawText(nameof(CamNetworkSettings.IpAddress)) ?? "";
            var newIp = after.GetRawText(nameof(CamNetworkSettings.IpAddress)) ?? "";
            var host = address.Host;
            var port = address.Port;
            var reachedByIp = oldIp.Length > 0 && string.Equals(host, oldIp, StringComparison.OrdinalIgnoreCase);
            if (reachedByIp && newIp != oldIp)
            {
                if (newIp.Length == 0)
                    warn?.Invoke($"it will get its address by DHCP; the session keeps {address}, which may no longer reach it (find its new address with a LAN search).");
                else
                    host = newIp;
            }
            if (after.Port != before.Port && port == before.Port) port = after.Port;
            if (host == address.Host && port == address.Port) return null;
            return CamAddress.Parse(host + ":" + port.ToString(CultureInfo.InvariantCulture));
        }
    }
}
