using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Publishing;
using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using CfgResults.Engine.Sessions;

namespace CfgResults.Host.Api;

/// <summary>
/// Student search and a student's published documents, for schools (their own registered students only)
/// and the exam manager (the whole session). A student of another school answers 404.
/// </summary>
public static class ElevesApi
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static RouteGroupBuilder MapElevesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/eleves").WithTags("Élèves").RequireAuthorization(ApiSetup.SchoolOrManagerPolicy);
        group.MapGet("/", SearchAsync)
            .WithName("RechercherEleves")
            .WithSummary("Rechercher des élèves")
            .WithDescription("Établissement : ses élèves inscrits ; gestionnaire : toute la session. nom : début du nom de famille (sans tenir compte "
                + "des accents ni de la casse) ; etat : état de la candidature (Inscrit…) ; specialite : code exact. Triés par nom et prénoms, par pages "
                + "(taille 1 à 100, 20 par défaut). session : code de session, la session en cours par défaut.");
        group.MapGet("/{numero}/documents", DocumentsAsync)
            .WithName("DocumentsEleve")
            .WithSummary("Les documents publiés d'un élève")
            .WithDescription("404 si l'élève n'est pas inscrit dans l'établissement connecté. session : code de session, la session en cours par défaut.");
        return api;
    }

    static async Task<Results<Ok<PageEleves>, BadRequest<ReponseErreurs>>> SearchAsync(string? nom, string? etat, string? specialite, int? page, int? taille,
        string? session, HttpContext http, SessionResolver resolver, CandidateSearch search, CancellationToken ct)
    {
        var errors = new List<Erreur>();
        var pageNumber = page ?? 1;
        var pageSize = taille ?? DefaultPageSize;
        if (pageNumber < 1) errors.Add(new Erreur(ApiErrorCodes.InvalidPaging, "page", ApiErrorCodes.PageMessage));
        if (pageSize is < 1 or > MaxPageSize) errors.Add(new Erreur(ApiErrorCodes.InvalidPaging, "taille", string.Format(ApiErrorCodes.PageSizeMessage, MaxPageSize)));

        var changes = new List<CriterionChange>();
        if (!string.IsNullOrWhiteSpace(nom)) changes.Add(CriterionChange.Set("nom", CriterionOperator.StartsWith, nom.Trim()));
        if (!string.IsNullOrWhiteSpace(etat)) changes.Add(CriterionChange.Set("etat", CriterionOperator.Equals, etat.Trim()));
        if (!string.IsNullOrWhiteSpace(specialite)) changes.Add(CriterionChange.Set("specialite", CriterionOperator.Equals, specialite.Trim()));
        // Through the merger, so a bad value comes back with its code and field like a run's criteria do.
        var merged = CriteriaMerger.Merge([], changes);
        errors.AddRange(merged.Errors.Select(e => new Erreur(e.Code, e.Field, e.Message)));
        if (errors.Count > 0) return TypedResults.BadRequest(new ReponseErreurs(errors));

        var code = (await resolver.ChooseAsync(http.GetCaller(), session, ct: ct)).Code;
        if (code is null) return TypedResults.Ok(new PageEleves([], 0, 0, 0, 1, pageSize, new SearchPage([], 0, 0, 0).Caption));
        var result = await search.SearchAsync(http.GetCaller(), code, merged.Criteria, pageNumber, pageSize, ct);
        var items = result.Items.Select(i => new Eleve(i.Number, i.Registration, i.LastName, i.FirstNames, i.BirthDate, $"/api/eleves/{i.Number}/documents")).ToList();
        var shownPage = result.First == 0 ? 1 : (result.First - 1) / pageSize + 1;
        return TypedResults.Ok(new PageEleves(items, result.Total, result.First, result.Last, shownPage, pageSize, result.Caption));
    }

    static async Task<Results<Ok<IReadOnlyList<Document>>, NotFound<ReponseErreurs>>> DocumentsAsync(string numero, string? session, HttpContext http,
        AuditLog audit, SessionResolver resolver, DocumentAccess access, CancellationToken ct)
    {
        if (!AccountIdentifiers.IsValidCandidateNumber(numero))
            return await ApiResponses.NotFoundAsync(http, audit, "numéro candidat invalide");
        var code = (await resolver.ChooseAsync(http.GetCaller(), session, ct: ct)).Code;
        if (code is null) return await ApiResponses.NotFoundAsync(http, audit, $"aucune session « {session} » pour l'utilisateur");
        try
        {
            var entries = await access.ListAsync(http.GetCaller(), code, numero, ct);
            return TypedResults.Ok<IReadOnlyList<Document>>(entries.Select(Document.From).ToList());
        }
        catch (DocumentNotFoundException)
        {
            return await ApiResponses.NotFoundAsync(http, audit, $"élève {numero} hors du périmètre de l'utilisateur (session {code})");
        }
    }
}
