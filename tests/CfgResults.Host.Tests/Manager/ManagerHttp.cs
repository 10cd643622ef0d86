using System.IO.Compression;
using System.Net;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Import;
using CfgResults.Host.Tests.Auth;

namespace CfgResults.Host.Tests.Manager;

/// <summary>Form posts with the antiforgery token of the page they come from, and session folders as zips.</summary>
internal static class ManagerHttp
{
    /// <summary>GETs <paramref name="formPage"/> for its token, then posts the fields to <paramref name="action"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = await AccountsHostFactory.AntiforgeryTokenAsync(client, formPage);
        var all = fields.Append(new("__RequestVerificationToken", token)).ToList();
        return await client.PostAsync(action, new FormUrlEncodedContent(all));
    }

    /// <summary>
    /// Posts a file with the page's token (or <paramref name="token"/>). <paramref name="chunked"/>: the body's length
    /// is not announced (no Content-Length), so the server only learns it by reading.
    /// </summary>
    public static async Task<HttpResponseMessage> PostFileAsync(HttpClient client, string formPage, string action, string field, string fileName, byte[] content,
        bool chunked = false, string? token = null)
    {
        token ??= await AccountsHostFactory.AntiforgeryTokenAsync(client, formPage);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        HttpContent file = chunked ? new UnknownLengthContent(content) : new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/zip");
        form.Add(file, field, fileName);
        return await client.PostAsync(action, form);
    }

    sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>Follows one redirect (POST → redirect → GET) and gives the decoded page text.</summary>
    public static async Task<string> FollowAsync(HttpClient client, HttpResponseMessage response)
    {
        if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
            response = await client.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await AccountsHostFactory.TextAsync(response);
    }

    /// <summary>The session written in the interchange format, then zipped (files under <paramref name="folderInZip"/> when given).</summary>
    public static byte[] Zip(SessionData data, string? folderInZip = null, Action<string>? edit = null)
    {
        var folder = Directory.CreateTempSubdirectory("cfgresults-manager-zip-").FullName;
        try
        {
            SessionFolderWriter.Write(data, folder);
            edit?.Invoke(folder);
            using var ms = new MemoryStream();
            using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
                    zip.CreateEntryFromFile(file, (folderInZip is null ? "" : folderInZip + "/") + Path.GetFileName(file));
            }
            return ms.ToArray();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A zip of arbitrary entries (name → text).</summary>
    public static byte[] ZipOf(params (string Name, string Text)[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text);
            }
        }
        return ms.ToArray();
    }
}
