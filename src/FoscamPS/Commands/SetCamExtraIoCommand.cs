using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamExtraIo: sets the eight extra IO lines of the PCA8574 extension (set_extra_io.cgi).</summary>
    [Cmdlet(VerbsCommon.Set, "CamExtraIo", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Value", HelpUri = CamHelp.Base + "Set-CamExtraIo.md")]
    [OutputType(typeof(CamControlAction))]
    public sealed class SetCamExtraIoCommand : CamFleetCmdlet
    {
        /// <summary>All eight levels at once: bit n = io n (1 high, 0 low), 0–255.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = "Value")]
        [ValidateRange(0, 255)]
        public int Value { get; set; }

        /// <summary>The lines (0–7) to drive high; all others go low.</summary>
        [Parameter(Mandatory = true, ParameterSetName = "HighLine")]
        [AllowEmptyCollection]
        [ValidateRange(0, 7)]
        public int[] HighLine { get; set; } = System.Array.Empty<int>();

        /// <summary>Write what was sent.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override bool ChangesState => true;

        protected override FoscamPS.Protocol.CgiSafety Safety => FoscamPS.Protocol.CgiSafety.SideEffect;

        private int Bits
        {
            get
            {
                if (ParameterSetName == "Value") return Value;
                int v = 0;
                foreach (var line in HighLine) v |= 1 << line;
                return v;
            }
        }

        protected override string ShouldProcessAction => $"Set the extra IO lines to {Bits} (binary {System.Convert.ToString(Bits, 2).PadLeft(8, '0')})";

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var value = Bits;
            var cgi = CgiCatalogue.Get("set_extra_io.cgi");
            await SendAsync(session, context, cgi, new[] { new KeyValuePair<string, string>("value", value.ToString(CultureInfo.InvariantCulture)) }).ConfigureAwait(false);
            if (PassThru) context.Emit(new CamControlAction { Camera = session, Action = "Set extra IO", Cgi = cgi.Name, Value = value });
        }
    }
}
