using CfgResults.Engine.Data;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Import;
using CfgResults.Host.Auth;
using CfgResults.Host.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CfgResults.Host.Pages.Gestion;

/// <summary>
/// The imported sessions, and the import of a session as a .zip of the interchange folder: all or nothing,
/// every error of every file listed with its place, nothing written when there is one.
/// An archive over the limit gets the same page and message whether it is caught here or, larger, while the
/// request is read (<see cref="SessionUploadAttribute"/>), with status 413.
/// </summary>
[Authorize(Policy = AuthPolicies.Manager)]
[SessionUpload]
public sealed class SessionsModel(CfgResultsEngine engine, IOptions<CfgResultsOptions> options, ILogger<SessionsModel> log) : PageModel
{
    public const string FileField = "Archive";
    public const string AuditAction = Engine.Accounts.AuditActions.SessionImport;

    public IReadOnlyList<SessionSummary> Sessions { get; private set; } = [];

    /// <summary>Problems with the archive itself (entries, size); each one a sentence.</summary>
    public IReadOnlyList<string> ArchiveErrors { get; private set; } = [];

    /// <summary>Problems inside the files, with their place.</summary>
    public IReadOnlyList<ImportError> ImportErrors { get; private set; } = [];

    public string? UploadedName { get; private set; }

    public long MaxUploadBytes => options.Value.MaxSessionUploadBytes;

    /// <summary>The limit as the page says it (whole Mo).</summary>
    public int MaxUploadMegabytes => options.Value.MaxSessionUploadMegabytes;

    public string TooLargeMessage => $"Le fichier dépasse {MaxUploadMegabytes} Mo.";

    [TempData]
    public string? Success { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Sessions = await engine.Sessions.ListSessionsAsync(ct);

    public async Task<IActionResult> OnPostAsync(IFormFile? archive, CancellationToken ct)
    {
        var caller = HttpContext.GetCaller();
        UploadedName = archive?.FileName;
        var tooLarge = SessionUploadAttribute.WasTooLarge(HttpContext) || archive?.Length > MaxUploadBytes;
        if (tooLarge)
            ArchiveErrors = [TooLargeMessage];
        else if (archive is null || archive.Length == 0)
            ArchiveErrors = ["Choisissez le fichier .zip de la session."];
        if (ArchiveErrors.Count > 0)
        {
            Sessions = await engine.Sessions.ListSessionsAsync(ct);
            if (tooLarge) Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return Page();
        }

        var work = Directory.CreateTempSubdirectory("cfgresults-import-");
        try
        {
            var zipPath = Path.Combine(work.FullName, "session.zip");
            await using (var target = new FileStream(zipPath, FileMode.CreateNew, FileAccess.Write))
                await archive!.CopyToAsync(target, ct);
            var folder = Directory.CreateDirectory(Path.Combine(work.FullName, "session")).FullName;
            await using (var zip = new FileStream(zipPath, FileMode.Open, FileAccess.Read))
                ArchiveErrors = SessionZip.Extract(zip, folder);
            if (ArchiveErrors.Count == 0)
            {
                var result = SessionFolderReader.Read(folder);
                if (result.Succeeded)
                {
                    var summary = await new SessionImporter(engine.Database, engine.Sessions, engine.Audit)
                        .ImportAsync(result.Session, Engine.Accounts.AuditLog.ActorOf(caller), $"fichier {archive!.FileName}", ct);
                    var replaced = summary.Replaced;
                    Success = $"La session {result.Session.Session.Code} ({result.Session.Session.Label}) est importée : {result.Session.Candidates.Count} candidat(s), "
                        + $"{result.Session.Schools.Count} établissement(s), {result.Session.Windows.Count} fenêtre(s) de service."
                        + (replaced ? " Elle remplace la session de même code : ses fenêtres de service sont désormais celles de l'archive ; les relevés déjà publiés sont conservés." : "");
                    return RedirectToPage();
                }
                ImportErrors = result.Errors;
            }
            await engine.Audit.RecordAsync(caller, Engine.Accounts.AuditActions.SessionImportRefused, archive!.FileName,
                $"erreurs={ArchiveErrors.Count + ImportErrors.Count}", ct);
        }
        finally
        {
            try { work.Delete(recursive: true); }
            catch (IOException e) { log.LogWarning(e, "Dossier temporaire d'import non supprimé : {Folder}", work.FullName); }
        }
        Sessions = await engine.Sessions.ListSessionsAsync(ct);
        return Page();
    }
}
