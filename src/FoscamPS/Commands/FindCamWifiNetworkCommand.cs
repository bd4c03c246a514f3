using System;
using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Find-CamWifiNetwork: asks each camera to scan for Wi-Fi networks (wifi_scan.cgi, a side effect never retried),
    /// waits for the scan, then reads get_wifi_scan_result.cgi as typed networks. -NoScan only reads the last result.
    /// </summary>
    [Cmdlet(VerbsCommon.Find, "CamWifiNetwork", HelpUri = CamHelp.Base + "Find-CamWifiNetwork.md")]
    [OutputType(typeof(CamWifiNetwork))]
    public sealed class FindCamWifiNetworkCommand : CamFleetCmdlet
    {
        /// <summary>Read the result of the camera's last scan without starting a new one.</summary>
        [Parameter]
        public SwitchParameter NoScan { get; set; }

        /// <summary>Longest wait, in seconds, for a scan to report networks (default 10).</summary>
        [Parameter]
        [ValidateRange(1, 300)]
        public int ScanTimeoutSec { get; set; } = 10;

        /// <summary>Only networks whose SSID matches (wildcards).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Ssid { get; set; }

        private WildcardPattern[]? _ssid;

        /// <summary>Poll interval while a scan runs.</summary>
        internal static TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

        protected override CgiSafety Safety => NoScan ? CgiSafety.ReadOnly : CgiSafety.SideEffect;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Ssid is not null)
            {
                _ssid = new WildcardPattern[Ssid.Length];
                for (var i = 0; i < Ssid.Length; i++) _ssid[i] = new WildcardPattern(Ssid[i], WildcardOptions.IgnoreCase);
            }
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var result = CgiCatalogue.Get("get_wifi_scan_result.cgi");
            if (NoScan)
            {
                var last = await SendAsync(session, context, result).ConfigureAwait(false);
                EmitNetworks(session, context, last.Vars);
                return;
            }

            await SendAsync(session, context, CgiCatalogue.Get("wifi_scan.cgi")).ConfigureAwait(false);
            context.Verbose($"{session.Name}: Wi-Fi scan started; waiting up to {ScanTimeoutSec} s for its result.");
            var deadline = DateTimeOffset.UtcNow.AddSeconds(ScanTimeoutSec);
            while (true)
            {
                await Task.Delay(PollInterval, context.CancellationToken).ConfigureAwait(false);
                CamReply reply;
                try
                {
                    reply = await SendAsync(session, context, result).ConfigureAwait(false);
                }
                catch (Exception ex) when (FleetEngine.IsTransient(ex) && DateTimeOffset.UtcNow < deadline)
                {
                    // The scan itself is never repeated; reading its result again is harmless.
                    continue;
                }
                if ((reply.Vars.GetInt32("ap_number") ?? 0) > 0 || DateTimeOffset.UtcNow >= deadline)
                {
                    if ((reply.Vars.GetInt32("ap_number") ?? 0) == 0) context.Verbose($"{session.Name}: the scan found no network within {ScanTimeoutSec} s.");
                    EmitNetworks(session, context, reply.Vars);
                    return;
                }
            }
        }

        private void EmitNetworks(CamSession session, FleetContext context, CamVars vars)
        {
            foreach (var network in CamWifiNetwork.Parse(session, vars))
            {
                if (_ssid is not null && Array.TrueForAll(_ssid, p => !p.IsMatch(network.Ssid))) continue;
                context.Emit(network);
            }
        }
    }
}
