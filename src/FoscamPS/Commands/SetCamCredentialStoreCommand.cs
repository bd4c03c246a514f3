using System;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using FoscamPS.Fleet.Store;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>How Set-CamCredentialStore protects the master key.</summary>
    public enum CamStoreProtection
    {
        /// <summary>Windows DPAPI (current user).</summary>
        Dpapi,
        /// <summary>A 0600 key file in a 0700 folder (file permissions only).</summary>
        KeyFile,
        /// <summary>A passphrase (PBKDF2-HMAC-SHA256, 600,000 iterations).</summary>
        Passphrase,
    }

    /// <summary>
    /// Set-CamCredentialStore: changes how the credential store's master key is protected (re-encrypting every
    /// credential under a new key), or resets the store (-Reset) when its key or passphrase is lost.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CamCredentialStore", DefaultParameterSetName = "Protection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = CamHelp.Base + "Set-CamCredentialStore.md")]
    [OutputType(typeof(CamCredentialStoreInfo))]
    public sealed class SetCamCredentialStoreCommand : CamRegistryCmdlet
    {
        /// <summary>New protection of the master key.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Protection")]
        public CamStoreProtection Protection { get; set; }

        /// <summary>The new passphrase (with -Protection Passphrase). At least 12 characters.</summary>
        [Parameter(ParameterSetName = "Protection")]
        [ValidateNotNull]
        public SecureString? Passphrase { get; set; }

        /// <summary>Delete every stored credential and start a new store (registrations stay; store their credentials again).</summary>
        [Parameter(Mandatory = true, ParameterSetName = "Reset")]
        public SwitchParameter Reset { get; set; }

        /// <summary>Write the store's description afterwards.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            if (Reset)
            {
                if (!ShouldProcess(Registrations.Location.ToString(), "Delete every stored camera credential")) return;
                Try(null, () =>
                {
                    using var store = Registrations.OpenStore();
                    store.Reset();
                    StoreUnlock.Clear();
                });
            }
            else
            {
                IMasterKeyProvider provider;
                switch (Protection)
                {
                    case CamStoreProtection.Passphrase:
                        if (Passphrase is null || Passphrase.Length < 12)
                            ThrowArgumentError("PassphraseTooShort", "-Passphrase is required with -Protection Passphrase and must have at least 12 characters.");
                        provider = new PassphraseMasterKeyProvider(Passphrase!);
                        break;
                    case CamStoreProtection.Dpapi:
                        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                            ThrowArgumentError("ProtectionNotSupported", "-Protection Dpapi exists on Windows only; use KeyFile or Passphrase here.");
                        provider = new DpapiMasterKeyProvider();
                        break;
                    default:
                        var keys = Registrations.Location.KeyDirectory
                            ?? throw new PSInvalidOperationException("The credential store is in memory: there is no key file to protect it with.");
                        provider = new KeyFileMasterKeyProvider(keys);
                        break;
                }
                if (!ShouldProcess(Registrations.Location.ToString(), $"Re-encrypt the credential store under a new key protected by {provider.Description}")) return;
                Try(null, () =>
                {
                    using var store = Registrations.OpenStore();
                    store.ChangeProtection(provider);
                    if (provider is PassphraseMasterKeyProvider p) StoreUnlock.Set(p);
                    else StoreUnlock.Clear();
                });
            }
            if (PassThru) Try(null, () => WriteObject(GetCamCredentialStoreCommand.Describe()));
        }
    }
}
