using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;
using CfgResults.Engine.Documents;

namespace CfgResults.Engine.Steps;

/// <summary>
/// Bulk transcripts: one PDF holding the latest available transcript of each selected candidate, in the
/// selection's order, each starting on a new page (the published PDFs, read from the database, are copied page by page, so the
/// bulk file shows exactly what was published).
/// </summary>
[StepKind("collect.transcripts")]
public sealed class CollectTranscripts : StepKind<CollectTranscripts.Options>
{
    /// <param name="Versions">Names the parameter saying `toutes` (every available version, oldest first) or `derniere` (default: the latest available).</param>
    public sealed record Options(string? EmptyMessage = null, string? Versions = null);

    protected override async Task ExecuteAsync(Options options, RunContext context, CancellationToken ct)
    {
        var data = context.Data ?? throw new InvalidOperationException("collect.transcripts demande une sélection avant lui");
        var numbers = data.Candidates.Select(c => c.Candidate.Number).ToList();
        var versions = (await context.Services.Documents.LatestAvailableAsync(context.Session.Session.Code, numbers, DocumentVersionStore.TranscriptKind, context.Now, ct))
            .ToDictionary(v => v.CandidateNumber, StringComparer.Ordinal);
        var every = options.Versions is { } vp && context.Parameters.GetValueOrDefault(vp) is string choice && choice.Trim() == "toutes";
        var all = new Dictionary<string, List<DocumentVersion>>(StringComparer.Ordinal);
        if (every)
            foreach (var number in versions.Keys)
                all[number] = (await context.Services.Documents.ListForCandidateAsync(context.Session.Session.Code, number, ct))
                    .Where(v => v.Kind == DocumentVersionStore.TranscriptKind && v.IsAvailable(context.Now)).OrderBy(v => v.Version).ToList();
        if (versions.Count == 0)
            throw new GateRefusedException(options.EmptyMessage ?? "Aucun relevé de notes n'est encore disponible pour vos élèves.");

        using var output = new TaggedPdfMerger(); // keeps each transcript's structure tree (accessible PDF)
        long count = 0;
        var blobs = context.Services.Blobs;
        foreach (var number in numbers)
        {
            ct.ThrowIfCancellationRequested();
            if (!versions.TryGetValue(number, out var latest)) continue;
            foreach (var v in every ? all[number] : [latest])
            {
                using var stream = new MemoryStream(await blobs.ReadAllAsync(v.FileSha256, ct));
                output.Append(stream);
            }
            count++;
        }
        var temp = context.Services.Files.NewTempFile();
        context.RowCount = count;
        context.PageCount = output.PageCount;
        await using (var file = File.Create(temp))
            output.Save(file, "Relevés de notes", context.Now.UtcDateTime);
        context.Rendered = new RenderedFile(temp, "application/pdf", ".pdf");
    }
}
