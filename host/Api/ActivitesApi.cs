using System.Text.RegularExpressions;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Data;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Running;
using CfgResults.Host.Auth;
using CfgResults.Host.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using CfgResults.Engine.Sessions;

namespace CfgResults.Host.Api;

/// <summary>
/// Activities (workflow definitions) and starting a run of one. An activity of another audience answers 404,
/// as an unknown one does: the caller cannot tell which activities exist for other profiles.
/// </summary>
public static partial class ActivitesApi
{

    public static RouteGroupBuilder MapActivitesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/activites").WithTags("Activités");
        group.MapGet("/", ListAsync)
            .WithName("ListerActivites")
            .WithSummary("Les activités du profil connecté")
            .WithDescription("Titre, chemin de menu, paramètres (avec leurs valeurs possibles) et critères (verrouillés ou non) de chaque activité que l'utilisateur peut lancer. "
                + "session : code de session, la session en cours par défaut (groupes de décision de cette session).");
        group.MapGet("/{id}", GetAsync)
            .WithName("LireActivite")
            .WithSummary("Une activité")
            .WithDescription("404 si l'activité n'existe pas ou n'est pas destinée au profil connecté.");
        group.MapPost("/{id}/editions", StartAsync)
            .WithName("LancerEdition")
            .WithSummary("Lancer une édition de l'activité")
            .WithDescription("Exige l'en-tête X-CSRF-TOKEN (voir GET /api/antiforgery). 202 avec l'édition (à suivre sur GET /api/editions/{id}) ; "
                + "400 avec toutes les erreurs de saisie (paramètre invalide, critère verrouillé…) ; 404 pour une activité inconnue ou d'un autre profil. "
                + "Une seconde demande avec la même cleIdempotence renvoie la même édition.");
        return api;
    }

    static async Task<Ok<IReadOnlyList<Activite>>> ListAsync(string? session, HttpContext http, IDefinitionSource definitions, SessionResolver resolver, SessionStore sessions, TimeProvider clock, CancellationToken ct)
    {
        var caller = http.GetCaller();
        var context = await ChosenContextAsync(resolver, sessions, caller, session, ct);
        var list = definitions.List()
            .Where(d => Runner.AudienceAllows(d.Definition.Audience, caller))
            .OrderBy(d => string.Join(" > ", d.Definition.Menu), StringComparer.Ordinal)
            .Select(d => ToActivite(d, caller, context, clock))
            .ToList();
        return TypedResults.Ok<IReadOnlyList<Activite>>(list);
    }

    static async Task<Results<Ok<Activite>, NotFound<ReponseErreurs>>> GetAsync(string id, string? session, HttpContext http, AuditLog audit,
        IDefinitionSource definitions, SessionResolver resolver, SessionStore sessions, TimeProvider clock, CancellationToken ct)
    {
        var caller = http.GetCaller();
        if (FindForCaller(definitions, id, caller) is not { } definition)
            return await ApiResponses.NotFoundAsync(http, audit, $"activité « {id} » inconnue ou d'un autre profil");
        return TypedResults.Ok(ToActivite(definition, caller, await ChosenContextAsync(resolver, sessions, caller, session, ct), clock));
    }

    static async Task<Results<Accepted<Edition>, Accepted<PublicationPlanifiee>, BadRequest<ReponseErreurs>, NotFound<ReponseErreurs>, Conflict<ReponseErreurs>>> StartAsync(
        string id, DemandeEdition? demande, HttpContext http, AuditLog audit, IDefinitionSource definitions, RunStore runs, Runner runner, RunLauncher launcher, CancellationToken ct)
    {
        var caller = http.GetCaller();
        if (FindForCaller(definitions, id, caller) is null)
            return await ApiResponses.NotFoundAsync(http, audit, $"activité « {id} » inconnue ou d'un autre profil");
        demande ??= new DemandeEdition(null, null, null, null);

        string? key = null;
        if (demande.CleIdempotence is { } given)
        {
            if (!Idempotency.IsValidKey(given))
                return TypedResults.BadRequest(ReponseErreurs.Une(ApiErrorCodes.InvalidIdempotencyKey, "cleIdempotence", ApiErrorCodes.IdempotencyKeyMessage));
            // Keys are global in the run store: scoped to the caller, another account's key can never answer its run.
            key = Idempotency.ForApi(caller, given);
            // Answered here, before a planned publication would be checked again; the key is the caller's own.
            var earlier = await runs.FindByKeyAsync(key, ct);
            if (earlier is not null) return Accepted(earlier);
        }

        var (changes, changeErrors) = ToChanges(demande.Criteres ?? []);
        var request = new RunRequest(id, caller, string.IsNullOrWhiteSpace(demande.Session) ? null : demande.Session.Trim(),
            demande.Parametres ?? [], changes, key);
        try
        {
            if (changeErrors.Count > 0)
            {
                // Every error at once: the runner checks what could be read, without recording anything.
                try { await runner.ValidateAsync(request, ct); }
                catch (RunInputException e) { changeErrors.AddRange(ReponseErreurs.De(e).Erreurs); }
                return TypedResults.BadRequest(new ReponseErreurs(changeErrors));
            }
            var launched = await launcher.StartAsync(request, ct);
            if (launched.Run is { } run)
            {
                // Defence in depth: a run answered for a key must be the caller's own.
                if (run.Caller != caller.ToString())
                    return await ApiResponses.NotFoundAsync(http, audit, $"clé d'idempotence d'une édition d'un autre utilisateur ({run.Id})");
                return Accepted(run);
            }
            var p = launched.Planned!;
            return TypedResults.Accepted((string?)null, new PublicationPlanifiee(p.Id, p.DefinitionId, p.SessionCode, p.DueAt, p.State.ToString()));
        }
        catch (RunInputException e)
        {
            return TypedResults.BadRequest(ReponseErreurs.De(e));
        }
        catch (NotAllowedException e)
        {
            return await ApiResponses.NotFoundAsync(http, audit, e.Message);
        }
        catch (Engine.Running.PublicationBusyException e)
        {
            return TypedResults.Conflict(ReponseErreurs.Une(ApiErrorCodes.PublicationBusy, "", e.Message));
        }
    }

    static Accepted<Edition> Accepted(RunRecord run) => TypedResults.Accepted($"/api/editions/{run.Id}", Edition.From(run));

    internal static PublishedDefinition? FindForCaller(IDefinitionSource definitions, string id, Caller caller) =>
        DefinitionId().IsMatch(id) && definitions.Get(id) is { } d && Runner.AudienceAllows(d.Definition.Audience, caller) ? d : null;

    /// <summary>The session asked for (`?session=CODE`), else the one in progress, as the caller sees it (a school: only its own decision groups).</summary>
    static async Task<SessionContext?> ChosenContextAsync(SessionResolver resolver, SessionStore sessions, Caller caller, string? session, CancellationToken ct) =>
        (await resolver.ChooseAsync(caller, session, ct: ct)).Code is { } code
            ? await sessions.LoadContextAsync(code, caller.Uai, ct)
            : null;

    static Activite ToActivite(PublishedDefinition published, Caller caller, SessionContext? session, TimeProvider clock)
    {
        var d = published.Definition;
        var school = caller.Uai is { } uai ? session?.Schools.FirstOrDefault(s => s.Uai == uai) : null;
        var localNow = ParisTime.ToLocal(clock.GetUtcNow());
        string Resolve(string text) => Placeholders.Resolve(text, caller, school, session?.Session, localNow);
        var parameters = d.Parameters.Select(p => new Parametre(p.Id, p.Label, ApiNames.ParameterType(p.Type), p.Required,
            p.Default is { } def ? Resolve(def) : null,
            p.Type == ParameterType.Choice ? (session is null ? p.Choices : ParameterBinder.Options(p, session)) : [])).ToList();
        var criteria = d.Criteria.Select(c => new Critere(c.Field, ApiNames.FieldLabel(c.Field), CriteriaCatalog.OperatorName(c.Operator),
            c.Values.Select(Resolve).ToList(), c.Locked)).ToList();
        return new Activite(d.Id, d.Title, d.Menu.Count > 0 ? d.Menu : [d.Title], d.Description, published.Version, parameters, criteria,
            $"/api/activites/{d.Id}/editions");
    }

    /// <summary>The JSON changes as the merger's; every malformed one is reported, with its field.</summary>
    internal static (List<CriterionChange> Changes, List<Erreur> Errors) ToChanges(IReadOnlyList<ChangementCritere> input)
    {
        var changes = new List<CriterionChange>();
        var errors = new List<Erreur>();
        var known = string.Join(", ", CriteriaCatalog.OperatorKeys);
        foreach (var c in input)
        {
            if (string.IsNullOrWhiteSpace(c.Champ))
            {
                errors.Add(new Erreur(ApiErrorCodes.InvalidBody, "criteres", ApiErrorCodes.MissingFieldMessage));
                continue;
            }
            var field = c.Champ.Trim();
            if (c.Supprimer)
            {
                changes.Add(CriterionChange.Removal(field));
                continue;
            }
            if (string.IsNullOrWhiteSpace(c.Operateur))
                errors.Add(new Erreur(ApiErrorCodes.UnknownOperator, field, string.Format(ApiErrorCodes.MissingOperatorMessage, field, known)));
            else if (!CriteriaCatalog.TryParseOperator(c.Operateur.Trim(), out var op))
                errors.Add(new Erreur(ApiErrorCodes.UnknownOperator, field, string.Format(ApiErrorCodes.UnknownOperatorMessage, c.Operateur, known)));
            else
                changes.Add(new CriterionChange(field, op, c.Valeurs?.Select(v => v ?? "").ToList() ?? []));
        }
        return (changes, errors);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex DefinitionId();

}
