using CfgResults.Engine.Documents;
using CfgResults.Engine.Running;

namespace CfgResults.Engine.Steps;

/// <summary>ARCHITECTURE decision: every run records the versions it used, templates included.</summary>
internal static class TemplateUse
{
    public static void Record(RunContext context, string template)
    {
        if (context.Services.Templates.Source.VersionOf(template) is { } version)
            context.TemplateVersions[template] = version;
    }
}

/// <summary>Renders the selection as CSV through a CSV template (`csv_header`, `csv_row`, or `csv_cell`… `csv_end_row`), French-Excel dialect.</summary>
[StepKind("render.csv")]
public sealed class RenderCsv : StepKind<RenderCsv.Options>
{
    public sealed record Options(string Template);

    protected override Task ExecuteAsync(Options options, RunContext context, CancellationToken ct) =>
        TableRender.RenderAsync(options.Template, context, "text/csv; charset=utf-8", ".csv",
            (model, fs) => context.Services.Templates.RenderCsv(options.Template, model, fs, ct));
}

/// <summary>What the table renders (CSV, workbook) share: the streamed model, a temp file, the row count.</summary>
static class TableRender
{
    public static async Task RenderAsync(string template, RunContext context, string contentType, string extension,
        Func<Dictionary<string, object?>, Stream, int> render)
    {
        TemplateUse.Record(context, template);
        var model = RunModel.Build(context, streamCandidates: true);
        var temp = context.Services.Files.NewTempFile();
        await using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            context.RowCount = render(model, fs);
        }
        context.Rendered = new RenderedFile(temp, contentType, extension);
    }
}

/// <summary>
/// Renders the selection as a workbook (.xlsx) through the same CSV template (`csv_header`, `csv_cell`…), so one
/// template holds the columns of both: identifiers as text, grades as numbers, dates as dates, a bold frozen header
/// with « Français /30 » and the full libellé as its note (<see cref="Xlsx.FrenchXlsxWriter"/>). Streamed.
/// </summary>
[StepKind("render.xlsx")]
public sealed class RenderXlsx : StepKind<RenderXlsx.Options>
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public sealed record Options(string Template);

    protected override Task ExecuteAsync(Options options, RunContext context, CancellationToken ct) =>
        TableRender.RenderAsync(options.Template, context, ContentType, ".xlsx",
            (model, fs) => context.Services.Templates.RenderXlsx(options.Template, model, fs, context.Definition.Title, ct));
}

/// <summary>Renders the selection as a PDF: the template emits document markup, laid out and written as a tagged PDF (<see cref="PdfRenderer"/>).</summary>
[StepKind("render.pdf")]
public sealed class RenderPdf : StepKind<RenderPdf.Options>
{
    public sealed record Options(string Template);

    protected override Task ExecuteAsync(Options options, RunContext context, CancellationToken ct)
    {
        TemplateUse.Record(context, options.Template);
        var markup = context.Services.Templates.RenderText(options.Template, RunModel.Build(context), ct);
        var temp = context.Services.Files.NewTempFile();
        using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            var stats = DocumentPipeline.RenderPdf(markup, new PdfRenderOptions(context.Now, context.RunId), fs);
            context.PageCount = stats.Pages;
        }
        context.Rendered = new RenderedFile(temp, "application/pdf", ".pdf");
        return Task.CompletedTask;
    }
}
