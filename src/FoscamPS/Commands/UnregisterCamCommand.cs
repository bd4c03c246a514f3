using System.Management.Automation;
using FoscamPS.Fleet.Store;

namespace FoscamPS.Commands
{
    /// <summary>Unregister-Cam: removes registrations and their stored credentials.</summary>
    [Cmdlet(VerbsLifecycle.Unregister, "Cam", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Unregister-Cam.md")]
    [OutputType(typeof(CamRegistryEntry))]
    public sealed class UnregisterCamCommand : CamRegistryCmdlet
    {
        /// <summary>Registered names (wildcards).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.RegistrationNameCompleter))]
        public string[] Name { get; set; } = new string[0];

        /// <summary>Write the removed registrations.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var pattern in Name)
            {
                Try(pattern, () =>
                {
                    var found = Registry.Find(pattern);
                    if (found.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
                    {
                        WriteError(new ErrorRecord(new ItemNotFoundException($"No camera is registered as '{pattern}'."),
                            CamStoreErrorId.CameraNotRegistered, ErrorCategory.ObjectNotFound, pattern));
                        return;
                    }
                    foreach (var entry in found)
                    {
                        if (!ShouldProcess($"{entry.Name} ({entry.Address})", "Unregister camera and delete its stored credential")) continue;
                        using (var store = Registrations.OpenStore()) store.Remove(entry.Name);
                        Registry.Remove(entry.Name);
                        if (PassThru) WriteObject(entry);
                    }
                });
            }
        }
    }
}
