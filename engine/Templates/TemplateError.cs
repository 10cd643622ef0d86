namespace CfgResults.Engine.Templates;

/// <summary>
/// An error in a template, with its place (1-based line and column; 0 when the error concerns the whole template)
/// and a French message: `extraction-notes/colonnes.sbn(4,18): error TPL001: erreur de syntaxe : …`.
/// </summary>
public sealed record TemplateError(string Template, int Line, int Column, string Message)
{
    /// <summary>Stable code from <see cref="TemplateErrorCodes"/>; tests assert codes, not prose.</summary>
    public string Code { get; init; } = TemplateErrorCodes.Syntax;

    public override string ToString() => $"{Template}({Line},{Column}): error {Code}: {Message}";
}

/// <summary>A render stopped by the template: its error says where and why, in French.</summary>
public sealed class TemplateRenderException(TemplateError error, Exception? inner = null)
    : Exception(error.ToString(), inner)
{
    public TemplateError Error { get; } = error;
    public string Template => Error.Template;
    public int Line => Error.Line;
    public int Column => Error.Column;
    public string Code => Error.Code;
}

/// <summary>A model holding something other than plain data; thrown before any template runs.</summary>
public sealed class TemplateModelException(string path, string message) : ArgumentException($"{message} (à « {path} »)")
{
    public string Path { get; } = path;

    /// <summary>Why the value was refused, without the path.</summary>
    public string Reason { get; } = message;
}
