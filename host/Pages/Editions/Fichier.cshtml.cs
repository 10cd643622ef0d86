using CfgResults.Engine.Running;
using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CfgResults.Host.Pages.Editions;

/// <summary>
/// The file of a run, for the caller who made it only (checked again here, not only when the link was
/// shown, and again by the engine); anyone else gets 404. Audited once by <see cref="RunOutputAccess"/>.
/// </summary>
public sealed class FichierModel(RunOutputAccess outputs) : PageModel
{
    public const string AuditAction = Engine.Accounts.AuditActions.Download;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var caller = HttpContext.GetCaller();
        if (await outputs.OpenAsync(caller, id, ct) is not var (output, content)) return this.NotFoundPage();
        return this.Download(content, output.ContentType, output.FileName);
    }
}
