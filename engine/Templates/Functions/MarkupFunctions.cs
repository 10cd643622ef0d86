using System.Text;

namespace CfgResults.Engine.Templates.Functions;

/// <summary>
/// XML escaping for document markup. In a markup render every `{{ value }}` is already escaped by the engine;
/// `| xml` (alias `| escape_xml`) returns text marked as escaped, so writing it does not escape it twice,
/// and it is what a template uses to build an attribute value in a variable.
/// </summary>
public static class MarkupFunctions
{
    public static TrustedMarkup Xml(object? value) => new(Escape(value switch
    {
        null => "",
        TrustedMarkup t => t.Text, // already escaped: escaping twice would show "&amp;amp;"
        string s => s,
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    }, alreadyEscaped: value is TrustedMarkup));

    public static TrustedMarkup EscapeXml(object? value) => Xml(value);

    /// <summary>
    /// Escapes `&amp; &lt; &gt; " '` and replaces the characters XML 1.0 cannot carry at all (control characters,
    /// lone surrogates) by U+FFFD, so the markup parser never fails on a value.
    /// </summary>
    public static string Escape(string text, bool alreadyEscaped = false)
    {
        if (alreadyEscaped) return text;
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? replacement = c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&apos;",
                '\t' or '\n' or '\r' => null,
                < ' ' or '\uFFFE' or '\uFFFF' => "\uFFFD",
                _ when char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) => null,
                _ when char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1]) => null,
                _ when char.IsSurrogate(c) => "\uFFFD",
                _ => null,
            };
            if (replacement is null) { sb?.Append(c); continue; }
            sb ??= new StringBuilder(text, 0, i, text.Length + 16);
            sb.Append(replacement);
        }
        return sb?.ToString() ?? text;
    }
}

/// <summary>Text that is already valid markup (escaped values, included partials): written as is.</summary>
public sealed record TrustedMarkup(string Text)
{
    public override string ToString() => Text;
}
