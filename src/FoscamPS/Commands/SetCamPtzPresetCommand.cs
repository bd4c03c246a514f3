using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamPtzPreset: stores the head's current position as a preset (decoder_control 30 + 2(n−1)).</summary>
    [Cmdlet(VerbsCommon.Set, "CamPtzPreset", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Set-CamPtzPreset.md")]
    [OutputType(typeof(CamControlAction))]
    public sealed class SetCamPtzPresetCommand : CamFleetCmdlet
    {
        /// <summary>Preset number: 1–16 (1–32 with -ExternalDecoder).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateRange(1, PtzCodes.MaxPresetExternal)]
        [ArgumentCompleter(typeof(FoscamPS.Completers.PresetCompleter))]
        public int Preset { get; set; }

        /// <summary>The head is an external RS-485 decoder (presets up to 32).</summary>
        [Parameter]
        public SwitchParameter ExternalDecoder { get; set; }

        /// <summary>Write what was sent.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override bool ChangesState => true;

        protected override string ShouldProcessAction => $"Store the current position as preset {Preset}";

        protected override void BeginProcessing()
        {
            if (Preset > PtzCodes.MaxPreset && !ExternalDecoder)
                ThrowArgumentError("PtzPresetOutOfRange", $"-Preset must be 1 to {PtzCodes.MaxPreset} (1 to {PtzCodes.MaxPresetExternal} with -ExternalDecoder); got {Preset}.");
            base.BeginProcessing();
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var command = PtzCodes.SetPreset(Preset);
            var cgi = CgiCatalogue.Get("decoder_control.cgi");
            await SendAsync(session, context, cgi, new[] { new KeyValuePair<string, string>("command", command.ToString(CultureInfo.InvariantCulture)) }).ConfigureAwait(false);
            if (PassThru) context.Emit(new CamControlAction { Camera = session, Action = $"Set preset {Preset}", Cgi = cgi.Name, Value = command });
        }
    }
}
