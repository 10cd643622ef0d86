namespace CfgResults.Engine.Documents;

public sealed record DocumentStats(int Pages, int Sections, long Bytes);

/// <summary>Markup → layout → PDF in one call. Thread-safe; bulk transcripts render on several threads.</summary>
public static class DocumentPipeline
{
    public static DocumentStats RenderPdf(string markup, PdfRenderOptions options, Stream output, MarkupParserOptions? parserOptions = null, LayoutOptions? layoutOptions = null)
    {
        var document = MarkupParser.Parse(markup, parserOptions);
        var layout = LayoutEngine.Layout(document, layoutOptions);
        long before = output.CanSeek ? output.Position : 0;
        PdfRenderer.Render(layout, options, output);
        long bytes = output.CanSeek ? output.Position - before : -1;
        return new DocumentStats(layout.PageCount, layout.Sections.Count, bytes);
    }

    /// <summary>Parses and lays out only (no PDF): for previews of page breaks and for tests.</summary>
    public static LayoutDocument Layout(string markup, MarkupParserOptions? parserOptions = null, LayoutOptions? layoutOptions = null) =>
        LayoutEngine.Layout(MarkupParser.Parse(markup, parserOptions), layoutOptions);
}
