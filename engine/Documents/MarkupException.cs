namespace CfgResults.Engine.Documents;

/// <summary>
/// Bad document markup, with its place (1-based line and column in the markup text) and a stable code
/// (tests assert codes; the French text lives in <see cref="DocumentMessages"/>).
/// </summary>
public sealed class MarkupException(string code, int line, int column, string message, Exception? inner = null)
    : Exception($"({line},{column}): {code}: {message}", inner)
{
    public string Code { get; } = code;
    public int Line { get; } = line;
    public int Column { get; } = column;

    /// <summary>The French message without place nor code.</summary>
    public string Description { get; } = message;
}
