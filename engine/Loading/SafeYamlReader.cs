using CfgResults.Engine.Definitions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CfgResults.Engine.Loading;

/// <summary>
/// Reads YAML text into a <see cref="YamlNode"/> tree from the parser's low-level events, so that
/// every node has a place. What YAML allows but a definition does not is refused here, with a place,
/// without ever building it: aliases (a YAML bomb is a few aliases walked many times: they are never
/// walked), tags (no type is ever instantiated), duplicate keys, nesting deeper than a limit.
/// Reading stops at the first node deeper than the limit: recursion stays bounded, and YamlDotNet's
/// time grows with the square of the flow nesting depth (100,000 `[` take tens of seconds), so
/// the rest of such a file is never parsed.
/// </summary>
internal sealed class SafeYamlReader(string file, int maxDepth, List<Diagnostic> diagnostics)
{
    Parser parser = null!;
    // Flow collections opened and not yet closed: where to point when the parser fails without a place.
    readonly Stack<(SourceLocation Location, char Bracket)> openFlows = new();
    bool stopped;
    SourceLocation endOfText;

    /// <summary>The root node, or null when the text is empty or is not valid YAML (already reported).</summary>
    public YamlNode? Read(string text)
    {
        parser = new Parser(new StringReader(text));
        endOfText = EndOf(text);
        try
        {
            parser.MoveNext();
            Expect<StreamStart>();
            if (parser.Current is StreamEnd) return null;
            Expect<DocumentStart>();
            var root = ReadNode(1);
            if (stopped) return null;
            Expect<DocumentEnd>();
            if (parser.Current is DocumentStart extra)
            {
                diagnostics.Add(Messages.At(At(extra.Start), DiagnosticCodes.NotOneMapping, Messages.Words.SeveralDocuments));
                return null;
            }
            return root;
        }
        catch (YamlException e) when (e.Start.Index >= text.Length && openFlows.TryPeek(out var open))
        {
            // The text ended inside `[…` or `{…`: the bracket is the place to fix, not the end of the file.
            diagnostics.Add(Messages.At(open.Location, DiagnosticCodes.UnclosedBracket, open.Bracket.ToString()));
            return null;
        }
        catch (YamlException e)
        {
            diagnostics.Add(Messages.At(At(e.Start), DiagnosticCodes.YamlSyntax, Messages.TranslateYaml(e.Message)));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 18.1.0 throws this, without a place, for an unclosed flow collection
            // followed by more text (`menu: [a, b` then a new line `title: x`). Point at the bracket.
            if (openFlows.TryPeek(out var open))
                diagnostics.Add(Messages.At(open.Location, DiagnosticCodes.UnclosedBracket, open.Bracket.ToString()));
            else
                diagnostics.Add(Messages.At(endOfText, DiagnosticCodes.YamlSyntax, Messages.Words.EndOfFile));
            return null;
        }
    }

    T Expect<T>() where T : ParsingEvent
    {
        var current = parser.Current as T
            ?? throw new YamlException(parser.Current?.Start ?? Mark.Empty, parser.Current?.End ?? Mark.Empty, $"unexpected {parser.Current?.GetType().Name}");
        parser.MoveNext();
        return current;
    }

    YamlNode ReadNode(int depth)
    {
        var current = parser.Current!;
        var location = At(current.Start);
        if (current is AnchorAlias alias)
        {
            diagnostics.Add(Messages.At(location, DiagnosticCodes.AliasRefused, "*" + alias.Value.Value));
            parser.MoveNext();
            return new YamlRefused(location);
        }
        if (current is NodeEvent node)
        {
            if (!node.Anchor.IsEmpty)
                diagnostics.Add(Messages.At(location, DiagnosticCodes.AliasRefused, "&" + node.Anchor.Value));
            if (!node.Tag.IsEmpty)
                diagnostics.Add(Messages.At(location, DiagnosticCodes.TagRefused, ShortTag(node.Tag.Value)));
        }
        switch (current)
        {
            case Scalar scalar:
                parser.MoveNext();
                return new YamlScalar(scalar.Value, scalar.Style, location);
            case SequenceStart or MappingStart when depth > maxDepth:
                diagnostics.Add(Messages.At(location, DiagnosticCodes.TooDeep, maxDepth));
                stopped = true;
                return new YamlRefused(location);
            case SequenceStart sequence:
                return ReadSequence(sequence, location, depth);
            case MappingStart mapping:
                return ReadMapping(mapping, location, depth);
            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    YamlSequence ReadSequence(SequenceStart start, SourceLocation location, int depth)
    {
        Open(start.Style == SequenceStyle.Flow, location, '[');
        parser.MoveNext();
        var items = new List<YamlNode>();
        while (parser.Current is not SequenceEnd)
        {
            items.Add(ReadNode(depth + 1));
            if (stopped) return new YamlSequence(items, location);
        }
        Close(start.Style == SequenceStyle.Flow);
        parser.MoveNext();
        return new YamlSequence(items, location);
    }

    YamlMapping ReadMapping(MappingStart start, SourceLocation location, int depth)
    {
        Open(start.Style == MappingStyle.Flow, location, '{');
        parser.MoveNext();
        var entries = new List<YamlEntry>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (parser.Current is not MappingEnd)
        {
            var keyNode = ReadNode(depth + 1);
            if (stopped) break;
            var value = ReadNode(depth + 1);
            if (stopped) break;
            if (keyNode is not YamlScalar key)
            {
                if (keyNode is not YamlRefused)
                    diagnostics.Add(Messages.At(keyNode.Location, DiagnosticCodes.WrongType, "clé", Messages.Words.ScalarKey));
                continue;
            }
            if (seen.TryGetValue(key.Value, out var firstLine))
            {
                diagnostics.Add(Messages.At(key.Location, DiagnosticCodes.DuplicateKey, key.Value, firstLine));
                continue;
            }
            seen[key.Value] = key.Location.Line;
            entries.Add(new YamlEntry(key, value));
        }
        if (stopped) return new YamlMapping(entries, location);
        Close(start.Style == MappingStyle.Flow);
        parser.MoveNext();
        return new YamlMapping(entries, location);
    }

    void Open(bool flow, SourceLocation location, char bracket)
    {
        if (flow) openFlows.Push((location, bracket));
    }

    void Close(bool flow)
    {
        if (flow) openFlows.Pop();
    }

    static string ShortTag(string tag) =>
        tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) ? "!!" + tag["tag:yaml.org,2002:".Length..] : tag;

    SourceLocation At(Mark mark) => new(file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    SourceLocation EndOf(string text)
    {
        var line = 1;
        var lastBreak = -1;
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '\n') { line++; lastBreak = i; }
        return new SourceLocation(file, line, text.Length - lastBreak);
    }
}
