// TEMPORARY stand-in until the templates branch lands.
namespace CfgResults.Engine.Templates;
public sealed class TemplateEngine
{
    public string RenderText(string name, IReadOnlyDictionary<string, object?> model, CancellationToken ct) => throw new NotImplementedException();
    public int RenderCsv(string name, IReadOnlyDictionary<string, object?> model, Stream output, CancellationToken ct) => throw new NotImplementedException();
}
