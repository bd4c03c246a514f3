using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Start-CamAlarmListener: opens a local HTTP listener for the cameras' alarm_http_url callbacks and returns it at
    /// once (like Start-Job); Receive-CamAlarm takes the callbacks as objects, Stop-CamAlarmListener closes the port.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "CamAlarmListener", HelpUri = CamHelp.Base + "Start-CamAlarmListener.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(CamAlarmListener))]
    public sealed class StartCamAlarmListenerCommand : CamCmdlet
    {
        private readonly Dictionary<string, ICamera> _cameras = new Dictionary<string, ICamera>(StringComparer.OrdinalIgnoreCase);

        /// <summary>TCP port to listen on (0 = any free port, shown in the result).</summary>
        [Parameter(Position = 0)]
        [ValidateRange(0, 65535)]
        public int Port { get; set; }

        /// <summary>Local IP address to listen on (default: every interface).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ListenAddress { get; set; } = "0.0.0.0";

        /// <summary>Cameras whose callbacks are named after them (matched by IP address).</summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.CameraCompleter))]
        [ValidateNotNullOrEmpty]
        public CamTarget[]? Camera { get; set; }

        /// <summary>Name of the listener (default: alarm-PORT).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        protected override void BeginProcessing()
        {
            if (!IPAddress.TryParse(ListenAddress, out _))
                ThrowArgumentError("InvalidListenAddress", $"-ListenAddress must be an IP address of this computer (for example 0.0.0.0 or 127.0.0.1); '{ListenAddress}' is not.", ListenAddress);
        }

        protected override void ProcessRecord()
        {
            if (Camera is null) return;
            foreach (var target in Camera)
            {
                IReadOnlyList<CamSession> sessions;
                try
                {
                    sessions = TargetResolver.Resolve(target, Sessions, null, this);
                }
                catch (Exception ex) when (ex is CamException || ex is ArgumentException || ex is ItemNotFoundException || ex is InvalidOperationException || ex is Fleet.Store.CamStoreException)
                {
                    WriteError(new ErrorRecord(ex, ex is ItemNotFoundException ? "CameraNotFound" : "InvalidCameraTarget", ex is ItemNotFoundException ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidArgument, target));
                    continue;
                }
                foreach (var s in sessions)
                {
                    if (IPAddress.TryParse(s.Address.Host.Trim('[', ']'), out var ip))
                        _cameras[ip.ToString()] = s;
                    else
                        WriteWarning($"Camera {s.Name}: its address {s.Address.Host} is a host name; its callbacks are shown by IP address.");
                }
            }
        }

        protected override void EndProcessing()
        {
            var address = IPAddress.Parse(ListenAddress);
            var name = Name ?? (Port == 0 ? "alarm-listener" : $"alarm-{Port}");
            if (!ShouldProcessOrExplain($"{ListenAddress}:{Port}", "Listen for camera alarm callbacks")) return;
            try
            {
                var listener = new CamAlarmListener(name, address, Port, _cameras);
                WriteVerbose($"Listening on {listener.Address}:{listener.Port}; set each camera's alarm_http_url to http://<this computer>:{listener.Port}/alarm");
                WriteObject(listener);
            }
            catch (SocketException ex)
            {
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException($"Cannot listen on {ListenAddress}:{Port}: {ex.Message}", ex),
                    "ListenerStartFailed", ErrorCategory.ResourceUnavailable, $"{ListenAddress}:{Port}"));
            }
        }
    }
}
