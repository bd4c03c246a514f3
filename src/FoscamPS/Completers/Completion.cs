using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace FoscamPS.Completers
{
    /// <summary>Shared rules of the FoscamPS argument completers: offline (no request to a camera), wildcard-aware, quoted when needed.</summary>
    internal static class Completion
    {
        private static readonly char[] NeedsQuotes = { ' ', '\t', '$', '\'', '"', '`', '(', ')', '{', '}', ';', ',', '|', '&', '@', '#', '<', '>', '[', ']' };

        /// <summary>The word without its opening/closing quote.</summary>
        public static string Unquote(string? word)
        {
            var w = word ?? string.Empty;
            if (w.Length > 0 && (w[0] == '\'' || w[0] == '"'))
            {
                var q = w[0];
                w = w.Substring(1);
                if (w.Length > 0 && w[w.Length - 1] == q) w = w.Substring(0, w.Length - 1);
                if (q == '\'') w = w.Replace("''", "'");
            }
            return w;
        }

        /// <summary>The pattern a typed word selects: the word itself when it has wildcards, else the word as a prefix.</summary>
        public static WildcardPattern PatternFor(string? word)
        {
            var w = Unquote(word);
            string text = w.IndexOfAny(new[] { '*', '?' }) >= 0 ? w : WildcardPattern.Escape(w) + "*";
            var pattern = new WildcardPattern(text, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            try
            {
                pattern.IsMatch(string.Empty);
                return pattern;
            }
            catch (WildcardPatternException)
            {
                return new WildcardPattern(WildcardPattern.Escape(w) + "*", WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            }
        }

        /// <summary>The text to insert: single-quoted (with ' doubled) when PowerShell would otherwise split or expand it.</summary>
        public static string Quote(string value)
            => value.Length == 0 || value.IndexOfAny(NeedsQuotes) >= 0 || value[0] == '-'
                ? "'" + value.Replace("'", "''") + "'"
                : value;

        public static CompletionResult Result(string value, string? toolTip = null)
            => new CompletionResult(Quote(value), value, CompletionResultType.ParameterValue, string.IsNullOrEmpty(toolTip) ? value : toolTip);

        /// <summary>Values (first wins on duplicates, case-insensitive) matching the word, sorted, as results.</summary>
        public static IEnumerable<CompletionResult> Complete(string? word, IEnumerable<(string Value, string? ToolTip)> candidates)
        {
            var pattern = PatternFor(word);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var list = new List<(string Value, string? ToolTip)>();
            foreach (var c in candidates)
            {
                if (string.IsNullOrEmpty(c.Value) || !seen.Add(c.Value)) continue;
                if (pattern.IsMatch(c.Value)) list.Add(c);
            }
            return list.OrderBy(c => c.Value, StringComparer.OrdinalIgnoreCase).Select(c => Result(c.Value, c.ToolTip)).ToArray();
        }

        /// <summary>String values of a parameter the user already typed (fakeBoundParameters), or empty.</summary>
        public static string[] BoundStrings(IDictionary? fakeBoundParameters, string name)
        {
            if (fakeBoundParameters is null || !fakeBoundParameters.Contains(name)) return Array.Empty<string>();
            var value = fakeBoundParameters[name];
            if (value is PSObject pso) value = pso.BaseObject;
            if (value is string s) return new[] { s };
            if (value is IEnumerable e) return e.Cast<object?>().Select(o => (o is PSObject p ? p.BaseObject : o)?.ToString()).Where(x => !string.IsNullOrEmpty(x)).Select(x => x!).ToArray();
            return value is null ? Array.Empty<string>() : new[] { value.ToString() ?? string.Empty };
        }

        /// <summary>Runs a source that may fail (unreadable registry…) as an empty list: completion never throws.</summary>
        public static IEnumerable<T> Safely<T>(Func<IEnumerable<T>> source)
        {
            try
            {
                return source().ToArray();
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                return Array.Empty<T>();
            }
        }
    }
}
