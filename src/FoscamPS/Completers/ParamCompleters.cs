using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using FoscamPS.Model;

namespace FoscamPS.Completers
{
    /// <summary>
    /// The get_params.cgi fields of FI8918W firmware 11.37.2.x in reply order and their groups, from the field table
    /// (<see cref="CamFieldTable"/>). Offline data for completion and for naming the valid values in errors; a test
    /// proves it equals what the emulator's get_params prints.
    /// </summary>
    internal static class ParamNames
    {
        public static IReadOnlyList<string> Fields { get; } = CamFieldTable.OfCgi("get_params.cgi").Select(f => f.Name).ToArray();

        /// <summary>Groups in table order, then Other.</summary>
        public static IReadOnlyList<string> Groups { get; } =
            Fields.Select(CamFieldTable.GroupOfParam).Concat(new[] { "Other" }).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

        public static string GroupOf(string field) => CamFieldTable.GroupOfParam(field);

        public static bool IsSecret(string field) => CamFieldTable.FindParam(field) is { } f ? f.Secrecy != CamFieldSecrecy.None : CamFieldTable.LooksSecret(field);
    }

    /// <summary>Completes Get-CamParam -Group with the settings groups.</summary>
    public sealed class ParamGroupCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
            => Completion.Complete(wordToComplete, ParamNames.Groups.Select(g => (g, (string?)$"{g}: {FieldsOf(g)}")));

        private static string FieldsOf(string group)
        {
            var fields = ParamNames.Fields.Where(f => string.Equals(ParamNames.GroupOf(f), group, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (fields.Length == 0) return "fields the spec does not list";
            return fields.Length <= 6 ? string.Join(", ", fields) : string.Join(", ", fields.Take(5)) + $" … ({fields.Length} fields)";
        }
    }

    /// <summary>Completes Get-CamParam -Name with the get_params fields, only those of the -Group already typed.</summary>
    public sealed class ParamNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var groups = Completion.BoundStrings(fakeBoundParameters, "Group").Select(g => new WildcardPattern(g, WildcardOptions.IgnoreCase)).ToArray();
            var fields = ParamNames.Fields.Where(f => groups.Length == 0 || groups.Any(g => SafeMatch(g, ParamNames.GroupOf(f))));
            return Completion.Complete(wordToComplete, fields.Select(f => (f, (string?)$"{f} ({ParamNames.GroupOf(f)}{(ParamNames.IsSecret(f) ? ", secret" : "")})")));
        }

        private static bool SafeMatch(WildcardPattern p, string s)
        {
            try { return p.IsMatch(s); }
            catch (WildcardPatternException) { return true; }
        }
    }
}
