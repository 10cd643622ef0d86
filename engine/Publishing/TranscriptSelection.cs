using System.IO.Compression;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Documents;

namespace CfgResults.Engine.Publishing;

/// <summary>How several transcripts are delivered: merged into one PDF, or one PDF each in a ZIP.</summary>
public enum TranscriptSelectionFormat { Pdf, Zip }

/// <summary>Several students' transcripts in one file: which versions it holds, and its bytes.</summary>
public sealed record TranscriptSelection(IReadOnlyList<DocumentVersion> Versions, Stream Content, TranscriptSelectionFormat Format)
{
    public string ContentType => Format == TranscriptSelectionFormat.Zip ? "application/zip" : "application/pdf";
    public string FileName => Format == TranscriptSelectionFormat.Zip ? "releves-notes-selection.zip" : "releves-notes-selection.pdf";
}

public sealed partial class DocumentAccess
{
    /// <summary>Students one selection may hold (more: « Relevés de notes en masse »).</summary>
    public const int MaxSelectedStudents = 500;

    /// <summary>Audit target of a selection: one row for the file, its transcripts named in the details.</summary>
    public const string SelectionAuditTarget = "documents:selection";

    /// <summary>
    /// Issue 13 item 3, the memo's « Relevés de notes d'un élève » for « un ou plusieurs élèves »: the latest available
    /// transcript of each student asked, merged tagged into one PDF (each keeps its structure) or one PDF each in a ZIP.
    /// Each student is checked as a download is: one that is not the caller's throws <see cref="DocumentNotFoundException"/>
    /// and nothing is served. Null when none of them has an available transcript. The file is audited here, once, whatever
    /// the entry point (page, API): action `telechargement`, target `documents:selection`.
    /// </summary>
    public async Task<TranscriptSelection?> OpenSelectionAsync(Caller caller, string sessionCode, IReadOnlyList<string> candidateNumbers,
        TranscriptSelectionFormat format, CancellationToken ct = default)
    {
        if (candidateNumbers.Count > MaxSelectedStudents) throw new ArgumentException($"au plus {MaxSelectedStudents} élèves à la fois", nameof(candidateNumbers));
        var chosen = new List<DocumentVersion>();
        foreach (var number in candidateNumbers.Distinct(StringComparer.Ordinal))
        {
            var latest = (await ListAsync(caller, sessionCode, number, ct)).Where(e => e.Available).OrderByDescending(e => e.Version.Version).FirstOrDefault();
            if (latest is not null) chosen.Add(latest.Version);
        }
        if (chosen.Count == 0) return null;

        var output = new MemoryStream();
        if (format == TranscriptSelectionFormat.Zip)
        {
            using var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var v in chosen)
            {
                var entry = archive.CreateEntry($"releve-notes-{v.CandidateNumber}-v{v.Version}.pdf", CompressionLevel.Fastest);
                await using var to = entry.Open();
                await using var from = await blobs.OpenReadAsync(v.FileSha256, ct) ?? throw new StoredContentMissingException(v.FileSha256);
                await from.CopyToAsync(to, ct);
            }
        }
        else
        {
            // Merged tagged, as the bulk transcripts are: each transcript keeps its structure (accessible PDF).
            using var merged = new TaggedPdfMerger();
            foreach (var v in chosen)
                merged.Append(new MemoryStream(await blobs.ReadAllAsync(v.FileSha256, ct)));
            merged.Save(output, "Relevés de notes", clock.GetUtcNow().UtcDateTime);
        }
        output.Position = 0;
        await audit.RecordAsync(caller, AuditActions.Download, SelectionAuditTarget,
            $"{chosen.Count} relevé(s) ({(format == TranscriptSelectionFormat.Zip ? "ZIP" : "PDF")}) : {string.Join(", ", chosen.Select(v => $"{v.CandidateNumber} v{v.Version}"))}; session {sessionCode}", ct);
        return new TranscriptSelection(chosen, output, format);
    }
}
