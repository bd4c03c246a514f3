using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using FoscamPS.Fleet;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Maps each runspace to its own <see cref="SessionRegistry"/>. The table is keyed weakly by the runspace
    /// object, so two runspaces (ForEach-Object -Parallel, thread jobs, Automation jobs in one sandbox) never
    /// see each other's cameras, and a closed runspace's sessions go with it.
    /// </summary>
    internal static class RunspaceSessions
    {
        private static readonly ConditionalWeakTable<Runspace, SessionRegistry> Table = new ConditionalWeakTable<Runspace, SessionRegistry>();
        private static readonly SessionRegistry NoRunspace = new SessionRegistry();

        public static SessionRegistry Current
        {
            get
            {
                var rs = Runspace.DefaultRunspace;
                return rs is null ? NoRunspace : Table.GetValue(rs, _ => new SessionRegistry());
            }
        }
    }
}
