using System;
using System.Collections.Generic;
using System.Linq;

namespace FoscamPS.Fleet
{
    /// <summary>
    /// The live sessions of one runspace. Thread-safe. One instance per runspace (see
    /// <c>FoscamPS.Commands.RunspaceSessions</c>); never process-wide.
    /// </summary>
    public sealed class SessionRegistry
    {
        private readonly object _gate = new object();
        private readonly List<CamSession> _sessions = new List<CamSession>();

        /// <summary>Adds a session, replacing (and disposing) a live session of the same name.</summary>
        public void Add(CamSession session)
        {
            CamSession? replaced = null;
            lock (_gate)
            {
                var i = _sessions.FindIndex(s => string.Equals(s.Name, session.Name, StringComparison.OrdinalIgnoreCase));
                if (i >= 0)
                {
                    replaced = _sessions[i];
                    _sessions.RemoveAt(i);
                }
                _sessions.Add(session);
            }
            if (replaced is not null && !ReferenceEquals(replaced, session)) replaced.Dispose();
        }

        public bool Remove(CamSession session)
        {
            lock (_gate) return _sessions.Remove(session);
        }

        public IReadOnlyList<CamSession> All
        {
            get { lock (_gate) return _sessions.ToArray(); }
        }

        public IReadOnlyList<CamSession> Find(Func<CamSession, bool> predicate)
        {
            lock (_gate) return _sessions.Where(predicate).ToArray();
        }

        public CamSession? FindByAddress(Protocol.CamAddress address)
        {
            lock (_gate) return _sessions.FirstOrDefault(s => s.Address.Equals(address));
        }

        public CamSession? FindById(Guid id)
        {
            lock (_gate) return _sessions.FirstOrDefault(s => s.Id == id);
        }

        public int Count
        {
            get { lock (_gate) return _sessions.Count; }
        }
    }
}
