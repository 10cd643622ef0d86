using CfgResults.Engine.Running;

namespace CfgResults.Host.Pages.Editions;

/// <summary>A run as the pages show it: the activity's title, dates in Paris time, the state in French.</summary>
public sealed record RunView(RunRecord Run, string Title)
{
    /// <summary>What the run was asked for (issue 13 item 5).</summary>
    public RunSettings Settings { get; init; } = new(Run.SessionCode, [], []);

    public string Created => PageResults.LocalDateTime(Run.CreatedAt);
    public string? Ended => Run.EndedAt is { } t ? PageResults.LocalDateTime(t) : null;
    public string State => RunStateNames.French(Run.State);
    public bool Finished => RunStateNames.IsFinal(Run.State);
    public bool HasFile => Run.State == RunState.Succeeded && Run.Output is not null;
    public string FileUrl => $"/editions/{Uri.EscapeDataString(Run.Id)}/fichier";
    public string Url => $"/editions/{Uri.EscapeDataString(Run.Id)}";

    /// <summary>`text/csv; charset=utf-8` → `CSV`, `application/pdf` → `PDF`.</summary>
    public string FileKind => Run.Output?.ContentType.StartsWith("text/csv", StringComparison.Ordinal) == true ? "CSV"
        : Run.Output?.ContentType == "application/pdf" ? "PDF"
        : Run.Output?.ContentType == Engine.Steps.RenderXlsx.ContentType ? "XLSX" : "fichier";

    /// <summary>What <see cref="RunRecord.RowCount"/> counts: transcripts written by a publication, lines of a CSV, candidates of a document.</summary>
    public string CountLabel => Run.Output is null ? "Relevés écrits" : FileKind is "CSV" or "XLSX" ? "Lignes" : "Candidats";

    /// <summary>The same in a sentence: `12 relevé(s) écrit(s)`, `240 ligne(s)`, `35 candidat(s), 2 page(s)`.</summary>
    public string? CountText => Run.RowCount is not { } rows ? null
        : (Run.Output is null ? $"{rows} relevé(s) écrit(s)" : FileKind == "CSV" ? $"{rows} ligne(s)" : $"{rows} candidat(s)")
          + (Run.PageCount is { } pages ? $", {pages} page(s)" : "");

    /// <summary>A publication that wrote nothing says why, rather than leaving a bare 0.</summary>
    public string? NothingWritten => Run is { State: RunState.Succeeded, Output: null, RowCount: 0 }
        ? "Aucun relevé n'a changé depuis la dernière publication : aucune nouvelle version n'a été écrite." : null;

    public string StateClass => Run.State switch
    {
        RunState.Succeeded => "state state--success",
        RunState.Refused or RunState.Failed => "state state--error",
        RunState.Cancelled => "state state--neutral",
        _ => "state state--running",
    };

    public static RunView Of(RunRecord run, IDefinitionSource definitions) =>
        new(run, definitions.Get(run.DefinitionId)?.Definition.Title ?? run.DefinitionId) { Settings = RunSettings.Of(run, definitions) };
}
