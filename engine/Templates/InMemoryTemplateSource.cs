namespace CfgResults.Engine.Templates;

/// <summary>Templates held in a dictionary, for tests and trial runs of a draft template.</summary>
public sealed class InMemoryTemplateSource : ITemplateSource
{
    readonly Dictionary<string, string> _templates = new(StringComparer.Ordinal);
    readonly Lock _lock = new();

    public InMemoryTemplateSource() { }

    public InMemoryTemplateSource(IEnumerable<KeyValuePair<string, string>> templates)
    {
        foreach (var (name, text) in templates) Set(name, text);
    }

    /// <summary>Adds or replaces a template; the name follows the same rule as on disk.</summary>
    public InMemoryTemplateSource Set(string name, string text)
    {
        TemplateName.Validate(name);
        ArgumentNullException.ThrowIfNull(text);
        lock (_lock) _templates[name] = text;
        return this;
    }

    public string? Read(string name)
    {
        TemplateName.Validate(name);
        lock (_lock) return _templates.GetValueOrDefault(name);
    }

    public IEnumerable<string> List()
    {
        lock (_lock) return _templates.Keys.Order(StringComparer.Ordinal).ToArray();
    }
}
