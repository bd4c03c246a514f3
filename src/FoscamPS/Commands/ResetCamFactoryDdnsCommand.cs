using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>Reset-CamFactoryDdns: restores the DDNS settings from the factory DDNS settings (restore_factory_ddns.cgi), then reads them back.</summary>
    [Cmdlet(VerbsCommon.Reset, "CamFactoryDdns", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = CamHelp.Base + "Reset-CamFactoryDdns.md")]
    [OutputType(typeof(CamDdnsSettings))]
    public sealed class ResetCamFactoryDdnsCommand : CamFleetCmdlet
    {
        /// <summary>Write the DDNS settings read back after the reset.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override bool ChangesState => true;

        protected override CgiSafety Safety => CgiSafety.SideEffect;

        protected override string ShouldProcessAction => "Replace the DDNS settings with the factory DDNS settings";

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var factory = CamGroupCodecs.FactoryDdns.Parse(session, (await SendAsync(session, context, CamGroupCodecs.FactoryDdns.ReadCgi).ConfigureAwait(false)).Vars);
            await SendAsync(session, context, CgiCatalogue.Get("restore_factory_ddns.cgi")).ConfigureAwait(false);
            var now = (CamDdnsSettings)CamGroupCodecs.Ddns.Parse(session, (await SendAsync(session, context, CamGroupCodecs.Ddns.ReadCgi).ConfigureAwait(false)).Vars);
            var f = (CamDdnsSettings)factory;
            if (f.Service != now.Service || f.UserName != now.UserName || f.Password != now.Password || f.HostName != now.HostName || f.ProxyServer != now.ProxyServer || f.ProxyPort != now.ProxyPort)
                throw new CamException("SettingNotApplied", CamErrorKind.Protocol, $"Camera {session.Name}: restore_factory_ddns.cgi answered 'ok.' but the DDNS settings do not match the factory DDNS settings.", "Check them with Get-CamDdns and Get-CamFactoryDdns.", session.Name);
            if (PassThru) context.Emit(now);
        }
    }
}
