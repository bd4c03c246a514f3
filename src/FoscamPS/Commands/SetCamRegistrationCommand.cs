using System;
using System.Management.Automation;
using FoscamPS.Fleet.Store;

namespace FoscamPS.Commands
{
    /// <summary>Set-CamRegistration: changes a registration (address, credential, tags, name) and keeps the stored credential bound to it.</summary>
    [Cmdlet(VerbsCommon.Set, "CamRegistration", DefaultParameterSetName = "Keep", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = CamHelp.Base + "Set-CamRegistration.md")]
    [OutputType(typeof(CamRegistryEntry))]
    public sealed class SetCamRegistrationCommand : CamRegistryCmdlet
    {
        /// <summary>Registered name to change.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.RegistrationNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary>New name.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? NewName { get; set; }

        /// <summary>New address (the stored credential is re-bound to it).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Address { get; set; }

        /// <summary>New credential, kept in the encrypted store.</summary>
        [Parameter(ParameterSetName = "Store")]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>Take the credential from this SecretManagement secret instead.</summary>
        [Parameter(Mandatory = true, ParameterSetName = "Vault")]
        [ValidateNotNullOrEmpty]
        public string? VaultSecret { get; set; }

        /// <summary>Vault of -VaultSecret.</summary>
        [Parameter(ParameterSetName = "Vault")]
        [ValidateNotNullOrEmpty]
        public string? Vault { get; set; }

        /// <summary>Take the credential from this Azure Automation credential asset instead.</summary>
        [Parameter(Mandatory = true, ParameterSetName = "Automation")]
        [ValidateNotNullOrEmpty]
        public string? AutomationCredential { get; set; }

        /// <summary>Forget the credential (remove it from the store).</summary>
        [Parameter(Mandatory = true, ParameterSetName = "Clear")]
        public SwitchParameter ClearCredential { get; set; }

        /// <summary>Replace the tags.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completers.TagCompleter))]
        public string[]? Tag { get; set; }

        /// <summary>New description.</summary>
        [Parameter]
        public string? Description { get; set; }

        /// <summary>Camera id expected at the address (12 hex digits); empty string forgets it so the next contact learns it again.</summary>
        [Parameter]
        [AllowEmptyString]
        [ValidatePattern("^([0-9A-Fa-f]{12})?$")]
        public string? ExpectedCameraId { get; set; }

        /// <summary>Write the changed registration.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            string? address = Address is null ? null : NormalizeAddress(Address);
            if (NewName is not null && CamRegistryEntry.ValidateName(NewName) is { } problem) ThrowArgumentError("InvalidName", $"-NewName: {problem}", NewName);
            if (!ShouldProcess(Name, "Change camera registration")) return;
            Try(Name, () =>
            {
                var current = Registry.Get(Name) ?? throw new CamStoreException(CamStoreErrorId.CameraNotRegistered, CamStoreErrorKind.NotFound,
                    $"No camera is registered as '{Name}'.", "List registrations with Get-CamRegistration, or add one with Register-Cam.");
                var name = current.Name;
                var finalAddress = address ?? current.Address;
                using (var store = Registrations.OpenStore())
                {
                    if (Credential is not null) store.Set(name, finalAddress, Credential.UserName, Credential.Password);
                    else if (address is not null && store.Contains(name)) store.Rebind(name, finalAddress);
                    if (ClearCredential || VaultSecret is not null || AutomationCredential is not null) store.Remove(name);
                }
                var updated = Registry.Update(name, e =>
                {
                    if (address is not null)
                    {
                        e.Address = address;
                        // Another address may be another camera: learn the id again unless one is given.
                        if (ExpectedCameraId is null) e.ExpectedCameraId = null;
                    }
                    if (Credential is not null) { e.CredentialRef = CamCredentialRef.Store; e.UserName = Credential.UserName; }
                    if (VaultSecret is not null) e.CredentialRef = CamCredentialRef.FromVault(VaultSecret, Vault);
                    if (AutomationCredential is not null) e.CredentialRef = CamCredentialRef.FromAutomation(AutomationCredential);
                    if (ClearCredential) { e.CredentialRef = CamCredentialRef.None; e.UserName = null; }
                    if (Tag is not null) e.Tags = Tag;
                    if (Description is not null) e.Description = Description;
                    if (ExpectedCameraId is not null) e.ExpectedCameraId = ExpectedCameraId.Length == 0 ? null : CamRegistryEntry.NormalizeCameraId(ExpectedCameraId);
                });
                if (NewName is not null && !string.Equals(NewName, name, StringComparison.Ordinal))
                {
                    using (var store = Registrations.OpenStore())
                    {
                        if (store.Contains(name)) store.Rename(name, NewName);
                    }
                    updated = Registry.Rename(name, NewName);
                }
                if (PassThru) WriteObject(updated);
            });
        }
    }
}
