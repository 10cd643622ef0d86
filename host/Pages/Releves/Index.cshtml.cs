using System.Text;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Data;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Publishing;
using CfgResults.Host.Auth;
using CfgResults.Host.Pages.Navigation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using CfgResults.Engine.Sessions;

namespace CfgResults.Host.Pages.Releves;

/// <summary>One box of the search form: a field of the criteria tree with the one condition the form applies.</summary>
public sealed record SearchField(string Name, string Label, CriterionOperator Operator, IReadOnlyList<string> Choices, string? Hint, bool More,
    string? SuggestionsUrl = null)
{
    public string Id => "recherche-" + Name.Replace('_', '-');
    public bool IsSelect => Choices.Count > 0;
}

/// <summary>
/// « Relevés de notes d'un élève » (memo section 6): search the school's students (the exam manager: the
/// whole session) by État, Spécialité, Nom de famille and more fields of the criteria tree, paged. A GET
/// form: searching changes nothing, and the address can be bookmarked. The search is always scoped to
/// the caller's students by <see cref="CandidateSearch"/>, whatever is asked.
/// </summary>
[Authorize(Roles = CallerRoles.SchoolName + "," + CallerRoles.ManagerName)]
public sealed class IndexModel(SessionStore sessions, CandidateSearch search, SessionResolver resolver) : PageModel
{
    public const int PageSize = 20;

    public IReadOnlyList<SearchField> Fields { get; private set; } = [];
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> FieldErrors { get; } = new(StringComparer.Ordinal);
    public SearchPage? Results { get; private set; }
    public SessionContext? Session { get; private set; }
    public Engine.Sessions.SessionChoice? Choice { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int PageCount { get; private set; } = 1;
    public bool ShowMore => Fields.Any(f => f.More && (Values.ContainsKey(f.Name) || FieldErrors.ContainsKey(f.Name)));

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = HttpContext.GetCaller();
        ViewData["Title"] = "Relevés de notes d'un élève";
        ViewData["Breadcrumb"] = caller.IsManager
            ? new[] { "Résultats", "Documents générés", "Relevés de notes des candidats" }
            : new[] { "Résultats", "Documents générés", "Relevé de notes de mes élèves", "Relevés de notes d'un élève" };
        Choice = await this.ChooseSessionAsync(resolver, ct);
        if (Choice.Unknown) Response.StatusCode = StatusCodes.Status404NotFound; // a session the caller has no data in
        var code = Choice.Code;
        Session = code is null ? null : await sessions.LoadContextAsync(code, caller.Uai, ct);
        Fields = BuildFields(caller, Session);
        if (Session is null) return;

        var query = Request.Query;
        var refresh = query.ContainsKey("rafraichir");
        if (!refresh)
            foreach (var f in Fields)
                if (query[f.Name].LastOrDefault() is { } v && v.Trim().Length > 0) Values[f.Name] = v.Trim();
        if (!refresh && !query.ContainsKey("recherche")) return; // the list appears after « Rechercher » (or « Rafraîchir »)

        var criteria = new List<EffectiveCriterion>();
        foreach (var f in Fields)
        {
            if (!Values.TryGetValue(f.Name, out var value)) continue;
            try
            {
                criteria.Add(EffectiveCriterion.Create(f.Name, f.Operator, value));
            }
            catch (ArgumentException e)
            {
                FieldErrors[f.Name] = Editions.PageResults.Sentence(e.Message.Split(" (Parameter")[0]);
            }
        }
        if (FieldErrors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return;
        }
        PageNumber = int.TryParse(query["page"].LastOrDefault(), out var p) && p > 0 ? p : 1;
        Results = await search.SearchAsync(caller, Session.Session.Code, criteria, PageNumber, PageSize, ct);
        PageCount = Math.Max(1, (Results.Total + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
    }

    /// <summary>The address of another page of the same search.</summary>
    public string PageUrl(int page)
    {
        var sb = new StringBuilder(SessionPages.Keep("/releves?recherche=1", Choice));
        foreach (var (name, value) in Values) sb.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        if (page > 1) sb.Append("&page=").Append(page);
        return sb.ToString();
    }

    static IReadOnlyList<SearchField> BuildFields(Caller caller, SessionContext? session)
    {
        string Label(string name) => CriteriaCatalog.TryGet(name, out var f) ? f.Label : name;
        IReadOnlyList<string> Allowed(string name) => CriteriaCatalog.TryGet(name, out var f) ? f.AllowedValues : [];
        var fields = new List<SearchField>
        {
            new("etat", "État", CriterionOperator.Equals, Allowed("etat"), null, false),
            new("specialite", Label("specialite"), CriterionOperator.Equals, [], null, false),
            new("nom", Label("nom"), CriterionOperator.StartsWith, [], "Le début du nom suffit ; majuscules et accents indifférents.", false),
            new("prenoms", Label("prenoms"), CriterionOperator.StartsWith, [], "Le début du prénom suffit.", true),
            new("date_naissance", Label("date_naissance"), CriterionOperator.Equals, [], "Format : JJ/MM/AAAA.", true),
            new("numero_candidat", Label("numero_candidat"), CriterionOperator.StartsWith, [], "11 chiffres, ou leur début.", true),
            new("ine", Label("ine"), CriterionOperator.Equals, [], "11 caractères.", true),
            new("categorie", Label("categorie"), CriterionOperator.Equals, Allowed("categorie"), null, true),
            new("groupe_decision", Label("groupe_decision"), CriterionOperator.Equals, session?.DecisionGroups ?? [], null, true),
            new("resultat", Label("resultat"), CriterionOperator.Equals, Allowed("resultat"), null, true),
            new("liste_rouge", Label("liste_rouge"), CriterionOperator.Equals, ["oui", "non"], null, true),
        };
        if (caller.IsManager)
            // Typed with suggestions from GET /api/suggestions: a <select> of every school would weigh a national session's page.
            fields.Add(new("etablissement_inscription", Label("etablissement_inscription"), CriterionOperator.Equals,
                [], "UAI de l'établissement ; des suggestions s'affichent pendant la saisie.", true,
                Activites.ActivityForm.SuggestionsUrl("etablissement_inscription", session?.Session.Code)));
        return fields;
    }

    /// <summary>`oui` → `Oui` for the yes/no selects; other choices are shown as they are spelt.</summary>
    public static string ChoiceText(string value) => value is "oui" or "non" ? char.ToUpperInvariant(value[0]) + value[1..] : value;
}
