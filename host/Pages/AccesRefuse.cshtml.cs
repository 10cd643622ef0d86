using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CfgResults.Host.Pages;

/// <summary>Where the cookie handler sends a signed-in caller whose role does not fit (already audited there).</summary>
public sealed class AccesRefuseModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
