using Microsoft.Net.Http.Headers;

namespace CfgResults.Host.Security;

/// <summary>
/// The headers of every download (SECURITY.md row 9), for pages and API alike: no sniffing, no caching.
/// The file name and the content type are set by the server (from the run or the document), never by the request.
/// </summary>
public static class DownloadHeaders
{
    public static void Apply(HttpResponse response)
    {
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        response.Headers[HeaderNames.CacheControl] = "no-store";
        response.Headers[HeaderNames.Pragma] = "no-cache";
    }
}
