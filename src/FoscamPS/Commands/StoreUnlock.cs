using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using FoscamPS.Fleet.Store;

namespace FoscamPS.Commands
{
    /// <summary>
    /// The passphrase that unlocks a passphrase-protected credential store, kept per runspace (like sessions) and
    /// only for as long as the runspace lives or until Lock-CamCredentialStore.
    /// </summary>
    internal static class StoreUnlock
    {
        private sealed class Holder
        {
            public PassphraseMasterKeyProvider? Provider;
        }

        private static readonly ConditionalWeakTable<Runspace, Holder> Table = new ConditionalWeakTable<Runspace, Holder>();

        private static Holder? Current => Runspace.DefaultRunspace is { } rs ? Table.GetValue(rs, _ => new Holder()) : null;

        /// <summary>The unlocked provider of this runspace, or null (the platform default applies).</summary>
        public static IMasterKeyProvider? Provider => Current?.Provider;

        public static void Set(PassphraseMasterKeyProvider provider)
        {
            var holder = Current;
            if (holder is null) return;
            holder.Provider?.Dispose();
            holder.Provider = provider;
        }

        public static bool Clear()
        {
            var holder = Current;
            if (holder?.Provider is null) return false;
            holder.Provider.Dispose();
            holder.Provider = null;
            return true;
        }
    }
}
