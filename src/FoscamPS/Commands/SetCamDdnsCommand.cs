using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamDdns: changes the dynamic DNS settings (set_ddns.cgi, whole group with the proxy fields), verified by reading them back.</summary>
    [Cmdlet(VerbsCommon.Set, "CamDdns", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Set-CamDdns.md")]
    [OutputType(typeof(CamDdnsSettings))]
    public sealed class SetCamDdnsCommand : CamDdnsSetCmdlet
    {
        internal override CamGroupCodec CreateCodec() => CamGroupCodecs.Ddns;
    }
}
