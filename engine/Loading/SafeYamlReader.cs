using CfgResults.Engine.Definitions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CfgResults.Engine.Loading;

/// <summary>
/// Reads YAML text into a <see cref="YamlNode"/> tree from the parser's low-level events, so that
/// every node has a place. What YAML allows but a definition does not is refused here, with a place,
/// without ever building it: aliases (a YAML bomb is a few aliases walked many times: they are never
/// walked), tags (no type is ever instantiated), duplicate keys, nesting deeper than a limit.
/// Recursion is bounded by that limit; a deeper subtree is skipped iteratively.
/// </summary>
internal sealed class SafeYamlReader(string file, int maxDepth, List<Diagnostic> diagnostics)
{
    Parser parser = null!;
    // Flow collections opened and not yet closed: where to point when the parser fails without a place.
    readonly Stack<(SourceLocation Location, char Bracket)> openFlows = new();
    bool tooDeepReported;
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
                if (!tooDeepReported)
                    diagnostics.Add(Messages.At(location, DiagnosticCodes.TooDeep, maxDepth));
                tooDeepReported = true;
                SkipCollection();
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
            items.Add(ReadNode(depth + 1));
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
            var value = ReadNode(depth + 1);
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
        Close(start.Style == MappingStyle.Flow);
        parser.MoveNext();
        return new YamlMapping(entries, location);
    }

    /// <summary>Consumes a collection without building it (and without recursion).</summary>
    void SkipCollection()
    {
        var level = 0;
        do
        {
            switch (parser.Current)
            {
                case SequenceStart or MappingStart: level++; break;
                case SequenceEnd or MappingEnd: level--; break;
            }
            parser.MoveNext();
        } while (level > 0);
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
