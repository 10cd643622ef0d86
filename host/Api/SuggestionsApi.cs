using CfgResults.Engine.Accounts;
using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using CfgResults.Engine.Data;
using CfgResults.Engine.Sessions;

namespace CfgResults.Host.Api;

/// <summary>One suggestion: the value to type and what a person reads (a school's name with its UAI).</summary>
public sealed record Suggestion(string Valeur, string Libelle);

/// <summary>
/// Suggestions as the user types, so that no page embeds a list that grows with the session (issue 13, item 10).
/// Scoped like the caller's criteria: a school is offered its own UAI and the centres where its students sat, and
/// the decision groups of its students; the exam manager the whole session. At most <see cref="MaxCount"/> matches.
/// </summary>
public static class SuggestionsApi
{
    public const int MaxCount = 20;
    public const string InvalidField = "API020";

    static readonly string[] SchoolFields = ["etablissement", "etablissement_inscription", "centre_epreuve"];
    static readonly string[] Fields = [.. SchoolFields, "groupe_decision", "epreuve"];

    public static RouteGroupBuilder MapSuggestionsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/suggestions", SuggestAsync)
            .WithTags("Suggestions")
            .RequireAuthorization(ApiSetup.SchoolOrManagerPolicy)
            .WithName("Suggestions")
            .WithSummary("Suggestions pendant la saisie")
            .WithDescription("champ : etablissement (ou etablissement_inscription, centre_epreuve), groupe_decision ou epreuve ; q : début du code "
                + "ou partie du nom (sans tenir compte de la casse) ; au plus 20 réponses. Établissement : son UAI et ses centres d'épreuves, "
                + "les groupes de ses élèves ; gestionnaire : toute la session. session : code de session, la session en cours par défaut.");
        return api;
    }

    static async Task<Results<Ok<IReadOnlyList<Suggestion>>, BadRequest<ReponseErreurs>>> SuggestAsync(string? champ, string? q, string? session,
        HttpContext http, SessionResolver resolver, SessionStore sessions, CancellationToken ct)
    {
        var field = champ?.Trim() ?? "";
        if (!Fields.Contains(field, StringComparer.Ordinal))
            return TypedResults.BadRequest(ReponseErreurs.Une(InvalidField, "champ",
                $"Champ « {field} » sans suggestions : choisissez parmi {string.Join(", ", Fields)}."));
        var text = q?.Trim() ?? "";
        if (text.Length > 100)
            return TypedResults.BadRequest(ReponseErreurs.Une(ApiErrorCodes.InvalidValue, "q", "La saisie « q » ne doit pas dépasser 100 caractères."));

        var caller = http.GetCaller();
        var code = (await resolver.ChooseAsync(caller, session, ct: ct)).Code;
        if (code is null) return TypedResults.Ok<IReadOnlyList<Suggestion>>([]);
        var school = caller.Role == CallerRole.School ? caller.Uai : null;
        var context = await sessions.LoadContextAsync(code, school, ct);
        if (context is null) return TypedResults.Ok<IReadOnlyList<Suggestion>>([]);

        bool Matches(string value, string label) =>
            value.StartsWith(text, StringComparison.OrdinalIgnoreCase) || label.Contains(text, StringComparison.CurrentCultureIgnoreCase);
        IEnumerable<Suggestion> all;
        if (SchoolFields.Contains(field, StringComparer.Ordinal))
        {
            var visible = school is null ? null
                : (await sessions.CentresOfSchoolAsync(code, school, ct)).Append(school).ToHashSet(StringComparer.Ordinal);
            all = context.Schools.Where(s => visible is null || visible.Contains(s.Uai))
                .OrderBy(s => s.Uai, StringComparer.Ordinal)
                .Select(s => new Suggestion(s.Uai, s.DisplayWithUai));
        }
        else if (field == "groupe_decision")
            all = context.DecisionGroups.Select(g => new Suggestion(g, g));
        else
            all = context.Exams.OrderBy(e => e.Order).Select(e => new Suggestion(e.Code, e.Code));
        return TypedResults.Ok<IReadOnlyList<Suggestion>>(all.Where(s => text.Length == 0 || Matches(s.Valeur, s.Libelle)).Take(MaxCount).ToList());
    }
}
