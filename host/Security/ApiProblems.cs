using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using CfgResults.Engine.Data;

namespace CfgResults.Host.Security;

/// <summary>
/// SECURITY.md row 19: every 4xx and 5xx answer under <c>/api</c> is a French problem document
/// (RFC 9457, <c>application/problem+json</c>): <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c>,
/// <c>instance</c>, and the list <c>erreurs</c> (<c>code</c>, <c>champ</c>, <c>message</c>) that the API's own
/// refusals already gave. An empty refusal (401, 403, an unknown route, a value that does not bind, malformed
/// JSON) gets its French text here; an unexpected exception becomes a 500 with no stack trace.
/// Successful answers (files included) pass through unbuffered: only a body written under an error status is held.
/// </summary>
public sealed partial class ApiProblemsMiddleware(RequestDelegate next, ILogger<ApiProblemsMiddleware> log)
{
    public const string ContentType = "application/problem+json; charset=utf-8";

    static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public async Task InvokeAsync(HttpContext http)
    {
        var response = http.Response;
        var original = response.Body;
        var capture = new ErrorBodyCapture(original, response);
        response.Body = capture;
        Problem? thrown = null;
        try
        {
            await next(http);
        }
        catch (BadHttpRequestException e) when (!response.HasStarted)
        {
            thrown = FromBadRequest(e);
        }
        catch (Engine.Running.QuotaExceededException e) when (!response.HasStarted)
        {
            thrown = new Problem(StatusCodes.Status429TooManyRequests, Api.ApiErrorCodes.QuotaReached, "", e.Message);
        }
        catch (Exception e) when (!response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            log.LogError(e, "Erreur inattendue sur {Path}", http.Request.Path.Value);
            thrown = e is StoreUnavailableException or System.Data.Common.DbException
                ? new Problem(503, Api.ApiErrorCodes.StoreUnavailable, "", "Le magasin de données ne répond pas ou refuse l'opération : rien n'a été changé ; réessayez dans un instant.")
                : new Problem(500, Api.ApiErrorCodes.Unexpected, "", "Une erreur inattendue s'est produite ; elle a été enregistrée. Réessayez dans un instant.");
        }
        finally
        {
            response.Body = original;
        }

        if (response.HasStarted) return;
        if (thrown is not null)
        {
            response.Clear();
            await WriteAsync(http, thrown.Status, [(thrown.Code, thrown.Field, thrown.Message)]);
            return;
        }
        if (response.StatusCode < 400) return;
        // The API's own refusals keep their codes; any other body (or none) gets the status's own sentence.
        var errors = ReadErrors(capture.Buffered);
        response.Headers.ContentLength = null;
        await WriteAsync(http, response.StatusCode, errors);
    }

