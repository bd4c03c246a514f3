using System;
using System.Linq;
using System.Management.Automation;
using FoscamPS.Fleet;

namespace FoscamPS.Commands
{
    /// <summary>Disconnect-Cam: forgets sessions of this runspace and releases their connections. Sends nothing to the camera.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Cam", DefaultParameterSetName = "Camera", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = CamHelp.Base + "Disconnect-Cam.md")]
    [OutputType(typeof(CamSession))]
    public sealed class DisconnectCamCommand : CamCmdlet
    {
        /// <summary>Sessions or session names (wildcards) to disconnect.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "Camera")]
        [Alias("Session")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.SessionNameCompleter))]
        public CamTarget[] Camera { get; set; } = Array.Empty<CamTarget>();

        /// <summary>Disconnect every session of this runspace.</summary>
        [Parameter(Mandatory = true, ParameterSetName = "All")]
        public SwitchParameter All { get; set; }

        /// <summary>Write the disconnected sessions to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (All)
            {
                foreach (var s in Sessions.All) Disconnect(s);
                return;
            }
            foreach (var target in Camera)
            {
                var matches = target.Session is not null
                    ? new[] { target.Session }
                    : Sessions.Find(s =>
                        (target.SessionId is { } id && s.Id == id) ||
                        new WildcardPattern(target.Text, WildcardOptions.IgnoreCase).IsMatch(s.Name) ||
                        (target.Address is not null && s.Address.Equals(target.Address))).ToArray();
                if (matches.Length == 0)
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"No session of this runspace matches '{target.Text}'."), "SessionNotFound", ErrorCategory.ObjectNotFound, target));
                    continue;
                }
                foreach (var s in matches) Disconnect(s);
            }
        }

        private void Disconnect(CamSession session)
        {
            if (!ShouldProcess(session.Name, "Disconnect camera session")) return;
            Sessions.Remove(session);
            session.Dispose();
            if (PassThru) WriteObject(session);
        }
    }
}
