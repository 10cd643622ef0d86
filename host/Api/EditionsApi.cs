using CfgResults.Engine.Accounts;
using CfgResults.Engine.Running;
using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CfgResults.Host.Api;

/// <summary>
/// The caller's runs (« éditions ») and their files. A run is its caller's only: anyone else, the exam manager
/// included, gets the same 404 as for an id that does not exist.
/// </summary>
public static class EditionsApi
{
    const int DefaultLimit = 50;
    const int MaxLimit = 200;

    public static RouteGroupBuilder MapEditionsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/editions").WithTags("Éditions");
        group.MapGet("/", ListAsync)
            .WithName("ListerEditions")
            .WithSummary("Mes éditions")
            .WithDescription("Les éditions lancées par l'utilisateur connecté, les plus récentes d'abord (limite : 1 à 200, 50 par défaut).");
        group.MapGet("/{id}", GetAsync)
            .WithName("LireEdition")
            .WithSummary("Une de mes éditions : état, progression, message, fichier")
            .WithDescription("404 si l'édition n'existe pas ou a été lancée par un autre utilisateur.");
        group.MapGet("/{id}/fichier", DownloadAsync)
            .WithName("TelechargerEdition")
            .WithSummary("Télécharger le fichier d'une de mes éditions")
            .WithDescription("Nom de fichier fixé par le serveur, type de contenu exact. 404 si l'édition n'est pas la vôtre ; 409 si elle n'a pas (encore) de fichier.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");
        group.MapPost("/{id}/annulation", CancelAsync)
            .WithName("AnnulerEdition")
            .WithSummary("Arrêter une de mes éditions en cours")
            .WithDescription("Exige l'en-tête X-CSRF-TOKEN. 202 avec l'édition : elle s'arrête dans la seconde et finit « Annulée » "
                + "(une publication garde les établissements déjà terminés). 404 si l'édition n'est pas la vôtre ; 409 si elle est déjà terminée.");
        return api;
    }

    static async Task<Results<Accepted<Edition>, NotFound<ReponseErreurs>, Conflict<ReponseErreurs>>> CancelAsync(
        string id, HttpContext http, RunStore runs, AuditLog audit, CancellationToken ct)
    {
        var (run, refusal) = await FindOwnAsync(id, http, runs, audit, ct);
        if (run is null) return refusal!;
        if (!await runs.RequestCancelAsync(run.Id, ct))
        {
            var ended = await runs.GetAsync(run.Id, ct) ?? run;
            return TypedResults.Conflict(ReponseErreurs.Une(ApiErrorCodes.RunFinished, "", string.Format(ApiErrorCodes.RunFinishedMessage, RunStateNames.French(ended.State))));
        }
        await audit.RecordAsync(http.GetCaller(), AuditActions.RunCancelRequested, $"edition:{run.Id}", null, ct);
        return TypedResults.Accepted($"/api/editions/{run.Id}", Edition.From(run));
    }

    static async Task<Results<Ok<IReadOnlyList<Edition>>, BadRequest<ReponseErreurs>>> ListAsync(int? limite, HttpContext http, RunStore runs, CancellationToken ct)
    {
        var limit = limite ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
            return TypedResults.BadRequest(ReponseErreurs.Une(ApiErrorCodes.InvalidPaging, "limite", string.Format(ApiErrorCodes.PageSizeMessage, MaxLimit)));
        var list = await runs.ListByCallerAsync(http.GetCaller().ToString(), limit, ct);
        return TypedResults.Ok<IReadOnlyList<Edition>>(list.Select(Edition.From).ToList());
    }

    static async Task<Results<Ok<Edition>, NotFound<ReponseErreurs>>> GetAsync(string id, HttpContext http, RunStore runs, AuditLog audit, CancellationToken ct)
    {
        var (run, refusal) = await FindOwnAsync(id, http, runs, audit, ct);
        return run is null ? refusal! : TypedResults.Ok(Edition.From(run));
    }

    static async Task<Results<FileStreamHttpResult, NotFound<ReponseErreurs>, Conflict<ReponseErreurs>>> DownloadAsync(
        string id, HttpContext http, RunStore runs, AuditLog audit, RunOutputAccess outputs, CancellationToken ct)
    {
        // Authorization is checked here, at the download itself, not only when the run was listed.
        var (run, refusal) = await FindOwnAsync(id, http, runs, audit, ct);
        if (run is null) return refusal!;
        if (run.State != RunState.Succeeded || run.Output is not { } output)
            return TypedResults.Conflict(ReponseErreurs.Une(ApiErrorCodes.NoFile, "", string.Format(ApiErrorCodes.NoFileMessage, RunStateNames.French(run.State))));
        // Opened (and the download audited, once) by the engine.
        if (await outputs.OpenAsync(http.GetCaller(), run, ct) is not var (_, stream))
            return TypedResults.Conflict(ReponseErreurs.Une(ApiErrorCodes.NoFile, "", string.Format(ApiErrorCodes.NoFileMessage, RunStateNames.French(run.State))));
        return ApiResponses.File(http, stream, output.ContentType, output.FileName);
    }

    static async Task<(RunRecord? Run, NotFound<ReponseErreurs>? Refusal)> FindOwnAsync(string id, HttpContext http, RunStore runs, AuditLog audit, CancellationToken ct)
    {
        // Checked before any look-up: `..%2F..%2Fetc%2Fpasswd` and the like never reach the store.
        if (!ApiResponses.IsRunId(id))
            return (null, await ApiResponses.NotFoundAsync(http, audit, "identifiant d'édition invalide"));
        var run = await runs.GetAsync(id, ct);
        if (run is null)
            return (null, await ApiResponses.NotFoundAsync(http, audit, "édition inconnue"));
        if (run.Caller != http.GetCaller().ToString())
            return (null, await ApiResponses.NotFoundAsync(http, audit, $"édition d'un autre utilisateur ({run.Caller})"));
        return (run, null);
    }
}
