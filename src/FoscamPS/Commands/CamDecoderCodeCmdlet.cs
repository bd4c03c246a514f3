using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Base of the cmdlets that send one decoder_control.cgi code with an immediate effect (IR LEDs, IO output):
    /// a side effect, never retried; -PassThru writes what was sent. A derived cmdlet names its code and its action.
    /// </summary>
    public abstract class CamDecoderCodeCmdlet : CamFleetCmdlet
    {
        /// <summary>Write what was sent.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override bool ChangesState => true;

        protected override FoscamPS.Protocol.CgiSafety Safety => FoscamPS.Protocol.CgiSafety.SideEffect;

        /// <summary>The decoder_control command code to send.</summary>
        internal abstract int DecoderCommand { get; }

        /// <summary>What the code does, for ShouldProcess and the -PassThru object ("IR LEDs On").</summary>
        internal abstract string ActionText { get; }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var command = DecoderCommand;
            var action = ActionText;
            var cgi = CgiCatalogue.Get("decoder_control.cgi");
            await SendAsync(session, context, cgi, new[] { new KeyValuePair<string, string>("command", command.ToString(CultureInfo.InvariantCulture)) }).ConfigureAwait(false);
            if (PassThru) context.Emit(new CamControlAction { Camera = session, Action = action, Cgi = cgi.Name, Value = command });
        }
    }
}
