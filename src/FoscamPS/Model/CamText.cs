using System;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace FoscamPS.Model
{
    /// <summary>
    /// Text that comes from a camera (alias, SSIDs, DDNS host, log entries, user names, unknown fields) made harmless
    /// for the console: control characters and escape sequences are shown visibly instead of acting on the terminal.
    /// C0 controls become their Unicode "control picture" (ESC → ␛, CR → ␍, LF → ␊, NUL → ␀, DEL → ␡); C1 controls,
    /// bidirectional overrides/isolates, line/paragraph separators, zero-width and BOM characters and lone surrogates
    /// become <c>\uXXXX</c>. Printable text (including non-ASCII letters) is unchanged.
    /// </summary>
    public static class CamText
    {
        /// <summary>The value with every unsafe character made visible; null stays null.</summary>
        public static string? Sanitize(string? raw)
        {
            if (raw is null) return null;
            int first = IndexOfUnsafe(raw);
            if (first < 0) return raw;
            var sb = new StringBuilder(raw.Length + 8);
            sb.Append(raw, 0, first);
            for (int i = first; i < raw.Length; i++)
            {
                char c = raw[i];
                if (char.IsHighSurrogate(c) && i + 1 < raw.Length && char.IsLowSurrogate(raw[i + 1]))
                {
                    sb.Append(c).Append(raw[i + 1]);
                    i++;
                    continue;
                }
                if (!IsUnsafe(c, raw, i)) sb.Append(c);
                else sb.Append(Visible(c));
            }
            return sb.ToString();
        }

        /// <summary>True when <paramref name="text"/> has nothing to sanitise.</summary>
        public static bool IsSafe(string? text) => text is null || IndexOfUnsafe(text) < 0;

        /// <summary>Index of the first unsafe character, or -1.</summary>
        public static int IndexOfUnsafe(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }
                if (IsUnsafe(c, text, i)) return i;
            }
            return -1;
        }

        /// <summary>How an unsafe character is shown.</summary>
        public static string Visible(char c)
        {
            if (c < 0x20) return ((char)(0x2400 + c)).ToString();
            if (c == 0x7f) return "\u2421";
            return "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// Checks text that will be SENT to a camera: no control or invisible formatting characters and at most
        /// <paramref name="maxUtf8Bytes"/> UTF-8 bytes (the spec's limits count bytes). Null when acceptable,
        /// otherwise the problem in words.
        /// </summary>
        public static string? CheckInput(string? text, int maxUtf8Bytes)
        {
            if (text is null) return null;
            int bad = IndexOfUnsafe(text);
            if (bad >= 0)
                return $"it contains the control or invisible character {Visible(text[bad])} at position {bad + 1}; cameras show such characters to other clients as terminal escapes or garbage";
            int bytes;
            try
            {
                bytes = StrictUtf8.GetByteCount(text);
            }
            catch (EncoderFallbackException)
            {
                return "it is not valid Unicode text";
            }
            if (maxUtf8Bytes >= 0 && bytes > maxUtf8Bytes)
                return $"it is {bytes} bytes in UTF-8 and the camera accepts at most {maxUtf8Bytes} bytes (non-ASCII characters take 2 to 4 bytes each)";
            return null;
        }

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        private static bool IsUnsafe(char c, string s, int i)
        {
            if (c < 0x20 || c == 0x7f) return true;                 // C0 (ESC, CR, LF, BEL, NUL...) and DEL
            if (c < 0x80) return false;
            if (c >= 0x80 && c <= 0x9f) return true;                 // C1 (CSI 0x9B, OSC 0x9D...)
            switch (c)
            {
                case '\u00ad':                                       // soft hyphen (invisible)
                case '\u061c':                                       // Arabic letter mark
                case '\u180e':
                case '\u2028': case '\u2029':                        // line / paragraph separator
                case '\ufeff':                                       // BOM / zero-width no-break space
                case '\ufff9': case '\ufffa': case '\ufffb':         // interlinear annotation
                    return true;
            }
            if (c >= '\u200b' && c <= '\u200f') return true;         // zero-width, LRM/RLM
            if (c >= '\u202a' && c <= '\u202e') return true;         // bidi embeddings/overrides
            if (c >= '\u2060' && c <= '\u206f') return true;         // word joiner, bidi isolates, invisible operators
            if (char.IsSurrogate(c)) return true;                    // lone surrogate (pairs are skipped by callers)
            return false;
        }
    }

    /// <summary>
    /// Base of output objects that carry camera text: properties show the sanitised value (<see cref="CamText"/>);
    /// the value exactly as the camera sent it stays available to scripts through <see cref="GetRawText"/>.
    /// Derive an output class from it and assign camera text through <see cref="SetText"/>.
    /// </summary>
    public abstract class CamTextObject
    {
        private Dictionary<string, string>? _raw;

        /// <summary>
        /// The value of <paramref name="propertyName"/> exactly as the camera sent it (control characters and all).
        /// Equals the property's value when nothing had to be sanitised; null for unknown properties.
        /// </summary>
        public string? GetRawText(string propertyName)
        {
            if (propertyName is null) throw new ArgumentNullException(nameof(propertyName));
            if (_raw != null && _raw.TryGetValue(propertyName, out var raw)) return raw;
            var property = GetType().GetProperty(propertyName, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            return property?.GetValue(this, null) as string;
        }

        /// <summary>Names of the properties whose shown value differs from what the camera sent.</summary>
        public IReadOnlyCollection<string> GetSanitizedPropertyNames() =>
            _raw is null ? (IReadOnlyCollection<string>)Array.Empty<string>() : _raw.Keys;

        /// <summary>Sanitises <paramref name="raw"/> for <paramref name="propertyName"/>, keeping the raw value when it changed.</summary>
        protected internal string? SetText(string propertyName, string? raw)
        {
            string? shown = CamText.Sanitize(raw);
            if (!ReferenceEquals(shown, raw) && raw != null)
            {
                _raw ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                _raw[propertyName] = raw;
            }
            else
            {
                _raw?.Remove(propertyName);
            }
            return shown;
        }
    }
}
