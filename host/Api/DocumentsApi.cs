using System.Globalization;
using CfgResults.Engine.Publishing;
using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Sessions;

namespace CfgResults.Host.Api;

/// <summary>
/// Published documents: download by id (whoever may read the candidate's documents: the candidate, their
/// school, the exam manager; checked again at every download), and a candidate's own list.
/// </summary>
public static class DocumentsApi
{
    public static RouteGroupBuilder MapDocumentsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/documents/{id}", DownloadAsync)
            .WithTags("Documents")
            .WithName("TelechargerDocument")
            .WithSummary("Télécharger un document publié")
            .WithDescription("404 si le document n'existe pas ou n'est pas accessible à l'utilisateur ; 403 avec un message avant sa date de mise à disposition "
                + "(le gestionnaire peut le télécharger dès sa génération).")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf");
        api.MapPost("/documents/selection", SelectionAsync)
            .WithTags("Documents")
            .WithName("TelechargerSelectionReleves")
            .WithSummary("Télécharger les relevés de notes de plusieurs élèves")
            .WithDescription($"Le dernier relevé de notes disponible de chaque élève demandé (au plus {DocumentAccess.MaxSelectedStudents}), fusionnés en un PDF "
                + "ou un PDF par élève dans un ZIP (format : pdf par défaut, ou zip). 404 si un élève n'est pas accessible à l'utilisateur ; "
                + "422 si aucun relevé n'est encore disponible. Comme la page « Relevés sélectionnés ».")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf");
        api.MapGet("/candidat/documents", OwnAsync)
            .WithTags("Documents")
            .RequireAuthorization(AuthPolicies.Candidate)
            .WithName("MesDocuments")
            .WithSummary("Mes documents (candidat)")
            .WithDescription("Les relevés de notes publiés du candidat connecté, disponibles ou à venir. session : la session en cours par défaut.");
        return api;
    }

    static async Task<Results<FileStreamHttpResult, NotFound<ReponseErreurs>, JsonHttpResult<ReponseErreurs>>> DownloadAsync(
        string id, HttpContext http, AuditLog audit, DocumentAccess access, CancellationToken ct)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var versionId) || versionId <= 0)
            return await ApiResponses.NotFoundAsync(http, audit, "identifiant de document invalide");
        var caller = http.GetCaller();
        try
        {
            var (version, content) = await access.OpenAsync(caller, versionId, ct); // audited there
            return ApiResponses.File(http, content, "application/pdf", $"releve-notes-{version.CandidateNumber}-v{version.Version}.pdf");
        }
        catch (DocumentNotFoundException)
        {
            return await ApiResponses.NotFoundAsync(http, audit, "document inconnu ou hors du périmètre de l'utilisateur");
        }
        catch (DocumentNotAvailableException e)
        {
            return TypedResults.Json(ReponseErreurs.Une(ApiErrorCodes.NotYetAvailable, "", e.Message), statusCode: StatusCodes.Status403Forbidden);
        }
        catch (StoredContentMissingException e)
        {
            // Reported by the migration of a folder-based data directory: other bytes are never served in its place.
            return TypedResults.Json(ReponseErreurs.Une(ApiErrorCodes.NoFile, "", e.Message), statusCode: StatusCodes.Status409Conflict);
        }
    }

    static async Task<Results<FileStreamHttpResult, NotFound<ReponseErreurs>, JsonHttpResult<ReponseErreurs>>> SelectionAsync(
        DemandeSelectionReleves demande, HttpContext http, SessionResolver resolver, DocumentAccess access, AuditLog audit, CancellationToken ct)
    {
        var caller = http.GetCaller();
        var numbers = (demande.Eleves ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (numbers.Count is 0 or > DocumentAccess.MaxSelectedStudents)
            return TypedResults.Json(ReponseErreurs.Une(ApiErrorCodes.InvalidValue, "eleves",
                $"indiquez de 1 à {DocumentAccess.MaxSelectedStudents} numéros de candidat"), statusCode: StatusCodes.Status400BadRequest);
        if (demande.Format is { } f && f is not ("pdf" or "zip"))
            return TypedResults.Json(ReponseErreurs.Une(ApiErrorCodes.InvalidValue, "format", "format attendu : pdf ou zip"), statusCode: StatusCodes.Status400BadRequest);
        if ((await resolver.ChooseAsync(caller, demande.Session, ct: ct)).Code is not { } session)
            return await ApiResponses.NotFoundAsync(http, audit, "aucune session");
        try
        {
            var selection = await access.OpenSelectionAsync(caller, session, numbers,
                demande.Format == "zip" ? TranscriptSelectionFormat.Zip : TranscriptSelectionFormat.Pdf, ct); // audited there
            if (selection is null)
                return TypedResults.Json(ReponseErreurs.Une(ApiErrorCodes.NotYetAvailable, "eleves",
                    "Aucun relevé de notes n'est encore disponible pour les élèves demandés."), statusCode: StatusCodes.Status422UnprocessableEntity);
            return ApiResponses.File(http, selection.Content, selection.ContentType, selection.FileName);
        }
        catch (DocumentNotFoundException)
        {
            return await ApiResponses.NotFoundAsync(http, audit, "élève inconnu ou hors du périmètre de l'utilisateur");
        }
    }

    static async Task<Ok<IReadOnlyList<Document>>> OwnAsync(string? session, HttpContext http, SessionResolver resolver, DocumentAccess access, CancellationToken ct)
    {
        var caller = http.GetCaller();
        var code = (await resolver.ChooseAsync(caller, session, ct: ct)).Code;
        if (code is null) return TypedResults.Ok<IReadOnlyList<Document>>([]);
        var entries = await access.ListAsync(caller, code, caller.CandidateNumber!, ct);
        return TypedResults.Ok<IReadOnlyList<Document>>(entries.Select(Document.From).ToList());
    }
}
