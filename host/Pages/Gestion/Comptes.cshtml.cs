using System.Text;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Csv;
using CfgResults.Engine.Data;
using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CfgResults.Host.Pages.Gestion;

/// <summary>
/// Accounts (issue 13 item 8): list, create, disable (after a confirmation), enable, reset the password, unlock
/// (clear the sign-in throttle), and create at once the missing accounts of every school of a session, whose
/// one-time passwords come back in a CSV served once by the answer itself. Every change is audited.
/// </summary>
[Authorize(Policy = AuthPolicies.Manager)]
public sealed class ComptesModel(UserStore users, AuditLog audit, SessionStore sessions) : PageModel
{
    public IReadOnlyList<UserAccount> Accounts { get; private set; } = [];
    public IReadOnlyList<SessionSummary> Sessions { get; private set; } = [];

    public const int MaxListed = 200;

    /// <summary>How many accounts match the filter (only the first <see cref="MaxListed"/> are listed).</summary>
    public int MatchCount { get; private set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Filter { get; set; }

    public string? Error { get; private set; }
    public string? Success { get; private set; }

    /// <summary>A one-time password to show once, with its login.</summary>
    public (string Login, string Password)? Shown { get; private set; }

    /// <summary>The account « Désactiver » asks about.</summary>
    public UserAccount? ConfirmDisable { get; private set; }

    [BindProperty] public string? Identifiant { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public string? Uai { get; set; }
    [BindProperty] public string? Candidat { get; set; }
    [BindProperty] public string? MotDePasse { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreerAsync(CancellationToken ct)
    {
        if (!CallerRoles.TryParse(Role, out var role))
            return await FailAsync("Choisissez le rôle du compte : établissement, gestionnaire examens ou candidat.", ct);
        var generated = string.IsNullOrEmpty(MotDePasse);
        var password = generated ? OneTimePassword.New() : MotDePasse!;
        UserAccount account;
        try
        {
            account = await users.AddAsync(Identifiant ?? "", password, role, Uai, Candidat, ct);
        }
        catch (AccountException e)
        {
            return await FailAsync(e.Message, ct);
        }
        await audit.RecordAsync(HttpContext.GetCaller(), AuditActions.AccountCreated, account.Login, account.ToCaller().ToString(), ct);
        Success = $"Le compte « {account.Login} » est créé.";
        if (generated) Shown = (account.Login, password);
        Identifiant = Role = Uai = Candidat = MotDePasse = null;
        ModelState.Clear();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDesactiverAsync(string login, string? confirmer, CancellationToken ct)
    {
        var account = await users.FindAsync(login ?? "", ct);
        if (account is null) return NotFound();
        if (confirmer != "oui")
        {
            ConfirmDisable = account;
            await LoadAsync(ct);
            return Page();
        }
        if (account.Login == HttpContext.GetCaller().Login)
            return await FailAsync("Vous ne pouvez pas désactiver votre propre compte.", ct);
        return await ChangeAsync(account.Login, () => users.DisableAsync(account.Login, ct), AuditActions.AccountDisabled,
            $"Le compte « {account.Login} » est désactivé : il ne peut plus se connecter et ses sessions ouvertes sont fermées.", ct);
    }

    public Task<IActionResult> OnPostActiverAsync(string login, CancellationToken ct) =>
        ChangeAsync(login, () => users.EnableAsync(login ?? "", ct), AuditActions.AccountEnabled, $"Le compte « {UserStore.NormalizeLogin(login ?? "")} » est réactivé.", ct);

    public Task<IActionResult> OnPostDebloquerAsync(string login, CancellationToken ct) =>
        ChangeAsync(login, () => users.UnlockAsync(login ?? "", ct), AuditActions.AccountUnlocked,
            $"Le compte « {UserStore.NormalizeLogin(login ?? "")} » est débloqué : il peut se connecter sans attendre.", ct);

    public async Task<IActionResult> OnPostReinitialiserAsync(string login, CancellationToken ct)
    {
        var password = OneTimePassword.New();
        var result = await ChangeAsync(login, () => users.ResetPasswordAsync(login ?? "", password, ct), AuditActions.PasswordReset,
            $"Le mot de passe du compte « {UserStore.NormalizeLogin(login ?? "")} » est réinitialisé ; ses sessions ouvertes sont fermées.", ct);
        if (Error is null && result is PageResult) Shown = (UserStore.NormalizeLogin(login ?? ""), password);
        return result;
    }

    /// <summary>« Créer les comptes des établissements de la session »: the answer is the CSV of the new logins and one-time passwords, and nothing keeps it.</summary>
    public async Task<IActionResult> OnPostCreerEtablissementsAsync(string? session, CancellationToken ct)
    {
        var context = string.IsNullOrWhiteSpace(session) ? null : await sessions.LoadContextAsync(session.Trim(), ct);
        if (context is null) return await FailAsync("Choisissez une session importée.", ct);
        var created = await users.AddMissingSchoolsAsync(context.Schools.Select(s => s.Uai), ct);
        var caller = HttpContext.GetCaller();
        foreach (var (login, uai, _) in created)
            await audit.RecordAsync(caller, AuditActions.AccountCreated, login, $"etablissement:{uai} session={context.Session.Code}", ct);
        if (created.Count == 0)
        {
            Success = $"Chaque établissement de la session {context.Session.Code} a déjà son compte : aucun compte créé.";
            await LoadAsync(ct);
            return Page();
        }
        var names = context.Schools.ToDictionary(s => s.Uai, s => s.Name, StringComparer.OrdinalIgnoreCase);
        var ms = new MemoryStream();
        var csv = new FrenchCsvWriter(ms);
        csv.WriteHeader(["UAI", "IDENTIFIANT", "MOT DE PASSE PROVISOIRE", "ÉTABLISSEMENT"]);
        foreach (var (login, uai, password) in created)
        {
            csv.WriteText(uai);
            csv.WriteText(login);
            csv.WriteText(password);
            csv.WriteText(names.GetValueOrDefault(uai, ""));
            csv.EndRow();
        }
        csv.Finish();
        csv.Dispose();
        Response.Headers.CacheControl = "no-store";
        return File(ms.ToArray(), "text/csv; charset=utf-8", $"comptes-etablissements-{context.Session.Code}.csv");
    }

    async Task<IActionResult> ChangeAsync(string? login, Func<Task> change, string action, string success, CancellationToken ct)
    {
        try
        {
            await change();
        }
        catch (AccountException e)
        {
            return await FailAsync(e.Message, ct);
        }
        await audit.RecordAsync(HttpContext.GetCaller(), action, UserStore.NormalizeLogin(login ?? ""), null, ct);
        Success = success;
        await LoadAsync(ct);
        return Page();
    }

    async Task<IActionResult> FailAsync(string message, CancellationToken ct)
    {
        Error = message;
        await LoadAsync(ct);
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var filter = Filter?.Trim() ?? "";
        var matching = (await users.ListAsync(ct))
            .Where(a => filter.Length == 0 || a.Login.Contains(filter, StringComparison.OrdinalIgnoreCase)
                || (a.Uai ?? "").Contains(filter, StringComparison.OrdinalIgnoreCase) || (a.CandidateNumber ?? "").Contains(filter, StringComparison.Ordinal))
            .ToList();
        MatchCount = matching.Count;
        Accounts = matching.Take(MaxListed).ToList();
        Sessions = await sessions.ListSessionsAsync(ct);
    }
}
