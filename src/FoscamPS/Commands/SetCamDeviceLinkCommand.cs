using System.Collections.Generic;
using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamDeviceLink: changes one multi-device entry dev2..dev9 (set_devices.cgi), verified by reading it back.</summary>
    [Cmdlet(VerbsCommon.Set, "CamDeviceLink", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Set-CamDeviceLink.md")]
    [OutputType(typeof(CamDeviceLink))]
    public sealed class SetCamDeviceLinkCommand : CamGroupSetCmdlet
    {
        /// <summary>The entry to change, 2–9.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(2, 9)]
        public int Index { get; set; }

        /// <summary>Name shown for the other camera (at most 20 bytes).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ValidateCamText(20)]
        public string? Alias { get; set; }

        /// <summary>Host name or address of the other camera (at most 64 bytes).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ValidateCamText(64)]
        public string? HostName { get; set; }

        /// <summary>HTTP port of the other camera.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0, 65535)]
        public int Port { get; set; }

        /// <summary>The other camera's login (user name and password at most 12 bytes each).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public PSCredential? Account { get; set; }

        /// <summary>Empty the entry (alias, host, port and login).</summary>
        [Parameter]
        public SwitchParameter Clear { get; set; }

        internal override CamGroupCodec CreateCodec() => CamGroupCodecs.DeviceLink(Index);

        internal override IEnumerable<KeyValuePair<string, object?>> ExtraOverlay()
        {
            if (!Clear) yield break;
            yield return new KeyValuePair<string, object?>("Alias", "");
            yield return new KeyValuePair<string, object?>("HostName", "");
            yield return new KeyValuePair<string, object?>("Port", 0);
            yield return new KeyValuePair<string, object?>("Account", PSCredential.Empty);
        }
    }
}
