using System.Linq;
using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamCredentialStore: where the credential store lives, how it is protected and which registrations have a credential. Needs no key.</summary>
    [Cmdlet(VerbsCommon.Get, "CamCredentialStore", HelpUri = CamHelp.Base + "Get-CamCredentialStore.md")]
    [OutputType(typeof(CamCredentialStoreInfo))]
    public sealed class GetCamCredentialStoreCommand : CamRegistryCmdlet
    {
        protected override void EndProcessing()
        {
            Try(null, () => WriteObject(Describe()));
        }

        /// <summary>Describes the store without needing its key.</summary>
        internal static CamCredentialStoreInfo Describe()
        {
            using var store = Registrations.OpenStore();
            var records = store.List();
            return new CamCredentialStoreInfo
            {
                Directory = store.Location.Directory,
                Path = store.FilePath,
                IsPersistent = store.IsPersistent,
                Protection = (store.StoredProtection ?? store.KeyProvider.Protection).ToString(),
                Unlocked = StoreUnlock.Provider is not null,
                CredentialCount = records.Count,
                RecordIds = records.Select(r => r.RecordId).ToArray(),
                Warning = store.Location.Warning,
            };
        }
    }
}
