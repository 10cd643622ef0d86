using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Data;
using CfgResults.Engine.Running;
using CfgResults.Host.Auth;
using CfgResults.Host.Jobs;
using CfgResults.Host.Pages.Editions;
using CfgResults.Host.Pages.Navigation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using CfgResults.Engine.Sessions;
using CfgResults.Engine.Presets;

namespace CfgResults.Host.Pages.Activites;

/// <summary>
/// An activity generated from its published definition (memo sections 3 to 6): breadcrumb from its menu
/// path, parameters and selection criteria in two tabs, the service-window message in place of the form
/// when the service is closed. Submitting records the run and sends the caller to it. A definition for
/// another audience answers 404, like an unknown one.
/// </summary>
public sealed partial class ActiviteModel(IDefinitionSource definitions, SessionStore sessions, TimeProvider clock, RunPresetStore presets, RunStore runs, AuditLog audit, RunLauncher launcher, SessionResolver resolver, Engine.Publishing.PublicationEstimate estimate) : PageModel
{
    public const string FormKeyField = "cle";

    public PublishedDefinition Published { get; private set; } = null!;
    public SessionContext? Session { get; private set; }
    public string? ClosedMessage { get; private set; }
    public List<ParameterField> Parameters { get; private set; } = [];
    public List<CriterionRow> DefinitionCriteria { get; private set; } = [];
    public List<(CriteriaGroup Group, List<CriterionRow> Rows)> Tree { get; private set; } = [];
    public List<FormError> Errors { get; } = [];
    public string FormKey { get; private set; } = "";

    public IEnumerable<CriterionRow> LockedCriteria => DefinitionCriteria.Where(c => c.Locked);
    public IEnumerable<CriterionRow> EditableCriteria => DefinitionCriteria.Where(c => !c.Locked);
    public bool CriteriaHaveErrors => DefinitionCriteria.Concat(Tree.SelectMany(t => t.Rows)).Any(r => r.Errors.Count > 0);
    public bool TreeIsUsed => Tree.SelectMany(t => t.Rows).Any(r => r.Operator.Length > 0 || r.Values.Count > 0);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return this.NotFoundPage();
        FormKey = Guid.NewGuid().ToString("N");
        await ApplySavedSettingsAsync(ct); // « modèle d'édition » or « Relancer » (Activite.Presets.cs)
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return this.NotFoundPage();
        var form = await Request.ReadFormAsync(ct);
        FormKey = form[FormKeyField].LastOrDefault() is { Length: > 0 and <= 64 } key && key.All(char.IsAsciiLetterOrDigit) ? key : Guid.NewGuid().ToString("N");
        var parameters = ActivityForm.ReadParameters(form, Parameters);
        var changes = ActivityForm.ReadCriteria(form, DefinitionCriteria, Tree);
        if (CriteriaHaveErrors) return Invalid();
        if (ClosedMessage is not null) return Page(); // the form is not shown; nothing to start
        if (await AskPublicationConfirmationAsync(form, parameters, ct)) return Page(); // Activite.PublicationConfirmation.cs

        var caller = HttpContext.GetCaller();
        try
        {
            var result = await launcher.StartAsync(new RunRequest(Published.Definition.Id, caller, Session?.Session.Code, parameters, changes,
                ActivityForm.IdempotencyKey(caller, FormKey)), ct);
            if (result.Planned is { } planned) return Redirect($"/editions?planifiee={Uri.EscapeDataString(planned.Id)}");
            return Redirect($"/editions/{Uri.EscapeDataString(result.Run!.Id)}");
        }
        catch (RunInputException e)
        {
            foreach (var error in e.Errors) Place(error);
            return Invalid();
        }
        catch (NotAllowedException)
        {
            return this.NotFoundPage();
        }
        catch (Engine.Running.PublicationBusyException e)
        {
            Errors.Add(new FormError("formulaire", e.Message, null));
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
    }

    IActionResult Invalid()
    {
        foreach (var row in DefinitionCriteria.Concat(Tree.SelectMany(t => t.Rows)))
            foreach (var message in row.Errors)
                if (!Errors.Any(e => e.AnchorId == row.AnchorId && e.Message == message)) Errors.Add(new FormError(row.AnchorId, message, null));
        // Parameters first, then criteria, in the order of the page.
        var order = Parameters.Select(p => p.Id).Concat(DefinitionCriteria.Concat(Tree.SelectMany(t => t.Rows)).Select(r => r.AnchorId)).ToList();
        Errors.Sort((a, b) => Rank(a).CompareTo(Rank(b)));
        int Rank(FormError e) => order.IndexOf(e.AnchorId) is var i and >= 0 ? i : int.MaxValue;
        // 422: the form is shown again with its errors; a client that only reads the status still sees the refusal.
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>An error of the runner goes next to its parameter (CFG05x) or criterion (the others), else in the summary only.</summary>
    void Place(Engine.Definitions.Diagnostic error)
    {
        var message = PageResults.Sentence(error.Message);
        var isParameter = Engine.Definitions.DiagnosticCodes.IsAboutParameter(error.Code);
        if (isParameter && Parameters.FirstOrDefault(p => p.Definition.Id == error.Location.File) is { } parameter)
        {
            parameter.Errors.Add(message);
            Errors.Add(new FormError(parameter.Id, message, error.Code));
            return;
        }
        var row = DefinitionCriteria.Concat(Tree.SelectMany(t => t.Rows)).FirstOrDefault(r => r.Field.Name == error.Location.File);
        if (!isParameter && row is not null)
        {
            // Plain French for the person at the form (issue 13 item 4); the coded message goes to the log.
            HttpContext.RequestServices.GetRequiredService<ILogger<ActiviteModel>>()
                .LogInformation("Critère refusé {Code} sur {Field} : {Message}", error.Code, row.Field.Name, error.Message);
            var plain = PlainCriterionMessages.For(error.Code, row.Field.Name,
                CriteriaCatalog.TryParseOperator(row.Operator, out var op) ? op : null);
            row.Errors.Add(plain);
            Errors.Add(new FormError(row.AnchorId, plain, null));
            return;
        }
        Errors.Add(new FormError("formulaire", message, error.Code));
    }

    async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var caller = HttpContext.GetCaller();
        if (definitions.Get(id) is not { } published || !Runner.AudienceAllows(published.Definition.Audience, caller)) return false;
        Published = published;
        ViewData["Title"] = published.Definition.Title;
        ViewData["Breadcrumb"] = published.Definition.Menu.Count > 0 ? published.Definition.Menu : new[] { published.Definition.Title };

        var choice = await this.ChooseSessionAsync(resolver, ct);
        if (choice.Unknown) return false; // a session the caller has no data in: like an unknown address
        var code = choice.Code;
        Session = code is null ? null : await sessions.LoadContextAsync(code, caller.Uai, ct);
        ViewData["SessionCode"] = code;
        var localNow = ParisTime.ToLocal(clock.GetUtcNow());
        var school = caller.Uai is { } uai ? Session?.Schools.FirstOrDefault(s => s.Uai == uai) : null;
        string Resolve(string text) => Placeholders.Resolve(text, caller, school, Session?.Session, localNow);

        Parameters = ActivityForm.Parameters(published.Definition, Session, Resolve);
        (DefinitionCriteria, Tree) = ActivityForm.Criteria(published.Definition, Session, Resolve);
        ClosedMessage = Session is null ? null : ActivityForm.ClosedGateMessage(published.Definition, Session, clock.GetUtcNow());
        if (Session is not null) GroupWindows.MarkClosedGroups(Parameters, published.Definition, Session, clock.GetUtcNow());
        return true;
    }
}
