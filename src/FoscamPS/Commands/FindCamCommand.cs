using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Find-Cam: the cameras' UDP LAN search (MO_I, port 10000). Broadcasts (or sends to -Address) the search request,
    /// collects answers for -TimeoutSec, one object per camera id, written as they arrive. Read-only.
    /// </summary>
    [Cmdlet(VerbsCommon.Find, "Cam", HelpUri = CamHelp.Base + "Find-Cam.md")]
    [OutputType(typeof(CamDiscoveryResult))]
    public sealed class FindCamCommand : CamCmdlet
    {
        /// <summary>Where the search goes: the limited broadcast address by default, or a directed broadcast or a camera's IPv4 address.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[] Address { get; set; } = { IPAddress.Broadcast.ToString() };

        /// <summary>UDP port the cameras listen on.</summary>
        [Parameter]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = DiscoveryPacket.DefaultPort;

        /// <summary>Seconds to collect answers.</summary>
        [Parameter]
        [ValidateRange(1, 300)]
        public int TimeoutSec { get; set; } = 3;

        /// <summary>How often the search is repeated while waiting (UDP may lose a datagram).</summary>
        private static readonly TimeSpan ResendInterval = TimeSpan.FromSeconds(1);

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        protected override void ProcessRecord()
        {
            var targets = new List<IPEndPoint>();
            foreach (var text in Address)
            {
                var t = (text ?? string.Empty).Trim();
                if (t.Split('.').Length != 4 || !IPAddress.TryParse(t, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork)
                {
                    ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException($"-Address: '{CamText.Sanitize(t)}' is not an IPv4 address such as 192.0.2.255 (the LAN search is IPv4 only)."),
                        "InvalidDiscoveryAddress", ErrorCategory.InvalidArgument, text));
                }
                targets.Add(new IPEndPoint(IPAddress.Parse(t), Port));
            }

            // SO_BROADCAST always: a directed broadcast of any subnet size needs it, a unicast does not mind.
            using var client = new DiscoveryClient(broadcast: true);
            var found = new Dictionary<string, CamDiscoveryResult>(StringComparer.OrdinalIgnoreCase);
            int duplicates = 0;
            string where = string.Join(", ", targets.Select(e => e.ToString()));
            WriteVerbose($"Searching for cameras: MO_I search to {where} from {client.LocalEndPoint}, answers collected for {TimeoutSec} s.");

            var start = DateTime.UtcNow;
            var deadline = start.AddSeconds(TimeoutSec);
            var nextSend = start;
            var nextProgress = start;
            var sendFailed = new HashSet<IPEndPoint>();
            const int activityId = 0x46430; // "FC"
            const string activity = "Find-Cam: searching the LAN";

            void Tick()
            {
                var now = DateTime.UtcNow;
                if (now >= nextSend)
                {
                    nextSend = now + ResendInterval;
                    foreach (var target in targets)
                    {
                        if (sendFailed.Contains(target)) continue;
                        try
                        {
                            client.SendSearch(new[] { target });
                        }
                        catch (SocketException e)
                        {
                            sendFailed.Add(target);
                            WriteError(new ErrorRecord(
                                new InvalidOperationException($"The search could not be sent to {target}: {e.SocketErrorCode}."),
                                "DiscoverySendFailed", ErrorCategory.ConnectionError, target.ToString()));
                        }
                    }
                    if (sendFailed.Count == targets.Count) _stop.Cancel();
                }
                if (now >= nextProgress)
                {
                    nextProgress = now.AddMilliseconds(250);
                    var elapsed = (now - start).TotalSeconds;
                    int percent = (int)Math.Min(100, Math.Max(0, elapsed * 100 / TimeoutSec));
                    var left = Math.Max(0, (int)Math.Ceiling(TimeoutSec - elapsed));
                    WriteProgress(new ProgressRecord(activityId, activity,
                        string.Format(CultureInfo.InvariantCulture, "{0} camera(s) found", found.Count))
                    { PercentComplete = percent, SecondsRemaining = left });
                }
            }

            void OnAnswer(DiscoveryAnswer answer)
            {
                var info = answer.Info;
                var key = info.Id.Length > 0 ? info.Id : "@" + answer.Source;
                if (found.TryGetValue(key, out var first))
                {
                    duplicates++;
                    if (!string.Equals(first.Address, answer.Source.Address.ToString(), StringComparison.Ordinal))
                        WriteVerbose($"Camera {first.CameraId} also answered from {answer.Source.Address} (kept {first.Address}).");
                    return;
                }
                var result = ToResult(answer, DateTime.UtcNow);
                found.Add(key, result);
                WriteVerbose($"Camera {result.CameraId} '{result.Alias}' answered from {answer.Source}: http port {result.Port}, reports {result.ReportedAddress}{(result.AddressMismatch ? " (not the address it answered from)" : "")}.");
                WriteObject(result);
            }

            try
            {
                client.Collect(deadline, _stop.Token, OnAnswer, Tick);
            }
            finally
            {
                WriteProgress(new ProgressRecord(activityId, activity, "done") { RecordType = ProgressRecordType.Completed });
            }

            WriteVerbose(string.Format(CultureInfo.InvariantCulture,
                "Search ended: {0} camera(s), {1} datagram(s) received, {2} duplicate answer(s), {3} ignored datagram(s) that were not well-formed search responses.",
                found.Count, client.Received, duplicates, client.Ignored));
        }

        protected override void StopProcessing() => _stop.Cancel();

        /// <summary>The output object for one answer (camera text sanitised by <see cref="CamTextObject"/>).</summary>
        internal static CamDiscoveryResult ToResult(DiscoveryAnswer answer, DateTime foundAtUtc)
        {
            var info = answer.Info;
            return new CamDiscoveryResult
            {
                Name = CamDiscoveryResult.RegistryName(info.Name, info.Id),
                Address = answer.Source.Address.ToString(),
                Port = info.HttpPort,
                CameraId = info.Id,
                Alias = info.Name,
                ReportedAddress = info.Address.ToString(),
                Mask = info.Mask.ToString(),
                Gateway = info.Gateway.ToString(),
                Dns = info.Dns.ToString(),
                SystemVersion = info.SystemVersion,
                WebUiVersion = info.AppVersion,
                Dhcp = info.Dhcp,
                FoundAt = foundAtUtc,
            };
        }
    }
}
