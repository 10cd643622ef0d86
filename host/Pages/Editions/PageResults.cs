using System.Globalization;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CfgResults.Host.Pages.Editions;

/// <summary>
/// Answers shared by the school, candidate and run pages: the French « introuvable » page (another
/// school's or candidate's resource answers exactly like one that does not exist, SECURITY.md row 1)
/// and file downloads with the headers of SECURITY.md row 9.
/// </summary>
public static class PageResults
{
    public const string NotFoundView = "/Pages/Releves/_Introuvable.cshtml";

    /// <summary>404 with a French page (a bare 404 would show the browser's English error page).</summary>
    public static IActionResult NotFoundPage(this PageModel page)
    {
        var result = page.Partial(NotFoundView);
        result.StatusCode = StatusCodes.Status404NotFound;
        return result;
    }

    /// <summary>
    /// A download: attachment with the server-set name, the exact content type, no sniffing, no caching.
    /// The content type is set by the engine (`text/csv; charset=utf-8`, `application/pdf`), never by the request.
    /// </summary>
    public static FileStreamResult Download(this PageModel page, Stream content, string contentType, string fileName)
    {
        Security.DownloadHeaders.Apply(page.Response);
        return new FileStreamResult(content, contentType) { FileDownloadName = fileName, EnableRangeProcessing = false };
    }

    /// <summary>`19/06/2019 14:05`, Europe/Paris.</summary>
    public static string LocalDateTime(DateTimeOffset instant) =>
        ParisTime.Format(instant);

    /// <summary>`12,5 Ko`, `1,2 Mo`.</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} octets",
        < 1024 * 1024 => (bytes / 1024m).ToString("0.#", French.Culture) + " Ko",
        _ => (bytes / (1024m * 1024m)).ToString("0.#", French.Culture) + " Mo",
    };

    /// <summary>First letter upper-case: engine messages start lower-case to fit in sentences.</summary>
    public static string Sentence(string message) =>
        string.IsNullOrEmpty(message) ? message : char.ToUpper(message[0], CultureInfo.GetCultureInfo("fr-FR")) + message[1..];
}
