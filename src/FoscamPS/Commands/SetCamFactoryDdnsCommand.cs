using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamFactoryDdns: changes the factory DDNS settings (set_factory_ddns.cgi), verified by reading them back.</summary>
    [Cmdlet(VerbsCommon.Set, "CamFactoryDdns", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = CamHelp.Base + "Set-CamFactoryDdns.md")]
    [OutputType(typeof(CamFactoryDdnsSettings))]
    public sealed class SetCamFactoryDdnsCommand : CamDdnsSetCmdlet
    {
        internal override CamGroupCodec CreateCodec() => CamGroupCodecs.FactoryDdns;
    }
}
