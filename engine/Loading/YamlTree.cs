using CfgResults.Engine.Definitions;
using YamlDotNet.Core;

namespace CfgResults.Engine.Loading;

/// <summary>
/// The YAML of a definition as a small tree where every node keeps its place. Built by
/// <see cref="SafeYamlReader"/>, which has already refused aliases, tags, duplicate keys and deep nesting.
/// </summary>
internal abstract record YamlNode(SourceLocation Location);

internal sealed record YamlScalar(string Value, ScalarStyle Style, SourceLocation Location) : YamlNode(Location)
{
    /// <summary>`~`, `null` or nothing, written without quotes.</summary>
    public bool IsNull => Style == ScalarStyle.Plain && Value is "" or "~" or "null" or "Null" or "NULL";
}

internal sealed record YamlSequence(IReadOnlyList<YamlNode> Items, SourceLocation Location) : YamlNode(Location);

internal sealed record YamlEntry(YamlScalar Key, YamlNode Value);

internal sealed record YamlMapping(IReadOnlyList<YamlEntry> Entries, SourceLocation Location) : YamlNode(Location)
{
    public YamlEntry? Find(string key) => Entries.FirstOrDefault(e => e.Key.Value == key);
}

/// <summary>A node already reported as an error (an alias, a subtree too deep): validation skips it quietly.</summary>
internal sealed record YamlRefused(SourceLocation Location) : YamlNode(Location);
