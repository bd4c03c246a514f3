using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using FoscamPS.Commands;
using FoscamPS.Fleet;

namespace FoscamPS.Completers
{
    /// <summary>
    /// Completes -Camera: the live sessions of this runspace, then the registered names. Offline; wildcard-aware
    /// (<c>lob*2</c>); names that need it are quoted. Declared once on the base class parameter, so every camera cmdlet has it.
    /// </summary>
    public sealed class CameraCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var sessions = Completion.Safely(() => RunspaceSessions.Current.All
                .Where(s => s.State == CamSessionState.Connected)
                .Select(s => (s.Name, (string?)$"{s.Name} — connected session, {s.Address}{(s.Alias is null ? "" : ", alias " + s.Alias)}")));
            var registered = Completion.Safely(() => Registrations.OpenRegistry().Find("*")
                .Select(e => (e.Name, (string?)$"{e.Name} — registered, {e.Address}{(e.Tags.Count == 0 ? "" : ", tags " + e.Tags)}")));
            return Completion.Complete(wordToComplete, sessions.Concat(registered));
        }
    }

    /// <summary>Completes registered camera names only (Connect-Cam -Name, the registry cmdlets).</summary>
    public sealed class RegistrationNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
            => Completion.Complete(wordToComplete, Completion.Safely(() => Registrations.OpenRegistry().Find("*")
                .Select(e => (e.Name, (string?)$"{e.Name} — {e.Address}"))));
    }

    /// <summary>Completes session names of this runspace only (Get-CamSession, Disconnect-Cam).</summary>
    public sealed class SessionNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
            => Completion.Complete(wordToComplete, Completion.Safely(() => RunspaceSessions.Current.All
                .Select(s => (s.Name, (string?)$"{s.Name} — {s.State}, {s.Address}"))));
    }

    /// <summary>Completes -Tag: tags of the registered cameras and of this runspace's sessions.</summary>
    public sealed class TagCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var registered = Completion.Safely(() => Registrations.OpenRegistry().Find("*").SelectMany(e => e.Tags).Select(t => (t, (string?)null)));
            var live = Completion.Safely(() => RunspaceSessions.Current.All.SelectMany(s => s.Tags).Select(t => (t, (string?)null)));
            return Completion.Complete(wordToComplete, registered.Concat(live));
        }
    }

    /// <summary>
    /// Completes PTZ preset numbers 1–16 (decoder_control: set preset n = 30 + 2(n−1), go to preset n = 31 + 2(n−1)).
    /// Use on an int parameter: <c>[ArgumentCompleter(typeof(PresetCompleter))]</c>.
    /// </summary>
    public sealed class PresetCompleter : IArgumentCompleter
    {
        public const int MaxPreset = 16;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var w = Completion.Unquote(wordToComplete);
            return Enumerable.Range(1, MaxPreset)
                .Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Where(n => n.StartsWith(w, System.StringComparison.Ordinal))
                .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, $"Preset {n} (the camera's web page shows 1–8; the CGI takes 1–{MaxPreset})"))
                .ToArray();
        }
    }
}
