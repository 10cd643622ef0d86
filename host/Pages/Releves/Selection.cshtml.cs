using CfgResults.Engine.Publishing;
using CfgResults.Host.Auth;
using CfgResults.Host.Pages.Editions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using CfgResults.Engine.Data;

namespace CfgResults.Host.Pages.Releves;

/// <summary>
/// Issue 13 item 3, the memo's « Relevés de notes d'un élève » for « un ou plusieurs élèves »: the students ticked in
/// the search list, the latest available transcript of each, as one PDF or as a ZIP of one PDF per student (the
/// user's choice). Each student is checked again by <see cref="DocumentAccess"/>; a student without an available
/// transcript is left out and named on the page when none at all is available.
/// </summary>
public sealed class SelectionModel(SessionStore sessions, DocumentAccess access) : PageModel
{
    public const int MaxStudents = DocumentAccess.MaxSelectedStudents;

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

        TranscriptSelection? selection;
        try
        {
            // Each student checked, the file built and audited once by the engine (DocumentAccess.OpenSelectionAsync).
            selection = await access.OpenSelectionAsync(caller, session, numbers,
                format == "zip" ? TranscriptSelectionFormat.Zip : TranscriptSelectionFormat.Pdf, ct);
        }
        catch (DocumentNotFoundException)
        {
            return this.NotFoundPage(); // a number that is not the caller's student: as if it did not exist
        }
        if (selection is null) return Refuse("Aucun relevé de notes n'est encore disponible pour les élèves sélectionnés.");
        return this.Download(selection.Content, selection.ContentType, selection.FileName);
    }

    IActionResult Refuse(string message)
    {
        Message = message;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
