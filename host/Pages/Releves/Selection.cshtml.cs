using System.IO.Compression;
using CfgResults.Engine.Publishing;
using CfgResults.Host.Auth;
using CfgResults.Host.Pages.Editions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using CfgResults.Engine.Documents;
using CfgResults.Engine.Data;
using CfgResults.Engine.Accounts;

namespace CfgResults.Host.Pages.Releves;

/// <summary>
/// Issue 13 item 3, the memo's « Relevés de notes d'un élève » for « un ou plusieurs élèves »: the students ticked in
/// the search list, the latest available transcript of each, as one PDF or as a ZIP of one PDF per student (the
/// user's choice). Each student is checked again by <see cref="DocumentAccess"/>; a student without an available
/// transcript is left out and named on the page when none at all is available.
/// </summary>
public sealed class SelectionModel(SessionStore sessions, DocumentAccess access, BlobStore blobs, TimeProvider clock, AuditLog audit) : PageModel
{
    public const int MaxStudents = 500;

    public string? Message { get; private set; }

    public async Task<IActionResult> OnPostAsync([FromForm(Name = "eleve")] string[] students, [FromForm(Name = "format")] string? format, CancellationToken ct)
    {
        ViewData["Title"] = "Relevés sélectionnés";
        ViewData["Breadcrumb"] = new[] { "Relevés de notes", "Relevés sélectionnés" };
        var caller = HttpContext.GetCaller();
        var numbers = students.Where(s => s.Length == 11 && s.All(char.IsAsciiDigit)).Distinct(StringComparer.Ordinal).Take(MaxStudents + 1).ToList();
        if (numbers.Count == 0) return Refuse("Cochez au moins un élève dans la liste, puis « Éditer les relevés sélectionnés ».");
        if (numbers.Count > MaxStudents) return Refuse($"Sélectionnez au plus {MaxStudents} élèves à la fois, ou utilisez « Relevés de notes en masse ».");
        if (await sessions.LatestSessionCodeAsync(ct) is not { } session) return Refuse("Aucune session n'est chargée.");

        var chosen = new List<DocumentVersion>();
        foreach (var number in numbers)
        {
            try
            {
                var latest = (await access.ListAsync(caller, session, number, ct))
                    .Where(e => e.Available).OrderByDescending(e => e.Version.Version).FirstOrDefault();
                if (latest is not null) chosen.Add(latest.Version);
            }
            catch (DocumentNotFoundException)
            {
                return this.NotFoundPage(); // a number that is not the caller's student: as if it did not exist
            }
        }
        if (chosen.Count == 0) return Refuse("Aucun relevé de notes n'est encore disponible pour les élèves sélectionnés.");

        var zip = format == "zip";
        var output = new MemoryStream();
        if (zip)
        {
            using var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var v in chosen)
            {
                var entry = archive.CreateEntry($"releve-notes-{v.CandidateNumber}-v{v.Version}.pdf", CompressionLevel.Fastest);
                await using var to = entry.Open();
                await using var from = await blobs.OpenReadAsync(v.FileSha256, ct) ?? throw new FileNotFoundException(v.StoragePath);
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
        await audit.RecordAsync(caller, FichierModel.AuditAction, "documents:selection",
            $"{chosen.Count} relevé(s) ({(zip ? "ZIP" : "PDF")}) : {string.Join(", ", chosen.Select(v => $"{v.CandidateNumber} v{v.Version}"))}", ct);
        return this.Download(output, zip ? "application/zip" : "application/pdf", zip ? "releves-notes-selection.zip" : "releves-notes-selection.pdf");
    }

    IActionResult Refuse(string message)
    {
        Message = message;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
