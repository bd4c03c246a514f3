using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamIoOutput: drives the alarm IO output high (decoder_control 94) or low (95).</summary>
    [Cmdlet(VerbsCommon.Set, "CamIoOutput", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Set-CamIoOutput.md")]
    [OutputType(typeof(CamControlAction))]
    public sealed class SetCamIoOutputCommand : CamFleetCmdlet
    {
        /// <summary>High or Low.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        public CamIoLevel Level { get; set; }

        /// <summary>Write what was sent.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override bool ChangesState => true;

        protected override FoscamPS.Protocol.CgiSafety Safety => FoscamPS.Protocol.CgiSafety.SideEffect;

        protected override string ShouldProcessAction => $"Set the IO output {Level}";

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var command = Level == CamIoLevel.High ? PtzCodes.IoOutputHigh : PtzCodes.IoOutputLow;
            var cgi = CgiCatalogue.Get("decoder_control.cgi");
            await SendAsync(session, context, cgi, new[] { new KeyValuePair<string, string>("command", command.ToString(CultureInfo.InvariantCulture)) }).ConfigureAwait(false);
            if (PassThru) context.Emit(new CamControlAction { Camera = session, Action = $"IO output {Level}", Cgi = cgi.Name, Value = command });
        }
    }
}
