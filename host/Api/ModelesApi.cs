using CfgResults.Engine.Criteria;
using CfgResults.Engine.Data;
using CfgResults.Engine.Presets;
using CfgResults.Engine.Running;
using CfgResults.Host.Auth;
using CfgResults.Host.Pages.Activites;
using Microsoft.AspNetCore.Http.HttpResults;
using CfgResults.Engine.Accounts;

namespace CfgResults.Host.Api;

/// <summary>A saved edition (« modèle d'édition ») as the API shows it; criteria as sent to POST /api/activites/{id}/editions.</summary>
public sealed record Modele(string Id, string Nom, string Activite, string Session, Dictionary<string, string> Parametres,
    IReadOnlyList<ChangementCritere> Criteres, DateTimeOffset EnregistreLe);

/// <summary>Body of POST /api/modeles.</summary>
public sealed record DemandeModele(string? Nom, string? Activite, Dictionary<string, string>? Parametres, IReadOnlyList<ChangementCritere>? Criteres);

/// <summary>
/// Settings to fill a run request for the current session (from a preset, or from a past run for « Relancer »), and what
/// could not be carried over, one sentence each.
/// </summary>
public sealed record Reglages(string Activite, string Session, Dictionary<string, string> Parametres, IReadOnlyList<ChangementCritere> Criteres,
    IReadOnlyList<string> NonRepris);