    static List<(string Code, string Field, string Message)> ReadErrors(MemoryStream? body)
    {
        var list = new List<(string, string, string)>();
        if (body is not { Length: > 0 }) return list;
        try
        {
            using var doc = JsonDocument.Parse(body.ToArray());
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("erreurs", out var erreurs) && erreurs.ValueKind == JsonValueKind.Array)
                foreach (var e in erreurs.EnumerateArray())
                    list.Add((e.GetProperty("code").GetString() ?? "", e.GetProperty("champ").GetString() ?? "", e.GetProperty("message").GetString() ?? ""));
        }
        catch (JsonException)
        {
            // not one of ours: the status's own sentence is used
        }
        return list;
    }

    async Task WriteAsync(HttpContext http, int status, IReadOnlyList<(string Code, string Field, string Message)> errors)
    {
        var (title, sentence) = Describe(status);
        if (errors.Count == 0) errors = [(StatusCode(status), "", sentence)];
        var response = http.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-store";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("type", $"urn:cfgresults:erreur:{errors[0].Code}");
            json.WriteString("title", title);
            json.WriteNumber("status", status);
            json.WriteString("detail", string.Join(" ", errors.Select(e => e.Message)));
            json.WriteStartArray("erreurs");
            foreach (var (code, field, message) in errors)
            {
                json.WriteStartObject();
                json.WriteString("code", code);
                json.WriteString("champ", field);
                json.WriteString("message", message);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.ToArray(), http.RequestAborted);
    }

    /// <summary>The title of a status and the sentence used when the refusal said nothing more.</summary>
    internal static (string Title, string Sentence) Describe(int status) => status switch
    {
        400 => ("Requête invalide", "La requête est invalide : vérifiez ses paramètres et son corps."),
        401 => ("Connexion requise", "Connectez-vous (page /connexion) avant d'appeler l'API."),
        403 => ("Accès refusé", "Cet appel n'est pas ouvert à votre profil."),
        404 => ("Ressource introuvable", "Ressource introuvable."),
        405 => ("Méthode non autorisée", "Cette adresse n'accepte pas cette méthode."),
        406 => ("Format non disponible", "Cette ressource ne peut être rendue que dans le format indiqué par la documentation (/openapi/v1.json)."),
        409 => ("Conflit", "La ressource a changé d'état : rechargez-la avant de recommencer."),
        413 => ("Requête trop volumineuse", "La requête dépasse la taille permise."),
        415 => ("Type de contenu non pris en charge", "Le corps doit être envoyé en JSON (Content-Type: application/json)."),
        429 => ("Trop de demandes", "Trop de demandes : patientez avant de recommencer."),
        503 => ("Service indisponible", "Le service est momentanément indisponible : réessayez dans un instant."),
        >= 500 => ("Erreur interne", "Une erreur inattendue s'est produite ; elle a été enregistrée. Réessayez dans un instant."),
        _ => ("Requête refusée", "La requête a été refusée."),
    };

    static string StatusCode(int status) => status switch
    {
        404 => Api.ApiErrorCodes.NotFound,
        _ => $"HTTP{status}",
    };

    /// <summary>ASP.NET Core's binding failures, said in French with the parameter they concern.</summary>
    internal static Problem FromBadRequest(BadHttpRequestException e)
    {
        if (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return new Problem(413, Api.ApiErrorCodes.TooLarge, "", "La requête dépasse la taille permise.");
        if (e.StatusCode == StatusCodes.Status415UnsupportedMediaType || UnsupportedMedia().IsMatch(e.Message))
            return new Problem(415, Api.ApiErrorCodes.NotJson, "", "Le corps doit être envoyé en JSON (Content-Type: application/json).");
        if (BindFailure().Match(e.Message) is { Success: true } bind)
            return new Problem(400, Api.ApiErrorCodes.InvalidValue, bind.Groups["name"].Value,
                $"La valeur « {bind.Groups["value"].Value} » du paramètre « {bind.Groups["name"].Value} » n'est pas valide{Expected(bind.Groups["type"].Value)}.");
        if (Missing().Match(e.Message) is { Success: true } missing)
            return new Problem(400, Api.ApiErrorCodes.MissingParameter, missing.Groups["name"].Value, $"Le paramètre « {missing.Groups["name"].Value} » est obligatoire.");
        if (BodyJson().IsMatch(e.Message) || e.InnerException is JsonException)
            return new Problem(400, ApiJsonCode, "", "Le corps de la requête n'est pas un JSON valide ou ne suit pas la forme attendue (voir /openapi/v1.json).");
        return new Problem(400, Api.ApiErrorCodes.InvalidRequest, "", "La requête est invalide : vérifiez ses paramètres et son corps.");
    }

    const string ApiJsonCode = Api.ApiErrorCodes.InvalidJson;

    static string Expected(string type) => type.TrimEnd('?') switch
    {
        "int" or "Int32" or "long" or "Int64" => " : un nombre entier est attendu",
        "bool" or "Boolean" => " : « true » ou « false » est attendu",
        "DateTimeOffset" or "DateTime" or "DateOnly" => " : une date est attendue",
        _ => "",
    };

    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^ \"]+) (?<name>[^\"]+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("^Required parameter \"(?<type>[^ \"]+) (?<name>[^\"]+)\" was not provided")]
    private static partial Regex Missing();

    [GeneratedRegex("from the request body as JSON|no body was provided|Failed to read parameter")]
    private static partial Regex BodyJson();

    [GeneratedRegex("Expected a supported JSON media type")]
    private static partial Regex UnsupportedMedia();

    internal sealed record Problem(int Status, string Code, string Field, string Message);

    /// <summary>Passes a body through when it is written under a success status; holds it when under an error status.</summary>
    sealed class ErrorBodyCapture(Stream inner, HttpResponse response) : Stream
    {
        bool _decided;
        public MemoryStream? Buffered { get; private set; }

        Stream Target
        {
            get
            {
                if (!_decided)
                {
                    _decided = true;
                    if (response.StatusCode >= 400) Buffered = new MemoryStream();
                }
                return Buffered ?? inner;
            }
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { if (_decided && Buffered is null) inner.Flush(); }
        public override Task FlushAsync(CancellationToken ct) => _decided && Buffered is null ? inner.FlushAsync(ct) : Task.CompletedTask;
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Target.Write(buffer, offset, count);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Target.WriteAsync(buffer, offset, count, ct);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) => Target.WriteAsync(buffer, ct);
    }
}

public static class ApiProblemsExtensions
{
    /// <summary>Only under /api: pages get French error pages (<see cref="ErrorPagesExtensions"/>).</summary>
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), b => b.UseMiddleware<ApiProblemsMiddleware>());
}
