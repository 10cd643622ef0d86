using CfgResults.Engine.Accounts;
using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CfgResults.Host.Pages;

/// <summary>
/// Sign-in. Every attempt is audited (success, failure, lockout). The message never tells whether the
/// login exists; the return URL is followed only when it is local to the site.
/// </summary>
public sealed class ConnexionModel(UserStore users, AuditLog audit, UserSessions sessions, DeviceCookie devices) : PageModel
{
    /// <summary>Element ids, also used as anchors from the error summary.</summary>
    public const string LoginField = "identifiant";
    public const string PasswordField = "mot-de-passe";

    [BindProperty] public string? Login { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [FromQuery(Name = "deconnecte")] public bool SignedOut { get; set; }

    public List<(string Field, string Message)> Errors { get; } = [];

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturnUrl()) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Login)) Errors.Add((LoginField, AccountMessages.LoginFieldRequired));
        if (string.IsNullOrEmpty(Password)) Errors.Add((PasswordField, AccountMessages.PasswordFieldRequired));
        if (Errors.Count > 0) return Page();

        var login = UserStore.NormalizeLogin(Login!);
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "inconnue";
        var result = await users.VerifyAsync(Login!, Password!, new SignInClient(address, devices.Read(Request, login)), ct);
        var where = $"ip={address}";
        // Unknown logins are named as such in the audit log only: it helps to spot guessing, and only managers read it.
        var details = result.KnownLogin ? where : $"{where}; identifiant inconnu";
        switch (result.Outcome)
        {
            case SignInOutcome.Succeeded:
                await audit.RecordAsync(result.Caller!, AuditActions.SignIn, result.Caller!.ToString(), where, ct);
                var session = await sessions.OpenAsync(login, address, ct);
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                    CallerClaims.ToPrincipal(result.Caller, result.SecurityStamp!, CookieAuthenticationDefaults.AuthenticationScheme, session),
                    new AuthenticationProperties { IsPersistent = false });
                devices.Write(Response, login);
                return LocalRedirect(SafeReturnUrl());
            case SignInOutcome.Failed:
                await audit.RecordAsync(login, AuditActions.SignInFailed, login, details, ct);
                break;
            case SignInOutcome.Throttled:
                await audit.RecordAsync(login, AuditActions.SignInThrottled, login, details, ct);
                break;
            case SignInOutcome.Disabled:
                await audit.RecordAsync(login, AuditActions.SignInRefusedDisabled, login, details, ct);
                break;
            default:
                throw new InvalidOperationException($"Issue de connexion inattendue : {result.Outcome}.");
        }
        Errors.Add((LoginField, result.Message));
        Password = null;
        return Page();
    }

    string SafeReturnUrl() =>
        !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) && !ReturnUrl.StartsWith(AccountsExtensions.SignInPath, StringComparison.OrdinalIgnoreCase)
            ? ReturnUrl
            : "/";
}
