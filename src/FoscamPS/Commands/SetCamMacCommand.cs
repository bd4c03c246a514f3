using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamMac: changes one camera's MAC address (set_mac.cgi) and the camera id the registry and sessions expect.</summary>
    [Cmdlet(VerbsCommon.Set, "CamMac", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = CamHelp.Base + "Set-CamMac.md")]
    [OutputType(typeof(CamMacChange))]
    public sealed class SetCamMacCommand : CamMaintenanceCmdlet
    {
        private readonly List<KeyValuePair<CamSession, object>> _targets = new List<KeyValuePair<CamSession, object>>();
        private string _mac = "";
        private SessionRegistry? _sessions;

        /// <summary>The new MAC address: 00:11:22:33:44:55, 00-11-22-33-44-55, 0011.2233.4455 or 001122334455; unicast.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [Alias("Mac")]
        [ValidateNotNullOrEmpty]
        public string MacAddress { get; set; } = "";

        protected override bool ChangesState => true;

        protected override CgiSafety Safety => CgiSafety.SideEffect;

        protected override string ShouldProcessAction => $"Change the MAC address (camera id) to {CamMac.Format(_mac)}";

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            var mac = CamMac.TryNormalize(MacAddress, out var error);
            if (mac is null) ThrowArgumentError("InvalidMacAddress", $"-MacAddress: {error}", MacAddress);
            _mac = mac!;
            _sessions = Sessions;
        }

        /// <summary>Every camera is held until the end: one MAC address belongs to one camera.</summary>
        internal override bool DeferCamera(CamSession session, object target)
        {
            _targets.Add(new KeyValuePair<CamSession, object>(session, target));
            return true;
        }

        protected override void EndProcessing()
        {
            if (_targets.Count > 1)
            {
                ThrowArgumentError("MacForOneCameraOnly",
                    $"-Camera names {_targets.Count} cameras, but a MAC address must be unique on the network: Set-CamMac changes one camera at a time. Nothing was sent.");
            }
            foreach (var t in _targets) EnqueueDeferred(t.Key, t.Value);
            base.EndProcessing();
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var before = await ReadStatusAsync(session, context).ConfigureAwait(false);
            var old = before.GetRawText(nameof(CamStatus.CameraId));
            if (string.Equals(old, _mac, StringComparison.OrdinalIgnoreCase))
            {
                context.Warning($"Camera {session.Name} already has the MAC address {CamMac.Format(_mac)}; nothing was sent.");
            }
            else
            {
                await SendAsync(session, context, CgiCatalogue.Get("set_mac.cgi"), new[] { new KeyValuePair<string, string>("mac", _mac) }).ConfigureAwait(false);
            }
            var after = await ReadStatusAsync(session, context).ConfigureAwait(false);
            var now = after.GetRawText(nameof(CamStatus.CameraId)) ?? "";
            var result = new CamMacChange { Camera = session, OldMac = old, NewMac = now };
            if (!string.Equals(now, _mac, StringComparison.OrdinalIgnoreCase))
            {
                context.Warning($"Camera {session.Name} accepted the MAC address {CamMac.Format(_mac)} but still reports {now}: it takes effect after a reboot. " +
                    "The registry still expects the old id; after the reboot update it with Set-CamRegistration.");
                context.Emit(result);
                return;
            }
            // The camera's identity changed: every record of the old id must follow, or the next command would refuse the camera as an impostor.
            session.CameraId = now;
            session.ExpectedCameraId = now;
            session.MarkIdentityVerified();
            if (_sessions is not null)
            {
                foreach (var live in _sessions.Find(s => s.Address.Equals(session.Address)))
                {
                    live.CameraId = now;
                    live.ExpectedCameraId = now;
                }
            }
            if (session.RegistrationName is { } name)
            {
                try
                {
                    Registrations.OpenRegistry().Update(name, e => e.ExpectedCameraId = now);
                    result.RegistryUpdated = true;
                    context.Verbose($"{session.Name}: the registration '{name}' now expects camera id {now}.");
                }
                catch (Fleet.Store.CamStoreException ex)
                {
                    context.Warning($"Camera {session.Name} now has the id {now}, but its registration '{name}' could not be updated ({ex.Message}); update it with Set-CamRegistration or the next command will refuse the camera.");
                }
            }
            context.Emit(result);
        }
    }
}
