using System.Text.RegularExpressions;
using CfgResults.Engine.Data;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Import;
using CfgResults.Engine.Sessions;
using CfgResults.Host.Auth;
using CfgResults.Host.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using CfgResults.Engine.Accounts;

namespace CfgResults.Host.Pages.Gestion;

/// <summary>
/// The imported sessions, their life cycle and retention, and the import of a session as a .zip of the interchange
/// folder: all or nothing, every error of every file listed with its place, nothing written when there is one.
/// A code already in the store is replaced only after a confirmation step that says what is replaced and what is
/// kept (the checked folder waits under the data folder meanwhile). Close, reopen, archive, unarchive and purge
/// (the code typed again) are buttons of the list; a session past its retention is shown with a purge proposal.
/// An archive over the limit gets the same page and message whether it is caught here or, larger, while the
/// request is read (<see cref="SessionUploadAttribute"/>), with status 413.
/// </summary>
[Authorize(Policy = AuthPolicies.Manager)]
[SessionUpload]
public sealed partial class SessionsModel(SessionCatalog catalog, TimeProvider clock, SessionLifecycle lifecycle, AuditLog audit, IOptions<CfgResultsOptions> options, IOptions<RetentionOptions> retention,
    ILogger<SessionsModel> log) : PageModel
{
    public const string FileField = "Archive";
    public const string AuditAction = Engine.Accounts.AuditActions.SessionImport;
    public const string TokenField = "jeton";
    public const string CodeField = "code";
    public const string ConfirmField = "confirmation";

    public IReadOnlyList<RetentionVerdict> Sessions { get; private set; } = [];
    public IReadOnlyList<PurgeRecord> Purges { get; private set; } = [];

    /// <summary>Problems with the archive itself (entries, size); each one a sentence.</summary>
    public IReadOnlyList<string> ArchiveErrors { get; private set; } = [];

    /// <summary>Problems inside the files, with their place.</summary>
    public IReadOnlyList<ImportError> ImportErrors { get; private set; } = [];

    /// <summary>A refused life-cycle operation (wrong state, code typed wrong), as a sentence.</summary>
    public string? LifecycleError { get; private set; }

    /// <summary>An import waiting for the confirmation that it replaces a session of the same code.</summary>
    public (string Token, ReplacementNotice Notice)? PendingReplacement { get; private set; }

    public string? UploadedName { get; private set; }

    public long MaxUploadBytes => options.Value.MaxSessionUploadBytes;

    /// <summary>The limit as the page says it (whole Mo).</summary>
    public int MaxUploadMegabytes => options.Value.MaxSessionUploadMegabytes;

    public string TooLargeMessage => $"Le fichier dépasse {MaxUploadMegabytes} Mo.";

    public RetentionPolicy Retention => retention.Value.Policy;

    [TempData]
    public string? Success { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    async Task LoadAsync(CancellationToken ct)
    {
        Sessions = Engine.Sessions.Retention.Evaluate(await catalog.ListAsync(withCounts: true, ct), Retention, clock.GetUtcNow());
        Purges = await catalog.ListPurgesAsync(ct);
    }

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
            await LoadAsync(ct);
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
                    if (await lifecycle.ReplacementAsync(result.Session.Session.Code, ct) is { } notice)
                    {
                        // Kept under the data folder until the manager confirms or cancels (or an hour passes).
                        var token = Guid.NewGuid().ToString("N");
                        CleanStaleStaging();
                        var staged = Directory.CreateDirectory(Path.Combine(StagingRoot, token)).FullName;
                        foreach (var file in Directory.EnumerateFiles(folder)) System.IO.File.Copy(file, Path.Combine(staged, Path.GetFileName(file)));
                        PendingReplacement = (token, notice);
                        await LoadAsync(ct);
                        return Page();
                    }
                    return await ImportAsync(result.Session, replace: false, archive!.FileName, ct);
                }
                ImportErrors = result.Errors;
            }
            await audit.RecordAsync(caller, Engine.Accounts.AuditActions.SessionImportRefused, archive!.FileName,
                $"erreurs={ArchiveErrors.Count + ImportErrors.Count}", ct);
        }
        finally
        {
            try { work.Delete(recursive: true); }
            catch (IOException e) { log.LogWarning(e, "Dossier temporaire d'import non supprimé : {Folder}", work.FullName); }
        }
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The confirmation step: the folder checked before is imported in place of the session of the same code.</summary>
    public async Task<IActionResult> OnPostRemplacerAsync(CancellationToken ct)
    {
        if (StagedFolder() is not { } folder)
        {
            LifecycleError = "Cet import n'est plus en attente (déjà confirmé, annulé, ou trop ancien) : déposez l'archive de nouveau.";
            return await RefusedAsync(StatusCodes.Status409Conflict, ct);
        }
        try
        {
            var result = SessionFolderReader.Read(folder);
            if (!result.Succeeded)
            {
                ImportErrors = result.Errors;
                await LoadAsync(ct);
                return Page();
            }
            return await ImportAsync(result.Session, replace: true, "(confirmation)", ct);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public IActionResult OnPostAnnuler()
    {
        if (StagedFolder() is { } folder) Directory.Delete(folder, recursive: true);
        Success = "Import annulé : aucune session n'a été modifiée.";
        return RedirectToPage();
    }

    async Task<IActionResult> ImportAsync(SessionData data, bool replace, string fileName, CancellationToken ct)
    {
        ImportOutcome outcome;
        try
        {
            outcome = await lifecycle.ImportAsync(data, replace, AuditActor, $"fichier {fileName}", ct);
        }
        catch (SessionLifecycleException e)
        {
            LifecycleError = e.Message;
            return await RefusedAsync(StatusCodes.Status409Conflict, ct);
        }
        Success = $"La session {data.Session.Code} ({data.Session.Label}) est importée : {data.Candidates.Count} candidat(s), "
            + $"{data.Schools.Count} établissement(s), {data.Windows.Count} fenêtre(s) de service ; liste rouge : "
            + $"{outcome.Summary.RedListAdded} ajout(s), {outcome.Summary.RedListRemoved} retrait(s)."
            + (outcome.Replaced is not null ? " Elle remplace la session de même code : ses fenêtres de service sont désormais celles de l'archive ; les relevés déjà publiés sont conservés." : "");
        return RedirectToPage();
    }

    public Task<IActionResult> OnPostClore(CancellationToken ct) =>
        ChangeAsync(code => lifecycle.CloseAsync(code, AuditActor, ct), "est close : consultation seule, ni import ni publication ; ses documents restent téléchargeables.", ct);

    public Task<IActionResult> OnPostRouvrir(CancellationToken ct) =>
        ChangeAsync(code => lifecycle.ReopenAsync(code, AuditActor, ct), "est rouverte.", ct);

    public Task<IActionResult> OnPostArchiver(CancellationToken ct) =>
        ChangeAsync(code => lifecycle.ArchiveAsync(code, AuditActor, ct), "est archivée : elle n'apparaît plus dans les listes de choix, mais reste consultable.", ct);

    public Task<IActionResult> OnPostDesarchiver(CancellationToken ct) =>
        ChangeAsync(code => lifecycle.UnarchiveAsync(code, AuditActor, ct), "est désarchivée (close).", ct);

    public async Task<IActionResult> OnPostPurger(CancellationToken ct)
    {
        var code = Request.Form[CodeField].LastOrDefault() ?? "";
        try
        {
            var counts = await lifecycle.PurgeAsync(code, Request.Form[ConfirmField].LastOrDefault(), AuditActor, ct);
            Success = $"La session {code} est purgée : {counts.Describe()}.";
            return RedirectToPage();
        }
        catch (SessionLifecycleException e)
        {
            LifecycleError = e.Message;
            return await RefusedAsync(e.Refusal == SessionRefusal.ConfirmationMismatch ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status409Conflict, ct);
        }
    }

    async Task<IActionResult> ChangeAsync(Func<string, Task> change, string done, CancellationToken ct)
    {
        var code = Request.Form[CodeField].LastOrDefault() ?? "";
        try
        {
            await change(code);
            Success = $"La session {code} {done}";
            return RedirectToPage();
        }
        catch (SessionLifecycleException e)
        {
            LifecycleError = e.Message;
            return await RefusedAsync(e.Refusal == SessionRefusal.Unknown ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict, ct);
        }
    }

    async Task<IActionResult> RefusedAsync(int status, CancellationToken ct)
    {
        await LoadAsync(ct);
        Response.StatusCode = status;
        return Page();
    }

    string AuditActor => Engine.Accounts.AuditLog.ActorOf(HttpContext.GetCaller());

    string StagingRoot => Path.Combine(options.Value.DataDir, "imports");

    /// <summary>The staged folder named by the form's token; null for a token the product did not make or a folder gone.</summary>
    string? StagedFolder()
    {
        var token = Request.Form[TokenField].LastOrDefault() ?? "";
        if (!Token().IsMatch(token)) return null;
        var folder = Path.Combine(StagingRoot, token);
        return Directory.Exists(folder) ? folder : null;
    }

    void CleanStaleStaging()
    {
        if (!Directory.Exists(StagingRoot)) return;
        foreach (var dir in Directory.EnumerateDirectories(StagingRoot))
            if (DateTime.UtcNow - Directory.GetCreationTimeUtc(dir) > TimeSpan.FromHours(1))
                Directory.Delete(dir, recursive: true);
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex Token();
}
