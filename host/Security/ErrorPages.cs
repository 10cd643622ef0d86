namespace CfgResults.Host.Security;

/// <summary>
/// SECURITY.md row 19 for pages: an error (400, 403, 404, 500…) outside <c>/api</c> is answered by the French
/// page <c>/erreur/{code}</c> inside the layout, with a way back, instead of an empty body that the browser
/// would show as its own English page. An exception is logged and shown as the 500 page, without its trace.
/// </summary>
public static class ErrorPagesExtensions
{
    public const string Path = "/erreur";

    public static IApplicationBuilder UseErrorPages(this IApplicationBuilder app) =>
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), b =>
        {
            b.UseExceptionHandler(Path + "/500");
            b.UseStatusCodePagesWithReExecute(Path + "/{0}");
        });
}
