using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamAlias: sets the camera's alias (set_alias.cgi) and verifies it by reading get_status.cgi back.</summary>
    [Cmdlet(VerbsCommon.Set, "CamAlias", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Set-CamAlias.md")]
    [OutputType(typeof(CamStatus))]
    public sealed class SetCamAliasCommand : CamFleetCmdlet
    {
        /// <summary>The new alias (at most 20 UTF-8 bytes, printable characters only, as the firmware allows).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ValidateCamText(20)]
        public string Alias { get; set; } = "";

        /// <summary>Write the camera's status after the change.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override bool ChangesState => true;

        protected override string ShouldProcessAction => $"Set alias to '{Alias}'";

        // -Alias binds from each piped record: capture it when the camera is queued, not when the work starts.
        protected override object? CaptureRecord() => Alias;

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var alias = (string?)Record ?? Alias;
            await SendAsync(session, context, CgiCatalogue.Get("set_alias.cgi"), new[] { new KeyValuePair<string, string>("alias", alias) }).ConfigureAwait(false);
            var reply = await SendAsync(session, context, CgiCatalogue.GetStatus).ConfigureAwait(false);
            var status = CamResults.Status(session, reply.Vars);
            if (status.Alias != alias)
                throw new CamProtocolException($"Camera {session.Name}: set_alias.cgi answered ok but the alias reads back as '{status.Alias}'.", session.Name);
            if (PassThru) context.Emit(status);
        }
    }
}
