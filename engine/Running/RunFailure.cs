namespace CfgResults.Engine.Running;

/// <summary>
/// Why a run ended « Refusée » or « En échec », recorded with it (column runs.failure): what the command line's exit
/// code and a caller's answer follow, instead of reading the message. The table is in docs/DIAGNOSTICS.md.
/// </summary>
public enum RunFailure
{
    /// <summary>The request is invalid: a parameter, a criterion, the session or the activity (RunInputException).</summary>
    Input,

    /// <summary>The caller may not run it: audience, a foreign resource (NotAllowedException).</summary>
    NotAllowed,

    /// <summary>A gate said no: service closed, not yet available (state Refused).</summary>
    Gate,

    /// <summary>The run broke while executing: template, store, file.</summary>
    Error,
}
