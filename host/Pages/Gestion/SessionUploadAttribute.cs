using CfgResults.Host.Setup;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace CfgResults.Host.Pages.Gestion;

/// <summary>
/// The request limits of the session upload page, and a body over them answered by the page itself (with its French
/// message) instead of a bare 400 or 413.
/// <para>
/// The form is read up to <see cref="RequestLimitBytes"/> (the archive limit plus 1 MiB for the rest of the form),
/// counted here whatever the server. Past it, nothing more is kept: the rest of the body is read and thrown away up
/// to <see cref="DiscardLimitBytes"/> so that the browser, still sending, gets the page; the server's own limit
/// (Kestrel, IIS, HTTP.sys) is set to that bound, which is never exceeded.
/// </para>
/// <para>
/// The form is read here, before the antiforgery check, which would otherwise read it first and turn a body that is
/// too large into a bare 400. This filter is therefore the page's antiforgery policy (it comes after the built-in
/// one, order 1000) and validates the token itself once the form is read. A body over the limit cannot be checked
/// (the token comes after the file): the handler is only told the upload was too large (<see cref="WasTooLarge"/>),
/// with an empty form, and must change nothing.
/// </para>
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SessionUploadAttribute : Attribute, IAsyncAuthorizationFilter, IAntiforgeryPolicy, IOrderedFilter
{
    const string TooLargeKey = "CfgResults.SessionUpload.TooLarge";

    /// <summary>After <c>AutoValidateAntiforgeryTokenAttribute</c> (1000): the closest antiforgery policy is the one applied.</summary>
    public int Order => 1001;

    /// <summary>The whole request, form included, may not exceed this.</summary>
    public static long RequestLimitBytes(CfgResultsOptions options) => options.MaxSessionUploadBytes + 1024 * 1024;

    /// <summary>True when this request's body was over the limit: nothing of it was kept, and its token was not checked.</summary>
    public static bool WasTooLarge(HttpContext http) => http.Items.ContainsKey(TooLargeKey);

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
            return;

        var limit = RequestLimitBytes(http.RequestServices.GetRequiredService<IOptions<CfgResultsOptions>>().Value);
        // The server stops at the discard limit; the form itself is cut at the request limit by the counting stream.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server)
            server.MaxRequestBodySize = DiscardLimitBytes(limit);
        if (request.HasFormContentType)
        {
            var body = new CountingReadStream(request.Body, limit);
            if (request.ContentLength > limit)
            {
                await TooLargeAsync(http, body, limit);
                return;
            }
            request.Body = body;
            http.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions { MultipartBodyLengthLimit = limit }));
            try
            {
                await request.ReadFormAsync(http.RequestAborted);
            }
            catch (Exception e) when (e is BodyTooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                await TooLargeAsync(http, body, limit);
                return;
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // A malformed form or a client gone: refused as the built-in check would (it reads the form the same way).
                context.Result = new AntiforgeryFailedResult();
                return;
            }
        }
        try
        {
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException e)
        {
            http.RequestServices.GetRequiredService<ILogger<SessionUploadAttribute>>().LogInformation(e, "Jeton antiforgery refusé : {Message}", e.Message);
            context.Result = new AntiforgeryFailedResult();
        }
    }

    /// <summary>
    /// How far the rest of a body over the limit is read, and thrown away, before the page answers: a browser still
    /// sending when the server closes the connection shows a network error instead of the page. Beyond this, the
    /// answer is sent without reading more (and the browser may not show it).
    /// </summary>
    public static long DiscardLimitBytes(long requestLimit) => 2 * requestLimit;

    static async Task TooLargeAsync(HttpContext http, CountingReadStream body, long limit)
    {
        http.Items[TooLargeKey] = true;
        // Model binding finds an empty form rather than the failed read again.
        http.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
        if (http.Request.ContentLength > DiscardLimitBytes(limit)) return;
        body.Limit = DiscardLimitBytes(limit);
        var buffer = new byte[64 * 1024];
        try
        {
            while (await body.ReadAsync(buffer, http.RequestAborted) > 0) { }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // Over the discard limit (this stream's or the server's), or the client gone: the page is answered all the same.
        }
    }

    /// <summary>The 400 of the built-in check (marked as an antiforgery failure for result filters).</summary>
    sealed class AntiforgeryFailedResult : BadRequestResult, IAntiforgeryValidationFailedResult;

    sealed class BodyTooLargeException(long limit) : IOException($"Request body over {limit} bytes.");

    /// <summary>Passes the body through and throws once more than <see cref="Limit"/> bytes have come in all (at most one read beyond it).</summary>
    sealed class CountingReadStream(Stream inner, long limit) : Stream
    {
        long _read;

        public long Limit { get; set; } = limit;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        int Count(int n)
        {
            _read += n;
            if (_read > Limit) throw new BodyTooLargeException(Limit);
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
