// TEMPORARY stand-in until the docs branch lands.
namespace CfgResults.Engine.Documents;
public sealed record PdfRenderOptions(DateTimeOffset CreatedAt, string DocumentId);
public sealed record DocumentStats(int Pages, int Sections);
public static class DocumentPipeline
{
    public static DocumentStats RenderPdf(string markup, PdfRenderOptions options, Stream output) => throw new NotImplementedException();
}
