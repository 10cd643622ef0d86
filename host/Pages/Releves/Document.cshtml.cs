using CfgResults.Engine.Publishing;
using CfgResults.Host.Auth;
using CfgResults.Host.Pages.Editions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CfgResults.Host.Pages.Releves;

/// <summary>
/// Download of a published transcript, for the school of the student, the candidate, or the exam manager;
/// authorization is decided by <see cref="DocumentAccess"/> at every download. Someone else's document
/// answers 404; one not yet available answers 403 with its availability date in French.
/// </summary>
public sealed class DocumentModel(DocumentAccess access) : PageModel
{
    public string? NotAvailableMessage { get; private set; }

    public async Task<IActionResult> OnGetAsync(long versionId, CancellationToken ct)
    {
        var caller = HttpContext.GetCaller();
        try
        {
            var (version, content) = await access.OpenAsync(caller, versionId, ct); // audited there
            return this.Download(content, "application/pdf", $"releve-notes-{version.CandidateNumber}-v{version.Version}.pdf");
        }
        catch (DocumentNotFoundException)
        {
            return this.NotFoundPage();
        }
        catch (StoredContentMissingException e)
        {
            NotAvailableMessage = e.Message;
            ViewData["Title"] = "Relevé de notes indisponible";
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        catch (DocumentNotAvailableException e)
        {
            NotAvailableMessage = e.Message;
            ViewData["Title"] = "Relevé de notes pas encore disponible";
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
    }
}
