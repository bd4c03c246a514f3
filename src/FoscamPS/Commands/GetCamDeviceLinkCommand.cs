using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamDeviceLink: the multi-device entries dev2..dev9 (other cameras shown in this one's web page; their logins are secrets).</summary>
    [Cmdlet(VerbsCommon.Get, "CamDeviceLink", HelpUri = CamHelp.Base + "Get-CamDeviceLink.md")]
    [OutputType(typeof(CamDeviceLink))]
    public sealed class GetCamDeviceLinkCommand : CamGroupGetCmdlet
    {
        /// <summary>Only these entries (2–9).</summary>
        [Parameter(Position = 1)]
        [ValidateRange(2, 9)]
        public int[]? Index { get; set; }

        /// <summary>Also write unused entries.</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        /// <summary>Include the other cameras' logins (in the Account PSCredential).</summary>
        [Parameter]
        public SwitchParameter IncludeSecret { get; set; }

        protected override bool Reveal => IncludeSecret;

        internal override CamGroupCodec Codec => CamGroupCodecs.DeviceLink(2);

        internal override IEnumerable<CamSettingsObject> Select(CamSession session, CamVars vars)
        {
            for (var i = 2; i <= 9; i++)
            {
                if (Index is not null && !Index.Contains(i)) continue;
                var link = (CamDeviceLink)CamGroupCodecs.DeviceLink(i).Parse(session, vars);
                if (link.IsUsed || All || Index is not null) yield return link;
            }
        }
    }
}
