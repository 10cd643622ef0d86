namespace CfgResults.Engine.Running;

/// <summary>
/// Where the batches of a fanned-out publication are executed: the host enqueues one Hangfire job per batch (every
/// host of the cluster takes some); without one (command line, tests of the engine) the run executes them itself.
/// </summary>
public interface IBatchDispatcher
{
    void Enqueue(string runId, int seq, string caller);
}
