using System.Management.Automation;
using System.Security;
using FoscamPS.Fleet.Store;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Unlock-CamCredentialStore: gives this runspace the passphrase of a passphrase-protected credential store. The
    /// passphrase is checked against the store and kept only in this runspace until Lock-CamCredentialStore.
    /// </summary>
    [Cmdlet(VerbsCommon.Unlock, "CamCredentialStore", HelpUri = CamHelp.Base + "Unlock-CamCredentialStore.md")]
    public sealed class UnlockCamCredentialStoreCommand : CamRegistryCmdlet
    {
        /// <summary>The store's passphrase (e.g. (Get-AutomationPSCredential 'foscamps-store').Password in a runbook).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public SecureString? Passphrase { get; set; }

        protected override void EndProcessing()
        {
            Try(null, () =>
            {
                var provider = new PassphraseMasterKeyProvider(Passphrase!);
                using (var store = new CamCredentialStore(Registrations.Location, provider))
                {
                    if (store.StoredProtection is { } p && p != CamKeyProtection.Passphrase)
                    {
                        provider.Dispose();
                        throw new CamStoreException(CamStoreErrorId.StoreProtectionMismatch, CamStoreErrorKind.Unsupported,
                            $"The credential store is protected by {p}, not by a passphrase: there is nothing to unlock.",
                            "Use Set-CamCredentialStore -Protection Passphrase to protect it with a passphrase.");
                    }
                    // Prove the passphrase before keeping it: reading any record authenticates the key.
                    foreach (var record in store.List())
                    {
                        store.TryGet(record.RecordId, record.Address, out _);
                        break;
                    }
                }
                StoreUnlock.Set(provider);
                WriteVerbose("The credential store is unlocked for this runspace.");
            });
        }
    }
}
