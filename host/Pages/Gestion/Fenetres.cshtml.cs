using CfgResults.Engine.Data;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;
using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Sessions;

namespace CfgResults.Host.Pages.Gestion;

/// <summary>
/// Service windows of a session (the latest by default): list, create, edit, delete. Dates are typed as
/// `JJ/MM/AAAA HH:MM`, Europe/Paris; the closing must come after the opening; a decision group, when given,
/// must be one of the session's.
/// </summary>
[Authorize(Policy = AuthPolicies.Manager)]
public sealed class FenetresModel(SessionStore sessions, AuditLog audit, TimeProvider clock, SessionResolver resolver) : PageModel
{
    public const string ServiceField = "Service";
    public const string GroupField = "Groupe";
    public const string OpensField = "Ouverture";
    public const string ClosesField = "Fermeture";

    public IReadOnlyList<SessionSummary> Sessions { get; private set; } = [];
    public SessionContext? Context { get; private set; }
    public IReadOnlyList<StoredWindow> Windows { get; private set; } = [];
    public DateTime LocalNow { get; private set; }

    /// <summary>The window being edited, or null for the creation form.</summary>
    public long? EditingId { get; private set; }

    public List<(string Field, string Message)> Errors { get; } = [];

    [BindProperty(SupportsGet = true, Name = "session")]
    public string? SessionCode { get; set; }

    [BindProperty] public long? Id { get; set; }
    [BindProperty] public string? Service { get; set; }
    [BindProperty] public string? Groupe { get; set; }
    [BindProperty] public string? Ouverture { get; set; }
    [BindProperty] public string? Fermeture { get; set; }

    [TempData]
    public string? Success { get; set; }

    public async Task<IActionResult> OnGetAsync(long? modifier, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (modifier is { } id)
        {
            var stored = Windows.FirstOrDefault(w => w.Id == id);
            if (stored is null) return NotFound();
            EditingId = id;
            Id = id;
            Service = French.Name(stored.Window.Service);
            Groupe = stored.Window.DecisionGroup;
            Ouverture = ParisDates.Format(stored.Window.Opens);
            Fermeture = ParisDates.Format(stored.Window.Closes);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostEnregistrerAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Context is null) return NotFound();
        EditingId = Id;
        if (Id is { } existing && Windows.All(w => w.Id != existing)) return NotFound();

        ServiceKind service = default;
        if (string.IsNullOrWhiteSpace(Service) || !French.TryParse(Service, out service))
            Errors.Add((ServiceField, "Choisissez le service."));
        var group = string.IsNullOrWhiteSpace(Groupe) ? null : Groupe.Trim();
        if (group is not null && !Context!.DecisionGroups.Contains(group, StringComparer.Ordinal))
            Errors.Add((GroupField, $"Le groupe de décision « {group} » n'existe pas dans la session {Context.Session.Code}."));
        var opensOk = ParisDates.TryParseLocal(Ouverture, out var opens);
        if (!opensOk)
            Errors.Add((OpensField, "Indiquez l'ouverture sous la forme JJ/MM/AAAA HH:MM, par exemple 01/07/2026 08:00."));
        var closesOk = ParisDates.TryParseLocal(Fermeture, out var closes);
        if (!closesOk)
            Errors.Add((ClosesField, "Indiquez la fermeture sous la forme JJ/MM/AAAA HH:MM, par exemple 14/07/2026 18:00."));
        if (opensOk && closesOk && closes <= opens)
            Errors.Add((ClosesField, "La fermeture doit être postérieure à l'ouverture."));
        if (Errors.Count > 0) return Page();

        var window = new ServiceWindow(service, group, opens, closes);
        var caller = HttpContext.GetCaller();
        var code = Context!.Session.Code;
        string action;
        long id;
        if (Id is { } editId)
        {
            if (!await sessions.UpdateWindowAsync(code, editId, window, ct)) return NotFound();
            (action, id) = (Engine.Accounts.AuditActions.WindowChanged, editId);
        }
        else
        {
            id = (await sessions.AddWindowAsync(code, window, ct)).Id;
            action = Engine.Accounts.AuditActions.WindowCreated;
        }
        await audit.RecordAsync(caller, action, $"session:{code}/fenetre:{id}", Describe(window), ct);
        Success = action == Engine.Accounts.AuditActions.WindowCreated ? "La fenêtre de service est créée." : "La fenêtre de service est modifiée.";
        return RedirectToPage(new { session = code });
    }

    /// <summary>The window « Supprimer » asks about: shown with a confirmation step before anything is deleted (issue 13 item 8).</summary>
    public StoredWindow? ConfirmDelete { get; private set; }

    public async Task<IActionResult> OnPostSupprimerAsync(long id, string? confirmer, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Context is null) return NotFound();
        var stored = Windows.FirstOrDefault(w => w.Id == id);
        var code = Context!.Session.Code;
        if (stored is not null && confirmer != "oui")
        {
            ConfirmDelete = stored;
            return Page();
        }
        if (stored is null || !await sessions.DeleteWindowAsync(code, id, ct)) return NotFound();
        await audit.RecordAsync(HttpContext.GetCaller(), Engine.Accounts.AuditActions.WindowDeleted, $"session:{code}/fenetre:{id}", Describe(stored.Window), ct);
        Success = "La fenêtre de service est supprimée.";
        return RedirectToPage(new { session = code });
    }

    public string? ErrorOf(string field) => Errors.FirstOrDefault(e => e.Field == field).Message;

    public bool IsOpen(ServiceWindow w) => w.Opens <= LocalNow && LocalNow < w.Closes;

    static string Describe(ServiceWindow w) =>
        $"service={French.Name(w.Service)} groupe={w.DecisionGroup ?? "(tous)"} ouverture={ParisDates.Format(w.Opens)} fermeture={ParisDates.Format(w.Closes)}";

    /// <summary>The chosen session (by default the session in progress) and its windows; false when the session does not exist.</summary>
    async Task<bool> LoadAsync(CancellationToken ct)
    {
        Sessions = await sessions.ListSessionsAsync(ct);
        LocalNow = ParisTime.ToLocal(clock.GetUtcNow());
        var code = string.IsNullOrWhiteSpace(SessionCode) ? await resolver.DefaultCodeAsync(HttpContext.GetCaller(), ct) : SessionCode;
        if (code is null) return string.IsNullOrWhiteSpace(SessionCode); // no session yet: the page says so
        Context = await sessions.LoadContextAsync(code, ct);
        if (Context is null) return false;
        SessionCode = Context.Session.Code;
        Windows = Context.Windows.OrderBy(w => w.Window.Service).ThenBy(w => w.Window.Opens).ThenBy(w => w.Id).ToList();
        return true;
    }
}
