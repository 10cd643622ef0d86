using System.Text.RegularExpressions;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Sessions;
using CfgResults.Host.Auth;
using CfgResults.Host.Pages.Editions;
using CfgResults.Host.Pages.Navigation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CfgResults.Host.Pages.Releves;

/// <summary>
/// One student (memo section 6): « Liste des candidatures », every candidacy of the numéro candidat in the caller's
/// scope across sessions (a school: the sessions where it registered them), newest session first, and « Liste des
/// documents publiés pour la candidature n° … » of the chosen one (`?session=CODE`; by default the session in progress
/// when the student has a candidacy in it, else their latest). A number that is not one of the school's students
/// answers 404, like an unknown one.
/// </summary>
[Authorize(Roles = CallerRoles.SchoolName + "," + CallerRoles.ManagerName)]
public sealed partial class CandidatureModel(SessionResolver resolver, SessionCatalog catalog, DocumentAccess access) : PageModel
{
    public sealed record Row(Candidacy Candidacy, SessionEntry Session);

    public IReadOnlyList<Row> Candidacies { get; private set; } = [];
    public Row Chosen { get; private set; } = null!;
    public DocumentList Documents { get; private set; } = null!;

    public Candidacy Candidate => Chosen.Candidacy;
    public string SessionLabel => Chosen.Session.Display;

    /// <summary>`001` of `001 Version 03`: the candidacy as the memo names it (« candidature n° 01921021719 - 001 »).</summary>
    public string RegistrationNumber => Candidate.RegistrationNumber;

    public async Task<IActionResult> OnGetAsync(string numero, CancellationToken ct)
    {
        var caller = HttpContext.GetCaller();
        if (!CandidateNumber().IsMatch(numero)) return this.NotFoundPage();
        // Scoped to the caller: a school sees the candidacies where it is the établissement d'inscription, nothing else.
        var choice = await this.ChooseSessionAsync(resolver, ct);
        var sessions = await resolver.ListForAsync(caller, ct); // newest first
        var candidacies = (await catalog.CandidaciesAsync(numero, caller.IsManager ? null : caller.Uai, ct)).ToLookup(c => c.SessionCode);
        Candidacies = sessions.SelectMany(s => candidacies[s.Code].Select(c => new Row(c, s))).ToList();
        if (Candidacies.Count == 0 || choice.Unknown) return this.NotFoundPage();
        var requested = Request.Query[SessionPages.QueryName].LastOrDefault();
        var chosen = Candidacies.FirstOrDefault(r => r.Session.Code == (string.IsNullOrWhiteSpace(requested) ? choice.Code : requested.Trim()));
        if (chosen is null && !string.IsNullOrWhiteSpace(requested)) return this.NotFoundPage(); // no candidacy of this student in that session
        Chosen = chosen ?? Candidacies[0];
        // The selector of the layout offers the sessions of this student's candidacies.
        ViewData["SessionChoice"] = choice with { Current = Chosen.Session, Offered = Candidacies.Select(r => r.Session).ToList(), HasArchived = false };
        try
        {
            Documents = new DocumentList(await access.ListAsync(caller, Chosen.Session.Code, numero, ct), caller.IsManager);
        }
        catch (DocumentNotFoundException)
        {
            return this.NotFoundPage();
        }
        ViewData["Title"] = $"{Candidate.LastName} {Candidate.FirstNames} — relevés de notes";
        ViewData["Breadcrumb"] = caller.IsManager
            ? new[] { "Résultats", "Documents générés", "Relevés de notes des candidats", $"Candidat n° {numero}" }
            : new[] { "Résultats", "Documents générés", "Relevé de notes de mes élèves", "Relevés de notes d'un élève", $"Candidat n° {numero}" };
        return Page();
    }

    public static string LinkTo(Row row) => SessionPages.For($"/releves/{row.Candidacy.Number}", row.Session.Code);

    [GeneratedRegex("^[0-9]{11}$")]
    private static partial Regex CandidateNumber();
}
