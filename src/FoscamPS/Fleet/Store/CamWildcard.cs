using System;
using System.Collections.Generic;
using System.Globalization;

namespace FoscamPS.Fleet.Store
{
    /// <summary>
    /// PowerShell-style wildcard matching without PowerShell types: <c>*</c> any run, <c>?</c> one character,
    /// <c>[abc]</c> a set, <c>[a-z]</c> a range, a backtick escapes the next character. Case-insensitive
    /// (invariant culture). Linear-time matching (no exponential backtracking).
    /// </summary>
    public static class CamWildcard
    {
        /// <summary>True when <paramref name="pattern"/> contains an unescaped <c>*</c>, <c>?</c> or <c>[</c>.</summary>
        public static bool ContainsWildcard(string? pattern)
        {
            if (string.IsNullOrEmpty(pattern)) return false;
            for (int i = 0; i < pattern!.Length; i++)
            {
                char c = pattern[i];
                if (c == '`') { i++; continue; }
                if (c == '*' || c == '?' || c == '[') return true;
            }
            return false;
        }

        /// <summary>Matches the whole of <paramref name="input"/>. Throws <see cref="ArgumentException"/> for an unterminated <c>[</c>.</summary>
        public static bool IsMatch(string input, string pattern)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            if (pattern is null) throw new ArgumentNullException(nameof(pattern));
            return Match(Compile(pattern), input);
        }

        /// <summary>Checks the syntax of <paramref name="pattern"/>; null when valid, else the problem.</summary>
        public static string? Validate(string pattern)
        {
            try
            {
                Compile(pattern);
                return null;
            }
            catch (ArgumentException e)
            {
                return e.Message;
            }
        }

        private enum Kind { Literal, Any, Star, Set }

        private sealed class Token
        {
            internal Kind Kind;
            internal char Literal;
            internal List<(char From, char To)>? Ranges;
        }

        private static List<Token> Compile(string pattern)
        {
            var tokens = new List<Token>();
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (c == '`' && i + 1 < pattern.Length)
                {
                    tokens.Add(new Token { Kind = Kind.Literal, Literal = Fold(pattern[++i]) });
                }
                else if (c == '*')
                {
                    if (tokens.Count == 0 || tokens[tokens.Count - 1].Kind != Kind.Star)
                        tokens.Add(new Token { Kind = Kind.Star });
                }
                else if (c == '?')
                {
                    tokens.Add(new Token { Kind = Kind.Any });
                }
                else if (c == '[')
                {
                    var ranges = new List<(char, char)>();
                    int j = i + 1;
                    bool closed = false;
                    while (j < pattern.Length)
                    {
                        char d = pattern[j];
                        if (d == ']' && ranges.Count > 0) { closed = true; break; }
                        if (d == '`' && j + 1 < pattern.Length) d = pattern[++j];
                        if (j + 2 < pattern.Length && pattern[j + 1] == '-' && pattern[j + 2] != ']')
                        {
                            char e = pattern[j + 2];
                            if (e == '`' && j + 3 < pattern.Length) { e = pattern[j + 3]; j++; }
                            char lo = Fold(d), hi = Fold(e);
                            if (lo > hi) { var t = lo; lo = hi; hi = t; }
                            ranges.Add((lo, hi));
                            j += 3;
                        }
                        else
                        {
                            ranges.Add((Fold(d), Fold(d)));
                            j++;
                        }
                    }
                    if (!closed)
                        throw new ArgumentException($"The wildcard pattern '{pattern}' has an unterminated '[' at position {i + 1}.", nameof(pattern));
                    tokens.Add(new Token { Kind = Kind.Set, Ranges = ranges });
                    i = j;
                }
                else
                {
                    tokens.Add(new Token { Kind = Kind.Literal, Literal = Fold(c) });
                }
            }
            return tokens;
        }

        private static char Fold(char c) => char.ToUpperInvariant(c);

        private static bool MatchOne(Token t, char c)
        {
            char f = Fold(c);
            switch (t.Kind)
            {
                case Kind.Literal: return t.Literal == f;
                case Kind.Any: return true;
                case Kind.Set:
                    foreach (var (from, to) in t.Ranges!)
                    {
                        if (f >= from && f <= to) return true;
                        // ranges are folded to upper case; also test the lower-case form for ranges like [a-z] over 'É'
                        char l = char.ToLower(c, CultureInfo.InvariantCulture);
                        if (l >= from && l <= to) return true;
                    }
                    return false;
                default: return false;
            }
        }

        // Greedy star matching with a single backtrack point: O(n·m) worst case.
        private static bool Match(List<Token> p, string s)
        {
            int pi = 0, si = 0, starP = -1, starS = 0;
            while (si < s.Length)
            {
                if (pi < p.Count && p[pi].Kind != Kind.Star && MatchOne(p[pi], s[si]))
                {
                    pi++;
                    si++;
                }
                else if (pi < p.Count && p[pi].Kind == Kind.Star)
                {
                    starP = pi++;
                    starS = si;
                }
                else if (starP >= 0)
                {
                    pi = starP + 1;
                    si = ++starS;
                }
                else
                {
                    return false;
                }
            }
            while (pi < p.Count && p[pi].Kind == Kind.Star) pi++;
            return pi == p.Count;
        }
    }
}
