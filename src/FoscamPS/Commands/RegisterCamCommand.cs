using System;
using System.Management.Automation;
using FoscamPS.Fleet.Store;

namespace FoscamPS.Commands
{
    /// <summary>Register-Cam: adds a camera to the persistent registry (no secret in it) and its credential to the encrypted store or a reference.</summary>
    [Cmdlet(VerbsLifecycle.Register, "Cam", DefaultParameterSetName = StoreSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(CamRegistryEntry))]
    public sealed class RegisterCamCommand : CamRegistryCmdlet
    {
        private const string StoreSet = "Store";
        private const string VaultSet = "Vault";
        private const string AutomationSet = "Automation";

        /// <summary>Name of the camera in the registry (letters, digits, '-', '_', '.').</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        /// <summary>Address: host, host:port, IP address or http://host:port/ (no credentials in it).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Uri", "HostName")]
        [ValidateNotNullOrEmpty]
        public string Address { get; set; } = "";

        /// <summary>Credential to keep in the encrypted credential store.</summary>
        [Parameter(ParameterSetName = StoreSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>Name of a SecretManagement secret (a PSCredential) resolved at call time with Get-Secret.</summary>
        [Parameter(Mandatory = true, ParameterSetName = VaultSet)]
        [ValidateNotNullOrEmpty]
        public string? VaultSecret { get; set; }

        /// <summary>SecretManagement vault holding -VaultSecret (default: the default vault).</summary>
        [Parameter(ParameterSetName = VaultSet)]
        [ValidateNotNullOrEmpty]
        public string? Vault { get; set; }

        /// <summary>Name of an Azure Automation credential asset resolved at call time with Get-AutomationPSCredential.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AutomationSet)]
        [ValidateNotNullOrEmpty]
        public string? AutomationCredential { get; set; }

        /// <summary>Tags for grouping (Get-CamRegistration -Tag).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Tags")]
        public string[]? Tag { get; set; }

        /// <summary>Free text.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Description { get; set; }

        /// <summary>Camera id (MAC, 12 hex digits) expected at the address; learnt on first contact when omitted.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidatePattern("^[0-9A-Fa-f]{12}$")]
        public string? ExpectedCameraId { get; set; }

        /// <summary>Replace an existing registration of the same name.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var nameProblem = CamRegistryEntry.ValidateName(Name);
            if (nameProblem is not null) ThrowArgumentError("InvalidName", $"-Name: {nameProblem}", Name);
            var address = NormalizeAddress(Address);
            if (!ShouldProcess($"{Name} ({address})", Force ? "Register camera (replace existing)" : "Register camera")) return;
            Try(Name, () =>
            {
                var entry = new CamRegistryEntry(Name, address)
                {
                    Tags = Tag ?? Array.Empty<string>(),
                    Description = Description,
                    ExpectedCameraId = CamRegistryEntry.NormalizeCameraId(ExpectedCameraId),
                    UserName = Credential?.UserName,
                    CredentialRef = CredentialRefFor(Credential, VaultSecret, Vault, AutomationCredential),
                };
                // Credential first: a registration never refers to a secret that is not there.
                if (Credential is not null) StoreCredential(Name, address, Credential);
                var added = Registry.Add(entry, Force);
                if (Credential is null)
                {
                    using var store = Registrations.OpenStore();
                    store.Remove(Name);
                }
                WriteObject(added);
            });
        }
    }
}
