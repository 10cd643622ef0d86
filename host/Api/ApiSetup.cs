using System.Text.Encodings.Web;
using System.Text.Unicode;
using CfgResults.Engine.Accounts;
using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

namespace CfgResults.Host.Api;

/// <summary>
/// The JSON API under <c>/api</c>, in two calls for Program.cs:
/// <code>
/// builder.AddApi();   // JSON options, OpenAPI document, the school-or-manager policy
/// app.MapApi();       // /api/… and /openapi/v1.json (after app.UseAccounts())
/// </code>
/// Same rules as the pages: the sign-in cookie identifies the caller; anonymous → 401, wrong role → 403,
/// someone else's resource or an unknown id → 404 (audited); state changes need the antiforgery token in
/// <c>X-CSRF-TOKEN</c> and this site's <c>Origin</c> (see <see cref="StateChangeGuard"/>).
/// </summary>
public static class ApiSetup
{
    public const string Prefix = "/api";
    public const string OpenApiDocument = "v1";
    public const string OpenApiPath = "/openapi/{documentName}.json";
    public const string SchoolOrManagerPolicy = "EtablissementOuGestionnaire";

    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.ConfigureHttpJsonOptions(o =>
        {
            // « é » as is rather than « \u00E9 »; markup characters stay escaped.
            o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        });
        // Binding failures (page=abc, malformed JSON) are thrown, so that ApiProblemsMiddleware says them in French.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddAuthorization(o => o.AddPolicy(SchoolOrManagerPolicy, p => p.RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.TryGetCaller() is { Role: CallerRole.School or CallerRole.Manager })));
        services.AddOpenApi(OpenApiDocument, o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true || d.RelativePath == "api";
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "API CfgResults — résultats d'examens",
                    Version = "v1",
                    Description = "Les mêmes règles que les pages : connexion par le cookie de session (page /connexion) ; "
                        + "sans connexion 401, profil non autorisé 403, ressource d'un autre utilisateur ou inconnue 404. "
                        + "Les appels POST, PUT et DELETE exigent le jeton de GET /api/antiforgery dans l'en-tête X-CSRF-TOKEN "
                        + "et refusent une origine étrangère. Erreurs (4xx, 5xx) : document application/problem+json en français "
                        + "{ \"type\", \"title\", \"status\", \"detail\", \"erreurs\": [ { \"code\", \"champ\", \"message\" } ] } ; "
                        + "429 quand un établissement a atteint sa limite d'éditions en attente ou en cours.",
                };
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    public static WebApplication MapApi(this WebApplication app)
    {
        var api = app.MapGroup(Prefix)
            .RequireAuthorization()
            .AddEndpointFilter<StateChangeGuard>();
        api.MapGet("/antiforgery", GetAntiforgeryToken)
            .WithTags("Sécurité")
            .WithName("JetonAntiforgery")
            .WithSummary("Jeton anti-falsification")
            .WithDescription("À renvoyer dans l'en-tête X-CSRF-TOKEN de chaque appel POST, PUT ou DELETE, avec le cookie posé par cette réponse.");
        api.MapActivitesApi();
        api.MapEditionsApi();
        api.MapElevesApi();
        api.MapDocumentsApi();
        api.MapModelesApi();
        api.MapSuggestionsApi();
        app.MapOpenApi(OpenApiPath).AllowAnonymous();
        return app;
    }

    static Ok<JetonAntiforgery> GetAntiforgeryToken(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return TypedResults.Ok(new JetonAntiforgery(tokens.RequestToken!, AccountsExtensions.AntiforgeryHeaderName));
    }
}
