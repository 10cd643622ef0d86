using System.Text.RegularExpressions;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Publishing;
using CfgResults.Host.Auth;
using CfgResults.Host.Pages.Editions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CfgResults.Host.Pages.Releves;

/// <summary>
/// One student (memo section 6): « Liste des candidatures » and « Liste des documents publiés pour la
/// candidature n° … ». A number that is not one of the school's students answers 404, like an unknown one.
/// </summary>
[Authorize(Roles = CallerRoles.SchoolName + "," + CallerRoles.ManagerName)]
public sealed partial class CandidatureModel(CfgResultsEngine engine) : PageModel
{
    public CandidateSummary Candidate { get; private set; } = null!;
    public string SessionLabel { get; private set; } = "";
    public DocumentList Documents { get; private set; } = null!;

    /// <summary>`001` of `001 Version 03`: the candidacy as the memo names it (« candidature n° 01921021719 - 001 »).</summary>
    public string RegistrationNumber => Candidate.Registration.Split(' ')[0];

    public async Task<IActionResult> OnGetAsync(string numero, CancellationToken ct)
    {
        var caller = HttpContext.GetCaller();
        if (!CandidateNumber().IsMatch(numero)) return this.NotFoundPage();
        var code = await engine.Sessions.LatestSessionCodeAsync(ct);
        if (code is null) return this.NotFoundPage();
        // The search is scoped to the caller's students: another school's student is simply not found.
        var found = await engine.Search.SearchAsync(caller, code, [EffectiveCriterion.Create("numero_candidat", CriterionOperator.Equals, numero)], 1, 1, ct);
        if (found.Items.Count == 0) return this.NotFoundPage();
        try
        {
            Documents = new DocumentList(await engine.DocumentAccess.ListAsync(caller, code, numero, ct), caller.IsManager);
        }
        catch (DocumentNotFoundException)
        {
            return this.NotFoundPage();
        }
        Candidate = found.Items[0];
        SessionLabel = (await engine.Sessions.LoadContextAsync(code, ct)) is { } s ? $"{s.Session.Title} — {s.Session.Label}" : code;
        ViewData["Title"] = $"{Candidate.LastName} {Candidate.FirstNames} — relevés de notes";
        ViewData["Breadcrumb"] = caller.IsManager
            ? new[] { "Résultats", "Documents générés", "Relevés de notes des candidats", $"Candidat n° {numero}" }
            : new[] { "Résultats", "Documents générés", "Relevé de notes de mes élèves", "Relevés de notes d'un élève", $"Candidat n° {numero}" };
        return Page();
    }

    [GeneratedRegex("^[0-9]{11}$")]
    private static partial Regex CandidateNumber();
}
