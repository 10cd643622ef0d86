using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Running;
using CfgResults.Engine.Versioning;
using CfgResults.Host.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;

namespace CfgResults.Host.Pages.Gestion;

/// <summary>
/// One definition or template: its text (the latest version by default, or the one asked), the errors of
/// that text beside it, its versions, a diff between two versions, publication of a valid draft, and a trial
/// run of a valid version. Saving a changed text stores a new version: a draft with errors is kept as
/// « brouillon (invalide) », a draft without errors becomes « validé »; a text identical to the latest version
/// stores nothing (the versions only grow by real changes). Only a validated version can be published; a
/// published version is never changed: its text is shown read-only, and « Créer un brouillon » opens it,
/// editable, as the starting point of a new draft (`?version=…&amp;brouillon=true`), stored only when saved.
/// </summary>
[Authorize(Policy = AuthPolicies.Manager)]
public sealed class EditeurModel(ArtefactStore artefacts, ArtefactCatalog catalog, DefinitionLoaders loaders, TrialRunner trials, AuditLog audit, IDefinitionSource definitions,
    RunStore runs, BlobStore blobs, SessionStore sessions, TimeProvider clock) : PageModel
{
    public const string TextField = "Texte";
    public static readonly TimeSpan TrialTimeout = TimeSpan.FromMinutes(2);

    public ArtefactKind Kind { get; private set; }
    public string Name { get; private set; } = "";
    public IReadOnlyList<ArtefactVersion> Versions { get; private set; } = [];

    /// <summary>The version shown in the editor; null for an artefact that has no version yet.</summary>
    public ArtefactVersion? Shown { get; private set; }

    public string Text { get; private set; } = "";
    public IReadOnlyList<ArtefactProblem> Problems { get; private set; } = [];

    /// <summary>For a template: errors the published definitions would get with this text in force.</summary>
    public IReadOnlyList<ArtefactProblem> Impact { get; private set; } = [];

    /// <summary>Version number in force (latest published), if any.</summary>
    public int? InForce { get; private set; }

    /// <summary>A published version opened as the (unsaved) starting point of a new draft: its text is editable.</summary>
    public bool DraftFromShown { get; private set; }

    public bool ReadOnly => Shown?.Status == ArtefactStatus.Published && !DraftFromShown;

    public IReadOnlyList<DiffHunk>? Diff { get; private set; }
    public ArtefactVersion? DiffFrom { get; private set; }
    public ArtefactVersion? DiffTo { get; private set; }

    [TempData] public string? Success { get; set; }

    /// <summary>After saving a draft that has errors: saved, but not publishable.</summary>
    [TempData] public string? Notice { get; set; }

    /// <summary>After a save that changed nothing: no version was stored.</summary>
    [TempData] public string? Unchanged { get; set; }
    public List<string> Failures { get; } = [];

    // ---- trial ----
    public WorkflowDefinition? TrialDefinition { get; private set; }
    public IReadOnlyList<PublishedDefinition> TrialCandidates { get; private set; } = [];
    public string? TrialUnavailable { get; private set; }
    public IReadOnlyList<SessionSummary> Sessions { get; private set; } = [];
    public SessionContext? TrialSession { get; private set; }
    public Dictionary<string, string> TrialValues { get; } = new(StringComparer.Ordinal);
    public List<(string Field, string Message)> TrialErrors { get; } = [];
    public TrialResult? TrialOutcome { get; private set; }

    public async Task<IActionResult> OnGetAsync(string kind, string name, long? version, long? de, long? a,
        [FromQuery(Name = "essai_definition")] string? trialDefinition, [FromQuery(Name = "brouillon")] bool draft, CancellationToken ct)
    {
        if (!await LoadAsync(kind, name, version, ct)) return NotFound();
        DraftFromShown = draft && Shown?.Status == ArtefactStatus.Published;
        if (de is not null || a is not null)
        {
            DiffFrom = Versions.FirstOrDefault(v => v.Id == de);
            DiffTo = Versions.FirstOrDefault(v => v.Id == a);
            if (DiffFrom is null || DiffTo is null) Failures.Add("Choisissez deux versions de cet élément à comparer.");
            else Diff = LineDiff.Hunks(LineDiff.Compute(DiffFrom.Content, DiffTo.Content));
        }
        await PrepareTrialAsync(trialDefinition, null, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostEnregistrerAsync(string kind, string name, [FromForm(Name = TextField)] string? text, CancellationToken ct)
    {
        if (!await LoadAsync(kind, name, null, ct)) return NotFound();
        text = (text ?? "").Replace("\r\n", "\n");
        if (text.Length > Artefacts.MaxTextLength)
        {
            Failures.Add($"Le texte dépasse {Artefacts.MaxTextLength / 1024} Kio : il n'a pas été enregistré.");
            Text = text[..Math.Min(text.Length, Artefacts.MaxTextLength)];
            await PrepareTrialAsync(null, null, ct);
            return Page();
        }
        if (Versions.Count > 0 && string.Equals(Versions[0].Content, text, StringComparison.Ordinal))
        {
            Unchanged = $"Aucune modification : la version n° {Versions[0].Version} est inchangée, aucune nouvelle version n'a été enregistrée.";
            return Redirect($"{Artefacts.Url(Kind, Name)}?version={Versions[0].Id}");
        }
        var problems = Artefacts.Validate(loaders, Kind, Name, text);
        var caller = HttpContext.GetCaller();
        var valid = problems.Count == 0;
        var saved = await catalog.SaveDraftAsync(Kind, Name, text, caller.Login, valid, ct);
        await audit.RecordAsync(caller, AuditActions.DefinitionDraft, $"{Artefacts.Segment(Kind)}:{Name}",
            $"version={saved.Version} valide={(valid ? "oui" : "non")} erreurs={problems.Count}", ct);
        if (valid) Success = $"Brouillon enregistré : version n° {saved.Version}, validé. Vous pouvez l'essayer ou le publier.";
        else Notice = $"Brouillon enregistré : version n° {saved.Version}, invalide ({problems.Count} erreur(s)). Il ne pourra être publié qu'une fois corrigé.";
        return Redirect($"{Artefacts.Url(Kind, Name)}?version={saved.Id}");
    }

    /// <summary>A publication asked and not yet confirmed: the page shows the confirmation step (issue 13 item 8).</summary>
    public bool ConfirmPublish { get; private set; }

    public async Task<IActionResult> OnPostPublierAsync(string kind, string name, long versionId, [FromForm(Name = "confirmer")] string? confirmer, CancellationToken ct)
    {
        if (!await LoadAsync(kind, name, versionId, ct)) return NotFound();
        if (Shown is null || Shown.Id != versionId) return NotFound();
        var latestPublished = Versions.Where(v => v.Status == ArtefactStatus.Published).Select(v => (int?)v.Version).Max();
        if (Shown.Status == ArtefactStatus.Published)
            Failures.Add($"La version n° {Shown.Version} est déjà publiée ; une version publiée ne change plus.");
        else if (latestPublished > Shown.Version)
            Failures.Add($"Une version plus récente (n° {latestPublished}) est déjà publiée : enregistrez ce texte comme nouveau brouillon pour le publier.");
        else if (Problems.Count > 0 || Impact.Count > 0)
            Failures.Add("Cette version a des erreurs : corrigez-les dans un nouveau brouillon avant de publier.");
        if (Failures.Count > 0 || confirmer != "oui")
        {
            ConfirmPublish = Failures.Count == 0;
            await PrepareTrialAsync(null, null, ct);
            return Page();
        }
        if (!await catalog.PublishAsync(Shown, ct)) return NotFound();
        await audit.RecordAsync(HttpContext.GetCaller(), AuditActions.DefinitionPublished, $"{Artefacts.Segment(Kind)}:{Name}", $"version={Shown.Version}", ct);
        Success = $"Version n° {Shown.Version} publiée : elle est en vigueur pour toutes les éditions lancées désormais.";
        return Redirect($"{Artefacts.Url(Kind, Name)}?version={Shown.Id}");
    }

    public async Task<IActionResult> OnPostEssaiAsync(string kind, string name, long versionId,
        [FromForm(Name = "essai_definition")] string? trialDefinition, CancellationToken ct)
    {
        if (!await LoadAsync(kind, name, versionId, ct)) return NotFound();
        if (Shown is null || Shown.Id != versionId) return NotFound();
        await PrepareTrialAsync(trialDefinition, Request.Form, ct);
        if (TrialDefinition is null || TrialUnavailable is not null) return Page();

        var manager = HttpContext.GetCaller();
        var instantOk = ParisDates.TryParseLocal(TrialValues["instant"], out var local);
        if (!instantOk) TrialErrors.Add(("essai-instant", "Indiquez l'instant sous la forme JJ/MM/AAAA HH:MM, par exemple 01/07/2026 10:00."));
        Caller? actingAs = TrialDefinition.Audience switch
        {
            Audience.School when AccountIdentifiers.IsValidUai(TrialValues["uai"].ToUpperInvariant()) => Caller.School(TrialValues["uai"].ToUpperInvariant(), $"essai-{manager.Login}"),
            Audience.Candidate when AccountIdentifiers.IsValidCandidateNumber(TrialValues["candidat"]) => Caller.Candidate(TrialValues["candidat"], $"essai-{manager.Login}"),
            Audience.Manager => manager,
            _ => null,
        };
        if (actingAs is null)
            TrialErrors.Add(TrialDefinition.Audience == Audience.School
                ? ("essai-uai", "Indiquez l'UAI d'un établissement : 7 chiffres et la lettre de contrôle, par exemple 0783546F.")
                : ("essai-candidat", "Indiquez un numéro candidat de 11 chiffres."));
        else if (actingAs.Uai is { } uai && TrialSession is not null && TrialSession.Schools.All(s => s.Uai != uai))
            TrialErrors.Add(("essai-uai", $"L'établissement {uai} n'est pas dans la session {TrialSession.Session.Code}."));
        if (TrialErrors.Count > 0) return Page();

        var parameters = TrialDefinition.Parameters
            .Where(p => !string.IsNullOrWhiteSpace(TrialValues.GetValueOrDefault("p_" + p.Id)))
            .ToDictionary(p => p.Id, p => TrialValues["p_" + p.Id].Trim());
        var overrides = Kind == ArtefactKind.Template ? new Dictionary<string, string> { [Name] = Shown.Content } : new Dictionary<string, string>();
        var definitionVersion = Kind == ArtefactKind.Definition ? Shown.Version : definitions.Get(TrialDefinition.Id)?.Version ?? 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TrialTimeout);
        try
        {
            TrialOutcome = await trials.RunAsync(new TrialRequest(TrialDefinition, definitionVersion, overrides, actingAs!, manager,
                TrialSession?.Session.Code, ParisTime.ToInstant(local), parameters), timeout.Token);
        }
        catch (RunInputException e)
        {
            TrialErrors.AddRange(e.Errors.Select(d => (FieldOf(d), d.Message)));
            return Page();
        }
        catch (NotAllowedException e)
        {
            TrialErrors.Add(("essai-uai", char.ToUpperInvariant(e.Message[0]) + e.Message[1..] + "."));
            return Page();
        }
        await audit.RecordAsync(manager, AuditActions.DefinitionTrial, $"{Artefacts.Segment(Kind)}:{Name}",
            $"version={Shown.Version} definition={TrialDefinition.Id} en-tant-que={actingAs} instant={TrialValues["instant"]} edition={TrialOutcome.Run.Id} etat={TrialOutcome.Run.State}", ct);
        return Page();
    }

    /// <summary>The file of a trial run, for the exam manager who ran it (SECURITY.md row 9: headers, authorization re-checked).</summary>
    public async Task<IActionResult> OnGetFichierAsync(string kind, string name, string? run, CancellationToken ct)
    {
        if (!Artefacts.TryParseKind(kind, out var k) || !Artefacts.IsValidName(k, name) || string.IsNullOrEmpty(run)) return NotFound();
        var record = await runs.GetAsync(run, ct);
        var caller = HttpContext.GetCaller();
        if (record is null || !TrialRunner.IsTrial(record) || record.Caller != caller.ToString() || record.Output is not { } output
            || await blobs.OpenReadAsync(output.Sha256, ct) is not { } content)
            return NotFound();
        await audit.RecordAsync(caller, AuditActions.DefinitionTrialDownload, $"edition:{record.Id}", output.FileName, ct);
        Security.DownloadHeaders.Apply(Response);
        return File(content, output.ContentType, output.FileName);
    }

    public string FileName => Artefacts.FileName(Kind, Name);

    public IEnumerable<int> ProblemLines => Problems.Where(p => p.File == FileName && p.Line > 0).Select(p => p.Line).Distinct();

    /// <summary>The trial form field a runner error is about, for the error summary's links.</summary>
    static string FieldOf(Diagnostic d) =>
        DiagnosticCodes.IsAboutParameter(d.Code) ? "essai-p_" + d.Location.File
        : d.Code == DiagnosticCodes.UnknownSession ? "essai-session"
        : "essai";

    /// <summary>Kind, name, versions, the shown version and its problems; false when the URL names nothing valid.</summary>
    async Task<bool> LoadAsync(string kind, string name, long? versionId, CancellationToken ct)
    {
        if (!Artefacts.TryParseKind(kind, out var k) || !Artefacts.IsValidName(k, name)) return false;
        Kind = k;
        Name = name;
        Versions = await artefacts.ListVersionsAsync(Kind, Name, ct);
        Shown = versionId is { } id ? Versions.FirstOrDefault(v => v.Id == id) : Versions.FirstOrDefault();
        if (versionId is not null && Shown is null) return false;
        InForce = Versions.Where(v => v.Status == ArtefactStatus.Published).Select(v => (int?)v.Version).Max();
        Text = Shown?.Content ?? "";
        if (Shown is not null)
        {
            Problems = Artefacts.Validate(loaders, Kind, Name, Shown.Content);
            if (Shown.Status != ArtefactStatus.Published) Impact = await Artefacts.ImpactAsync(catalog, Kind, Name, Shown.Content, ct);
        }
        return true;
    }

    /// <summary>What the trial form needs: the definition to run, the sessions, and the values typed (or defaults).</summary>
    async Task PrepareTrialAsync(string? trialDefinition, IFormCollection? form, CancellationToken ct)
    {
        if (Shown is null) { TrialUnavailable = "Enregistrez d'abord une version."; return; }
        if (Problems.Count > 0) { TrialUnavailable = "Cette version a des erreurs : corrigez-les avant de l'essayer."; return; }
        if (Kind == ArtefactKind.Definition)
        {
            TrialDefinition = loaders.InForce().LoadText(FileName, Shown.Content).Definition;
        }
        else
        {
            // A template is tried through a definition that renders it; a shared partial (_shared/…) through any of them.
            var shared = Name.StartsWith("_shared/", StringComparison.Ordinal);
            TrialCandidates = definitions.List()
                .Where(d => !TrialRunner.Publishes(d.Definition))
                .Where(d => shared || d.Definition.Steps.Any(s => s.Options.TryGetValue("template", out var t) && t as string == Name))
                .OrderBy(d => d.Definition.Id, StringComparer.Ordinal).ToList();
            TrialDefinition = (TrialCandidates.FirstOrDefault(d => d.Definition.Id == trialDefinition) ?? TrialCandidates.FirstOrDefault())?.Definition;
            if (TrialDefinition is null)
            {
                TrialUnavailable = "Aucune définition essayable n'utilise ce gabarit : il n'est rendu que par une publication, qu'un essai ne fait jamais.";
                return;
            }
        }
        if (TrialDefinition is null) { TrialUnavailable = "Cette version ne se charge pas : corrigez-la avant de l'essayer."; return; }
        if (TrialRunner.Publishes(TrialDefinition))
        {
            TrialUnavailable = "Cette définition publie des relevés de notes : elle ne peut pas être essayée, un essai ne publie jamais.";
            return;
        }
        Sessions = await sessions.ListSessionsAsync(ct);
        var sessionCode = form?["essai_session"].ToString() is { Length: > 0 } s ? s : Sessions.FirstOrDefault()?.Code;
        TrialSession = sessionCode is null ? null : await sessions.LoadContextAsync(sessionCode, ct);
        if (TrialSession is null) { TrialUnavailable = "Aucune session importée : importez une session pour essayer."; return; }

        string Value(string key, string fallback) => form is not null && form.TryGetValue(key, out var v) ? v.ToString() : fallback;
        TrialValues["instant"] = Value("essai_instant", ParisDates.Format(clock.GetUtcNow()));
        TrialValues["uai"] = Value("essai_uai", TrialSession.Schools.FirstOrDefault()?.Uai ?? "");
        TrialValues["candidat"] = Value("essai_candidat", "");
        foreach (var p in TrialDefinition.Parameters)
            TrialValues["p_" + p.Id] = Value("p_" + p.Id, p.Type == ParameterType.Flag ? (p.Default ?? "N") : "");
    }
}
