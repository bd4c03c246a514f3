using System;
using System.Collections.Generic;

namespace FoscamPS.Emulator.Media;

/// <summary>
/// A tiny built-in 5×7 bitmap font for the test card (our own glyphs, no font files or packages).
/// Each glyph is 7 rows of 5 columns; row strings use '#' for an inked pixel. Lower-case letters are drawn
/// with the upper-case glyphs; characters without a glyph are drawn as '?'.
/// </summary>
internal static class BitmapFont
{
    public const int GlyphWidth = 5;
    public const int GlyphHeight = 7;

    /// <summary>Horizontal advance per character in font pixels (glyph plus one column of spacing).</summary>
    public const int Advance = GlyphWidth + 1;

    // One row per glyph: the character, then its 7 rows separated by spaces.
    private static readonly string[] Source =
    {
        "  ..... ..... ..... ..... ..... ..... .....",
        "0 .###. #...# #..## #.#.# ##..# #...# .###.",
        "1 ..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.",
        "2 .###. #...# ....# ...#. ..#.. .#... #####",
        "3 ##### ...#. ..#.. ...#. ....# #...# .###.",
        "4 ...#. ..##. .#.#. #..#. ##### ...#. ...#.",
        "5 ##### #.... ####. ....# ....# #...# .###.",
        "6 ..##. .#... #.... ####. #...# #...# .###.",
        "7 ##### ....# ...#. ..#.. .#... .#... .#...",
        "8 .###. #...# #...# .###. #...# #...# .###.",
        "9 .###. #...# #...# .#### ....# ...#. .##..",
        "A .###. #...# #...# ##### #...# #...# #...#",
        "B ####. #...# #...# ####. #...# #...# ####.",
        "C .###. #...# #.... #.... #.... #...# .###.",
        "D ###.. #..#. #...# #...# #...# #..#. ###..",
        "E ##### #.... #.... ####. #.... #.... #####",
        "F ##### #.... #.... ####. #.... #.... #....",
        "G .###. #...# #.... #.### #...# #...# .####",
        "H #...# #...# #...# ##### #...# #...# #...#",
        "I .###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.",
        "J ..### ...#. ...#. ...#. ...#. #..#. .##..",
        "K #...# #..#. #.#.. ##... #.#.. #..#. #...#",
        "L #.... #.... #.... #.... #.... #.... #####",
        "M #...# ##.## #.#.# #.#.# #...# #...# #...#",
        "N #...# #...# ##..# #.#.# #..## #...# #...#",
        "O .###. #...# #...# #...# #...# #...# .###.",
        "P ####. #...# #...# ####. #.... #.... #....",
        "Q .###. #...# #...# #...# #.#.# #..#. .##.#",
        "R ####. #...# #...# ####. #.#.. #..#. #...#",
        "S .#### #.... #.... .###. ....# ....# ####.",
        "T ##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..",
        "U #...# #...# #...# #...# #...# #...# .###.",
        "V #...# #...# #...# #...# #...# .#.#. ..#..",
        "W #...# #...# #...# #.#.# #.#.# #.#.# .#.#.",
        "X #...# #...# .#.#. ..#.. .#.#. #...# #...#",
        "Y #...# #...# .#.#. ..#.. ..#.. ..#.. ..#..",
        "Z ##### ....# ...#. ..#.. .#... #.... #####",
        ": ..... .##.. .##.. ..... .##.. .##.. .....",
        "- ..... ..... ..... ##### ..... ..... .....",
        ". ..... ..... ..... ..... ..... .##.. .##..",
        "/ ..... ....# ...#. ..#.. .#... #.... .....",
        "_ ..... ..... ..... ..... ..... ..... #####",
        "( ...#. ..#.. .#... .#... .#... ..#.. ...#.",
        ") .#... ..#.. ...#. ...#. ...#. ..#.. .#...",
        "+ ..... ..#.. ..#.. ##### ..#.. ..#.. .....",
        ", ..... ..... ..... ..... .##.. ..#.. .#...",
        "' .##.. ..#.. .#... ..... ..... ..... .....",
        "\" .#.#. .#.#. .#.#. ..... ..... ..... .....",
        "! ..#.. ..#.. ..#.. ..#.. ..#.. ..... ..#..",
        "? .###. #...# ....# ...#. ..#.. ..... ..#..",
        "= ..... ..... ##### ..... ##### ..... .....",
        "# .#.#. .#.#. ##### .#.#. ##### .#.#. .#.#.",
        "@ .###. #...# #.### #.#.# #.### #.... .####",
        "& .##.. #..#. #.#.. .#... #.#.# #..#. .##.#",
        "* ..... ..#.. #.#.# .###. #.#.# ..#.. .....",
        "% ##... ##..# ...#. ..#.. .#... #..## ...##",
        "< ...#. ..#.. .#... #.... .#... ..#.. ...#.",
        "> .#... ..#.. ...#. ....# ...#. ..#.. .#...",
        "[ .###. .#... .#... .#... .#... .#... .###.",
        "] .###. ...#. ...#. ...#. ...#. ...#. .###.",
        "| ..#.. ..#.. ..#.. ..#.. ..#.. ..#.. ..#..",
    };

    // Glyph rows as bit masks: bit 4 is the leftmost column.
    private static readonly Dictionary<char, byte[]> Glyphs = Build();

    private static Dictionary<char, byte[]> Build()
    {
        var glyphs = new Dictionary<char, byte[]>();
        foreach (string line in Source)
        {
            char c = line[0];
            string[] rows = line.Substring(2).Split(' ');
            if (rows.Length != GlyphHeight)
            {
                throw new InvalidOperationException($"Glyph '{c}' has {rows.Length} rows.");
            }

            var bits = new byte[GlyphHeight];
            for (int r = 0; r < GlyphHeight; r++)
            {
                if (rows[r].Length != GlyphWidth)
                {
                    throw new InvalidOperationException($"Glyph '{c}' row {r} has {rows[r].Length} columns.");
                }

                for (int x = 0; x < GlyphWidth; x++)
                {
                    if (rows[r][x] == '#')
                    {
                        bits[r] |= (byte)(1 << (GlyphWidth - 1 - x));
                    }
                }
            }

            glyphs[c] = bits;
        }

        return glyphs;
    }

    /// <summary>Row bit masks for a character (bit 4 = leftmost column).</summary>
    public static byte[] GetGlyph(char c)
    {
        if (c >= 'a' && c <= 'z')
        {
            c = (char)(c - 'a' + 'A');
        }

        return Glyphs.TryGetValue(c, out byte[]? bits) ? bits : Glyphs['?'];
    }

    /// <summary>Whether the font has a dedicated glyph for the character (after case folding).</summary>
    public static bool HasGlyph(char c)
    {
        if (c >= 'a' && c <= 'z')
        {
            c = (char)(c - 'a' + 'A');
        }

        return Glyphs.ContainsKey(c);
    }
}
