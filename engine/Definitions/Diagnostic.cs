namespace CfgResults.Engine.Definitions;

/// <summary>A place in a definition or template file (1-based line and column).</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}({Line},{Column})";
}

/// <summary>
/// An error a person can cause, with its place and a stable code:
/// `definitions/liste-affichage.yaml(12,5): error CFG012: type d'étape inconnu 'render.pfd' (connus : render.pdf, render.csv)`.
/// </summary>
public sealed record Diagnostic(SourceLocation Location, string Code, string Message)
{
    public override string ToString() => $"{Location}: error {Code}: {Message}";
}
