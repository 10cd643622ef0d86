using CfgResults.Engine.Accounts;
using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace CfgResults.Host.Api;

/// <summary>Answers shared by the API areas: the one « not found » and the one way to send a file.</summary>
internal static class ApiResponses
{
    /// <summary>Audit action of a file download (SECURITY.md row 18).</summary>

    /// <summary>
    /// The same 404 for « does not exist », « not yours » and « not a valid id » (SECURITY.md row 1: no existence
    /// leak). The audit log, read by exam managers only, keeps the difference, so guessing shows.
    /// </summary>
    public static async Task<NotFound<ReponseErreurs>> NotFoundAsync(HttpContext http, AuditLog audit, string reason)
    {
        var caller = http.TryGetCaller();
        await audit.RecordAsync(caller is null ? "anonyme" : AuditLog.ActorOf(caller), AuditActions.AccessDenied,
            http.Request.Path.Value ?? "", $"méthode={http.Request.Method}; 404 : {reason}", http.RequestAborted);
        return TypedResults.NotFound(ReponseErreurs.Une(ApiErrorCodes.NotFound, "", ApiErrorCodes.NotFoundMessage));
    }

    /// <summary>
    /// A download (SECURITY.md row 9): attachment under a name the server chose, the exact content type
    /// recorded with the file, no sniffing, no caching. Authorization was checked by the caller just before.
    /// </summary>
    public static FileStreamHttpResult File(HttpContext http, Stream content, string contentType, string fileName)
    {
        Security.DownloadHeaders.Apply(http.Response);
        return TypedResults.File(content, contentType, fileName);
    }


    /// <summary>Run ids are made by the product (32 lower-case hex digits); anything else is answered 404 before any look-up.</summary>
    public static bool IsRunId(string id) => id.Length == 32 && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
