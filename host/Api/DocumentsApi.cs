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

    static async Task<Ok<IReadOnlyList<Document>>> OwnAsync(string? session, HttpContext http, SessionResolver resolver, DocumentAccess access, CancellationToken ct)
    {
        var caller = http.GetCaller();
        var code = (await resolver.ChooseAsync(caller, session, ct: ct)).Code;
        if (code is null) return TypedResults.Ok<IReadOnlyList<Document>>([]);
        var entries = await access.ListAsync(caller, code, caller.CandidateNumber!, ct);
        return TypedResults.Ok<IReadOnlyList<Document>>(entries.Select(Document.From).ToList());
    }
}