/// <summary>
/// Saved editions: per school (shared by its accounts) or per exam manager. Another owner's preset answers 404, as an
/// unknown one does. Saving and deleting are audited (`modele.enregistrement`, `modele.suppression`).
/// </summary>
public static class ModelesApi
{
    public static RouteGroupBuilder MapModelesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/modeles").WithTags("Modèles d'édition").RequireAuthorization(ApiSetup.SchoolOrManagerPolicy);
        group.MapGet("/", ListAsync).WithName("ListerModeles").WithSummary("Les modèles d'édition de l'utilisateur (ou de son établissement)")
            .WithDescription("Filtrés par activité avec ?activite=extraction-notes.");
        group.MapPost("/", SaveAsync).WithName("EnregistrerModele").WithSummary("Enregistrer un modèle d'édition")
            .WithDescription("Exige l'en-tête X-CSRF-TOKEN. Un modèle du même nom pour la même activité est remplacé. 201 avec le modèle ; 400 si le nom ou les critères sont invalides ; 404 pour une activité inconnue ou d'un autre profil.");
        group.MapDelete("/{id}", DeleteAsync).WithName("SupprimerModele").WithSummary("Supprimer un modèle d'édition");
        group.MapGet("/{id}/reglages", PresetSettingsAsync).WithName("ReglagesModele")
            .WithSummary("Les réglages d'un modèle pour la session en cours, et ce qui n'a pas pu être repris");
        api.MapGet("/editions/{id}/reglages", RunSettingsAsync).WithTags("Éditions").WithName("ReglagesEdition")
            .RequireAuthorization(ApiSetup.SchoolOrManagerPolicy)
            .WithSummary("« Relancer » : les réglages d'une de vos éditions pour la session en cours, et ce qui n'a pas pu être repris");
        return api;
    }

    static async Task<Ok<IReadOnlyList<Modele>>> ListAsync(string? activite, HttpContext http, RunPresetStore presets, CancellationToken ct)
    {
        var owner = RunPresetStore.OwnerOf(http.GetCaller())!;
        var list = await presets.ListAsync(owner, string.IsNullOrWhiteSpace(activite) ? null : activite, ct);
        return TypedResults.Ok<IReadOnlyList<Modele>>(list.Select(ToModele).ToList());
    }

    static async Task<Results<Created<Modele>, BadRequest<ReponseErreurs>, NotFound<ReponseErreurs>>> SaveAsync(
        DemandeModele? demande, HttpContext http, AuditLog audit, IDefinitionSource definitions, RunPresetStore presets, SessionStore sessions, CancellationToken ct)
    {
        var caller = http.GetCaller();
        var owner = RunPresetStore.OwnerOf(caller)!;
        if (demande?.Activite is not { } id || ActivitesApi.FindForCaller(definitions, id, caller) is not { } published)
            return await ApiResponses.NotFoundAsync(http, audit, $"activité « {demande?.Activite} » inconnue ou d'un autre profil");
        var errors = new List<Erreur>();
        var name = (demande.Nom ?? "").Trim();
        if ((RunPresetStore.NameError(name) ?? await presets.RoomErrorAsync(owner, published.Definition.Id, name, ct)) is { } nameError)
            errors.Add(new Erreur(ApiErrorCodes.InvalidBody, "nom", nameError));
        var (changes, changeErrors) = ActivitesApi.ToChanges(demande.Criteres ?? []);
        errors.AddRange(changeErrors);
        if (errors.Count > 0) return TypedResults.BadRequest(new ReponseErreurs(errors));
        var session = await sessions.LatestSessionCodeAsync(ct) ?? "";
        var preset = await presets.SaveAsync(owner, published.Definition.Id, name, session, demande.Parametres ?? [], changes, caller.Login, ct);
        await audit.RecordAsync(caller, ActiviteModel.AuditPresetSaved, $"modele:{preset.Id}", $"{preset.DefinitionId} « {preset.Name} »", ct);
        return TypedResults.Created($"/api/modeles/{preset.Id}", ToModele(preset));
    }

    static async Task<Results<NoContent, NotFound<ReponseErreurs>>> DeleteAsync(string id, HttpContext http, RunPresetStore presets, AuditLog audit, CancellationToken ct)
    {
        var caller = http.GetCaller();
        var owner = RunPresetStore.OwnerOf(caller)!;
        if (await presets.GetAsync(id, owner, ct) is not { } preset || !await presets.DeleteAsync(id, owner, ct))
            return await ApiResponses.NotFoundAsync(http, audit, $"modèle « {id} » inconnu ou d'un autre propriétaire");
        await audit.RecordAsync(caller, ActiviteModel.AuditPresetDeleted, $"modele:{preset.Id}", $"{preset.DefinitionId} « {preset.Name} »", ct);
        return TypedResults.NoContent();
    }

    static async Task<Results<Ok<Reglages>, NotFound<ReponseErreurs>>> PresetSettingsAsync(string id, HttpContext http, RunPresetStore presets, IDefinitionSource definitions, SessionStore sessions, AuditLog audit, CancellationToken ct)
    {
        var caller = http.GetCaller();
        if (await presets.GetAsync(id, RunPresetStore.OwnerOf(caller)!, ct) is not { } preset
            || ActivitesApi.FindForCaller(definitions, preset.DefinitionId, caller) is not { } published)
            return await ApiResponses.NotFoundAsync(http, audit, $"modèle « {id} » inconnu ou d'un autre propriétaire");
        return TypedResults.Ok(await CarryAsync(sessions, caller, published, preset.Parameters, preset.Criteria, ct));
    }

    static async Task<Results<Ok<Reglages>, NotFound<ReponseErreurs>>> RunSettingsAsync(string id, HttpContext http, RunStore runs, IDefinitionSource definitions, SessionStore sessions, AuditLog audit, CancellationToken ct)
    {
        var caller = http.GetCaller();
        if (!ApiResponses.IsRunId(id) || await runs.GetAsync(id, ct) is not { } run || run.Caller != caller.ToString()
            || ActivitesApi.FindForCaller(definitions, run.DefinitionId, caller) is not { } published)
            return await ApiResponses.NotFoundAsync(http, audit, $"édition « {id} » inconnue");
        var (parameters, criteria) = SettingsCarryOver.OfRun(run);
        return TypedResults.Ok(await CarryAsync(sessions, caller, published, parameters, criteria, ct));
    }

    static async Task<Reglages> CarryAsync(SessionStore sessions, Engine.Accounts.Caller caller, PublishedDefinition published,
        IReadOnlyDictionary<string, string> parameters, IReadOnlyList<CriterionChange> criteria, CancellationToken ct)
    {
        var code = await sessions.LatestSessionCodeAsync(ct);
        var session = code is null ? null : await sessions.LoadContextAsync(code, caller.Uai, ct);
        var carried = SettingsCarryOver.Apply(published.Definition, session, parameters, criteria);
        return new Reglages(published.Definition.Id, code ?? "", carried.Parameters, carried.Criteria.Select(ToChangement).ToList(), carried.Dropped);
    }

    static Modele ToModele(RunPreset p) =>
        new(p.Id, p.Name, p.DefinitionId, p.SessionCode, new Dictionary<string, string>(p.Parameters), p.Criteria.Select(ToChangement).ToList(), p.UpdatedAt);

    static ChangementCritere ToChangement(CriterionChange c) =>
        c.Remove ? new ChangementCritere(c.Field, null, null, true) : new ChangementCritere(c.Field, CriteriaCatalog.OperatorName(c.Operator), c.Values);
}
