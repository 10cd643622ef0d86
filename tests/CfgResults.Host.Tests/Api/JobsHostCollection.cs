namespace CfgResults.Host.Tests.Api;

/// <summary>
/// Test classes that wait for runs executed by Hangfire. Hangfire keeps its storage and job activator in
/// process-wide statics (JobStorage.Current…), so with two test hosts alive at once a job enqueued by one can
/// be lost to the other, and the run stays « En attente ». These classes therefore run one at a time, after
/// the parallel ones, each with its own host.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class JobsHostCollection
{
    public const string Name = "Hôte de démonstration avec tâches de fond";
}
