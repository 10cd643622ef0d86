using CfgResults.Engine.Accounts;
using CfgResults.Host.Pages.Navigation;
using CfgResults.Host.Security;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.WebEncoders;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CfgResults.Host.Auth;

/// <summary>
/// The accounts area in three calls for Program.cs:
/// <code>
/// builder.AddAccounts();
/// app.UseSecurityHeaders();   // first: every response, static files included, carries the headers
/// app.UseAccounts();          // static files, authentication, authorization, antiforgery
/// app.MapAccountPages();      // Razor Pages: /, /connexion, /deconnexion, /acces-refuse
/// </code>
/// </summary>
public static class AccountsExtensions
{
    public const string CookieName = "CfgResults.Session";
    public const string AntiforgeryCookieName = "CfgResults.Antiforgery";
    public const string AntiforgeryHeaderName = "X-CSRF-TOKEN";
    public const string SignInPath = "/connexion";
    public const string SignOutPath = "/deconnexion";
    public const string AccessDeniedPath = "/acces-refuse";
    public static readonly TimeSpan SessionIdleTimeout = TimeSpan.FromMinutes(30);

    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // The account stores (UserStore, UserSessions, AuditLog) are the engine's (AddCfgResultsEngine).
        services.TryAddSingleton<DeviceCookie>();
        services.TryAddScoped<CallerCookieEvents>();

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.ExpireTimeSpan = SessionIdleTimeout;
                options.SlidingExpiration = true;
                options.LoginPath = SignInPath;
                options.LogoutPath = SignOutPath;
                options.AccessDeniedPath = AccessDeniedPath;
                options.EventsType = typeof(CallerCookieEvents);
            });
        services.AddAuthorization(AuthPolicies.Configure);
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = AntiforgeryCookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.HeaderName = AntiforgeryHeaderName;
            // Antiforgery would send X-Frame-Options: SAMEORIGIN; the security headers send DENY.
            options.SuppressXFrameOptionsHeader = true;
        });
        // French text is written as is (« é », not « &#xE9; »); markup characters are still encoded.
        services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        // Razor Pages validate the antiforgery token on every POST by default; nothing here turns that off.
        // (The session upload page reads its form first, for its size limit, then checks the token itself: SessionUploadAttribute.)
        services.AddRazorPages(options =>
        {
            options.Conventions.AllowAnonymousToPage("/Connexion");
            options.Conventions.AllowAnonymousToPage("/AccesRefuse");
            options.Conventions.AllowAnonymousToPage("/Erreur");
        });
        return builder;
    }

    public static WebApplication UseAccounts(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            // Static files are public and versioned (asp-append-version); they may be cached, pages may not.
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseFormOriginGuard();
        // Minimal-API endpoints that bind forms are checked here; Razor Pages check their own tokens.
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapAccountPages(this WebApplication app)
    {
        app.MapRazorPages();
        return app;
    }
}
