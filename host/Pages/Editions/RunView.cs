using CfgResults.Engine.Hosting;
using CfgResults.Engine.Running;

namespace CfgResults.Host.Pages.Editions;

/// <summary>A run as the pages show it: the activity's title, dates in Paris time, the state in French.</summary>
public sealed record RunView(RunRecord Run, string Title)
{
    public string Created => PageResults.LocalDateTime(Run.CreatedAt);
    public string? Ended => Run.EndedAt is { } t ? PageResults.LocalDateTime(t) : null;
    public string State => RunStateNames.French(Run.State);
    public bool Finished => RunStateNames.IsFinal(Run.State);
    public bool HasFile => Run.State == RunState.Succeeded && Run.Output is not null;
    public string FileUrl => $"/editions/{Uri.EscapeDataString(Run.Id)}/fichier";
    public string Url => $"/editions/{Uri.EscapeDataString(Run.Id)}";

    /// <summary>`text/csv; charset=utf-8` → `CSV`, `application/pdf` → `PDF`.</summary>
    public string FileKind => Run.Output?.ContentType.StartsWith("text/csv", StringComparison.Ordinal) == true ? "CSV"
        : Run.Output?.ContentType == "application/pdf" ? "PDF" : "fichier";

    public string StateClass => Run.State switch
    {
        RunState.Succeeded => "state state--success",
        RunState.Refused or RunState.Failed => "state state--error",
        RunState.Cancelled => "state state--neutral",
        _ => "state state--running",
    };

    public static RunView Of(RunRecord run, CfgResultsEngine engine) =>
        new(run, engine.Definitions.Get(run.DefinitionId)?.Definition.Title ?? run.DefinitionId);
}
