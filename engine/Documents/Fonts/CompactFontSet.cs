using System.Collections.Frozen;

namespace CfgResults.Engine.Documents.Fonts;

/// <summary>
/// The characters the compact fonts keep: what French documents use, and all of Windows-1252 (PDFsharp writes
/// such text with the WinAnsi encoding). Everything else (Greek, Cyrillic, arrows, most symbols) is left out,
/// which is what makes the embedded subsets small.
/// </summary>
public static class CompactFontSet
{
    static readonly (int First, int Last)[] Ranges =
    [
        (0x0020, 0x007E), // Basic Latin
        (0x00A0, 0x00FF), // Latin-1 Supplement: « » ° ç é è ê à, U+00A0 no-break space…
        (0x0100, 0x017F), // Latin Extended-A: œ Œ Ÿ…
        (0x0192, 0x0192), // ƒ (Windows-1252)
        (0x02C6, 0x02C6), // ˆ (Windows-1252)
        (0x02DC, 0x02DC), // ˜ (Windows-1252)
        (0x2000, 0x200A), // typographic spaces (thin space U+2009…)
        (0x2010, 0x2027), // ‐ ‑ ‒ – — ‘ ’ ‚ “ ” „ † ‡ • … and the range FontMetrics measures up front
        (0x202F, 0x2030), // narrow no-break space (before ; : ! ? in French), ‰
        (0x2032, 0x2033), // ′ ″
        (0x2039, 0x203A), // ‹ ›
        (0x20AC, 0x20AC), // €
        (0x2116, 0x2116), // №
        (0x2122, 0x2122), // ™
        (0x2212, 0x2212), // − minus sign
        (0x2264, 0x2265), // ≤ ≥
    ];

    static readonly FrozenSet<int> Set = Ranges.SelectMany(r => Enumerable.Range(r.First, r.Last - r.First + 1)).ToFrozenSet();

    /// <summary>The kept code points, ascending.</summary>
    public static IReadOnlyList<int> CodePoints { get; } = Set.Order().ToArray();

    public static bool Contains(int codePoint) => Set.Contains(codePoint);

    /// <summary>
    /// True when every character of <paramref name="text"/> is kept (line breaks and tabs are layout, not glyphs).
    /// A renderer can use this to fall back to the full fonts for a document that needs other characters.
    /// </summary>
    public static bool Covers(ReadOnlySpan<char> text)
    {
        // Fast path for what almost all text is (every document is scanned before layout): U+0020–U+007E and
        // U+00A0–U+017F are kept whole, no set lookup needed.
        int i = 0;
        while (i < text.Length && ((uint)(text[i] - 0x20) <= 0x7E - 0x20 || (uint)(text[i] - 0xA0) <= 0x17F - 0xA0)) i++;
        foreach (var rune in text[i..].EnumerateRunes())
            if (!Set.Contains(rune.Value) && rune.Value is not ('\n' or '\r' or '\t')) return false;
        return true;
    }
}
