using System;
using System.Management.Automation;
using System.Threading;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Base of the setters whose -WhatIf shows the planned change read from each camera (the settings Set- cmdlets and
    /// Add-/Set-/Remove-CamUser): with -WhatIf and -Camera, every camera is read with its group's read CGI (a read
    /// changes nothing), the derived cmdlet describes the change against what it read, and nothing else is sent.
    /// </summary>
    public abstract class CamPlannedSetCmdlet : CamFleetCmdlet
    {
        private bool _whatIfShown;

        protected override bool ChangesState => true;

        /// <summary>True when this run is -WhatIf (the switch, or $WhatIfPreference).</summary>
        internal bool IsWhatIf
            => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) ? w is SwitchParameter sw && sw.IsPresent
               : GetVariableValue("WhatIfPreference") is { } pref && LanguagePrimitives.IsTrue(pref);

        /// <summary>
        /// -WhatIf with -Camera: reads each camera with <paramref name="readCgi"/> and shows
        /// <paramref name="describe"/>'s text for it (or <paramref name="unknown"/>'s, given why the camera could not be
        /// read). Returns true when it did (the record is done; nothing is queued).
        /// </summary>
        internal bool ExplainWhatIf(CgiDefinition readCgi, Func<CamSession, CamVars, string> describe, Func<string, string> unknown)
        {
            if (!IsWhatIf || Camera is not { Length: > 0 }) return false;
            _whatIfShown = true;
            foreach (var target in Camera)
            {
                foreach (var session in ResolveTarget(target))
                {
                    var label = session.Name == session.Address.ToString() ? session.Name : $"{session.Name} ({session.Address})";
                    string action;
                    try
                    {
                        action = describe(session, ReadForPlan(session, readCgi));
                    }
                    catch (Exception ex) when (ex is CamException || ex is ObjectDisposedException || ex is InvalidOperationException)
                    {
                        action = unknown(CamText.Sanitize(Redactor.RedactText(ex.Message, session.Credential)) ?? "");
                    }
                    ShouldProcessOrExplain(label, action);
                }
            }
            return true;
        }

        /// <summary>One read for the plan; as for real runs, no credential goes to an address that no longer answers as the expected camera.</summary>
        private CamVars ReadForPlan(CamSession session, CgiDefinition readCgi)
        {
            session.EnsureIdentityAsync(CancellationToken.None).GetAwaiter().GetResult();
            var request = readCgi.CreateRequest();
            request.Timeout = TimeSpan.FromSeconds(TimeoutSec);
            WriteVerbose($"{session.Name}: GET {session.Transport.GetRedactedUrl(request)}");
            return session.Transport.SendAsync(request, CancellationToken.None).GetAwaiter().GetResult().Vars;
        }

        protected override void EndProcessing()
        {
            if (_whatIfShown) return;
            base.EndProcessing();
        }
    }
}
