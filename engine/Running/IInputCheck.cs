using CfgResults.Engine.Definitions;

namespace CfgResults.Engine.Running;

/// <summary>
/// A step kind that also checks the caller's values before the run is recorded (the runner asks it while it
/// binds the parameters), so that a refusal comes back to the form, next to its parameter, not as a failed run.
/// </summary>
public interface IInputCheck
{
    IEnumerable<Diagnostic> CheckInput(object options, IReadOnlyDictionary<string, object?> values, WorkflowDefinition definition);
}
