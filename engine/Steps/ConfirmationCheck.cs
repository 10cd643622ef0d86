using CfgResults.Engine.Definitions;
using CfgResults.Engine.Running;

namespace CfgResults.Engine.Steps;

/// <summary>
/// Issue 13 item 6: when none of the flags `any_of` is set (an extraction without any identity column: rows of
/// grades nobody can attribute), the run needs the flag `confirm` set too (`--set sans_identite=O` on the command
/// line, a box on the page, which also shows `message` as a warning while none is ticked). Checked before the
/// run is recorded (<see cref="IInputCheck"/>); nothing to do when it runs.
/// </summary>
[StepKind("check.confirmation")]
public sealed class ConfirmationCheck : StepKind<ConfirmationCheck.Options>, IInputCheck
{
    public const string Code = DiagnosticCodes.ConfirmationRequired;

    public sealed record Options(IReadOnlyList<string> AnyOf, string Confirm, string Message);

    protected override Task ExecuteAsync(Options options, RunContext context, CancellationToken ct) => Task.CompletedTask;

    public IEnumerable<Diagnostic> CheckInput(object options, IReadOnlyDictionary<string, object?> values, WorkflowDefinition definition)
    {
        var o = (Options)options;
        if (o.AnyOf.Any(id => values.GetValueOrDefault(id) is true) || values.GetValueOrDefault(o.Confirm) is true) yield break;
        var label = definition.Parameters.FirstOrDefault(p => p.Id == o.Confirm)?.Label ?? o.Confirm;
        yield return new Diagnostic(new SourceLocation(o.Confirm, 0, 0), Code, $"{o.Message} Cochez « {label} » pour confirmer.");
    }

    /// <summary>The options of the definition's confirmation step, if it has one (for the page).</summary>
    public static Options? Find(WorkflowDefinition definition) => definition.Steps.FirstOrDefault(s => s.Kind == "check.confirmation")?.Bound as Options;
}
