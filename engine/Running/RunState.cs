namespace CfgResults.Engine.Running;

/// <summary>Life of a run; every accepted run ends in Succeeded, Refused, Failed or Cancelled.</summary>
public enum RunState { Pending, Running, Succeeded, Refused, Failed, Cancelled }

public static class RunStateNames
{
    public static string French(RunState s) => s switch
    {
        RunState.Pending => "En attente",
        RunState.Running => "En cours",
        RunState.Succeeded => "Terminée",
        RunState.Refused => "Refusée",
        RunState.Failed => "En échec",
        RunState.Cancelled => "Annulée",
        _ => s.ToString(),
    };

    public static bool IsFinal(RunState s) => s is RunState.Succeeded or RunState.Refused or RunState.Failed or RunState.Cancelled;
}

/// <summary>Progress of a long run: done of total (rows, candidates, schools…).</summary>
public readonly record struct RunProgress(long Done, long Total);
