using System.Management.Automation;

namespace FoscamPS.Commands
{
    /// <summary>Lock-CamCredentialStore: forgets this runspace's store passphrase (Unlock-CamCredentialStore).</summary>
    [Cmdlet(VerbsCommon.Lock, "CamCredentialStore", HelpUri = CamHelp.Base + "Lock-CamCredentialStore.md")]
    public sealed class LockCamCredentialStoreCommand : CamCmdlet
    {
        protected override void EndProcessing()
        {
            WriteVerbose(StoreUnlock.Clear() ? "The credential store passphrase was forgotten." : "The credential store was not unlocked in this runspace.");
        }
    }
}
