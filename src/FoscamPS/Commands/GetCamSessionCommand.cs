using System;
using System.Linq;
using System.Management.Automation;
using FoscamPS.Fleet;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamSession: the live sessions of this runspace.</summary>
    [Cmdlet(VerbsCommon.Get, "CamSession", HelpUri = CamHelp.Base + "Get-CamSession.md")]
    [OutputType(typeof(CamSession))]
    public sealed class GetCamSessionCommand : CamCmdlet
    {
        /// <summary>Session names (wildcards).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.SessionNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Only sessions carrying any of these tags.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.TagCompleter))]
        public string[]? Tag { get; set; }

        protected override void ProcessRecord()
        {
            var patterns = (Name ?? new[] { "*" }).Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
            var found = Sessions.Find(s =>
                patterns.Any(p => p.IsMatch(s.Name)) &&
                (Tag is null || s.Tags.Any(t => Tag.Contains(t, StringComparer.OrdinalIgnoreCase))));
            if (found.Count == 0 && Name is not null)
            {
                foreach (var n in Name.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)))
                    WriteError(new ErrorRecord(new ItemNotFoundException($"No session named '{n}' in this runspace."), "SessionNotFound", ErrorCategory.ObjectNotFound, n));
            }
            WriteObject(found, enumerateCollection: true);
        }
    }
}
