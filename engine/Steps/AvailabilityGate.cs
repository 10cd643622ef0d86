using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;

namespace CfgResults.Engine.Steps;

/// <summary>
/// Lets the run through only once a date-time is reached: option `from` names a date or date-time
/// parameter of the definition. The refusal text may cite it as `{{ disponible_le }}`.
/// </summary>
[StepKind("gate.availability")]
public sealed class AvailabilityGate : StepKind<AvailabilityGate.Options>
{
    public sealed record Options(string From, string Message);

    protected override Task ExecuteAsync(Options options, RunContext context, CancellationToken ct)
    {
        context.Parameters.TryGetValue(options.From, out var value);
        DateTime? from = value switch
        {
            DateTime dt => dt,
            DateOnly d => d.ToDateTime(TimeOnly.MinValue),
            _ => null,
        };
        if (from is null || context.LocalNow >= from) return Task.CompletedTask;
        throw new GateRefusedException(options.Message.Replace("{{ disponible_le }}", ParisTime.Format(from.Value)));
    }
}
