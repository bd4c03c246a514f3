using System.Linq;
using System.Management.Automation;
using FoscamPS.Fleet.Store;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamRegistration: registered cameras by name (wildcards) and tag. Shows no secret.</summary>
    [Cmdlet(VerbsCommon.Get, "CamRegistration", HelpUri = CamHelp.Base + "Get-CamRegistration.md")]
    [OutputType(typeof(CamRegistryEntry))]
    public sealed class GetCamRegistrationCommand : CamRegistryCmdlet
    {
        /// <summary>Registered names (wildcards).</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.RegistrationNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Only registrations carrying every one of these tags (wildcards).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.TagCompleter))]
        public string[]? Tag { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var pattern in Name ?? new[] { "*" })
            {
                Try(pattern, () =>
                {
                    var found = Registry.Find(pattern, Tag);
                    if (found.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
                    {
                        WriteError(new ErrorRecord(new ItemNotFoundException($"No camera is registered as '{pattern}'."),
                            CamStoreErrorId.CameraNotRegistered, ErrorCategory.ObjectNotFound, pattern));
                        return;
                    }
                    WriteObject(found.OrderBy(e => e.Name, System.StringComparer.OrdinalIgnoreCase), enumerateCollection: true);
                });
            }
        }
    }
}
