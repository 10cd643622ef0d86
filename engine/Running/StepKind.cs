using CfgResults.Engine.Definitions;

namespace CfgResults.Engine.Running;

/// <summary>Names a step kind; the registry finds kinds by this name (no switch anywhere).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StepKindAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>One kind of step. Implementations derive from <see cref="StepKind{TOptions}"/>.</summary>
public interface IStepKind
{
    Type OptionsType { get; }

    Task ExecuteAsync(object options, RunContext context, CancellationToken ct);
}

/// <summary>
/// A step kind with its options record. The record's constructor parameters are the YAML options,
/// snake_case in YAML: `FileName` is written `file_name`.
/// </summary>
public abstract class StepKind<TOptions> : IStepKind where TOptions : class
{
    public Type OptionsType => typeof(TOptions);

    public Task ExecuteAsync(object options, RunContext context, CancellationToken ct) =>
        ExecuteAsync((TOptions)options, context, ct);

    protected abstract Task ExecuteAsync(TOptions options, RunContext context, CancellationToken ct);
}

/// <summary>A gate said no: the run ends in the Refused state with the gate's message.</summary>
public sealed class GateRefusedException(string message) : Exception(message);

/// <summary>The caller's input (a parameter, a criterion) is invalid: the run is refused before it starts.</summary>
public sealed class RunInputException(IReadOnlyList<Diagnostic> errors)
    : Exception(string.Join(Environment.NewLine, errors.Select(e => e.Message)))
{
    public IReadOnlyList<Diagnostic> Errors { get; } = errors;
}
