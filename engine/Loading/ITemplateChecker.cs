namespace CfgResults.Engine.Loading;

/// <summary>
/// Checks that a template named by a step exists and compiles; implemented by the templates area.
/// The name has already been checked as a safe relative path (no `..`, no absolute path).
/// </summary>
public interface ITemplateChecker
{
    /// <summary>Null when the template does not exist; otherwise its errors (empty when it compiles),
    /// each in the file where it is (the template itself or a partial it includes).</summary>
    IReadOnlyList<TemplateProblem>? Check(string templateName);
}

/// <summary>An error in a template file, 1-based line and column, message in French.</summary>
public sealed record TemplateProblem(string File, int Line, int Column, string Message);
