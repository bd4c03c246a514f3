using System.IO;
using System.Management.Automation;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Base of camera cmdlets that write files (snapshots, backups): -Path (a folder, resolved on the pipeline
    /// thread against the current location) and -Force, and ShouldProcess per camera for the local write.
    /// </summary>
    public abstract class CamFileOutputCmdlet : CamFleetCmdlet
    {
        /// <summary>Folder for the files (default: the current folder). Created if missing.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Overwrite an existing file of the same name.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>The resolved output folder.</summary>
        internal string OutputDirectory { get; private set; } = "";

        protected override bool AsksShouldProcess => true;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            OutputDirectory = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path ?? SessionState.Path.CurrentFileSystemLocation.ProviderPath);
            if (File.Exists(OutputDirectory))
                ThrowArgumentError("PathIsFile", $"-Path must be a folder; '{OutputDirectory}' is a file.", Path);
        }
    }
}
