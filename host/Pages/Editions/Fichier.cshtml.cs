using CfgResults.Engine.Hosting;
using CfgResults.Engine.Running;
using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CfgResults.Host.Pages.Editions;

/// <summary>
/// The file of a run, for the caller who made it only (checked again here, not only when the link was
/// shown); anyone else gets 404. Audited as `telechargement` (the file name, never its content).
/// </summary>
public sealed class FichierModel(CfgResultsEngine engine) : PageModel
{
    public const string AuditAction = Engine.Accounts.AuditActions.Download;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var caller = HttpContext.GetCaller();
        if (await engine.Runs.GetAsync(id, ct) is not { } run || run.Caller != caller.ToString()
            || run.State != RunState.Succeeded || run.Output is not { } output || await engine.Blobs.OpenReadAsync(output.Sha256, ct) is not { } content)
            return this.NotFoundPage();
        await engine.Audit.RecordAsync(caller, AuditAction, $"edition:{run.Id}", output.FileName, ct);
        return this.Download(content, output.ContentType, output.FileName);
    }
}
