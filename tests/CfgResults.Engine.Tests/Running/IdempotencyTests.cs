using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Running;

namespace CfgResults.Engine.Tests.Running;

/// <summary>Idempotency in one place: keys scoped to their origin and caller, one run per key, a planned id per key.</summary>
public sealed class IdempotencyTests
{
    static readonly Caller Memo = Caller.School("0783546F", "etab-0783546f");
    static readonly Caller Other = Caller.School("0780130T", "etab-0780130t");

    [Fact]
    public void Keys_are_scoped_to_their_origin_and_caller()
    {
        Assert.NotEqual(Idempotency.ForApi(Memo, "k"), Idempotency.ForApi(Other, "k"));
        Assert.NotEqual(Idempotency.ForApi(Memo, "k"), Idempotency.ForForm(Memo, "k"));
        Assert.Equal(Idempotency.PlannedId(Memo, "k"), Idempotency.PlannedId(Memo, "k"));
        Assert.NotEqual(Idempotency.PlannedId(Memo, "k"), Idempotency.PlannedId(Other, "k"));
        Assert.NotEqual(Idempotency.PlannedId(Memo, null), Idempotency.PlannedId(Memo, null));
        Assert.True(Idempotency.IsValidKey("commande-2026.06:1"));
        Assert.False(Idempotency.IsValidKey("avec espace"));
        Assert.False(Idempotency.IsValidKey(new string('a', Idempotency.MaxKeyLength + 1)));
        Assert.False(Idempotency.IsValidKey(""));
    }

    [Fact]
    public async Task One_run_per_key_and_the_store_finds_it_by_key()
    {
        await using var h = await RunnerHarness.OpenAsync(SqlDialect.Sqlite);
        var key = Idempotency.ForApi(Memo, "une-fois");
        var request = new RunRequest("extraction-notes", Memo, null, new Dictionary<string, string> { ["groupe_decision"] = "CFG-78", ["inclure_nom"] = "O" }, [], key);
        var (first, created) = await h.Engine.Runner.PrepareOnceAsync(request);
        var (second, createdAgain) = await h.Engine.Runner.PrepareOnceAsync(request);
        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Id, (await h.Engine.Runs.FindByKeyAsync(key))!.Id);
        Assert.Null(await h.Engine.Runs.FindByKeyAsync(Idempotency.ForApi(Other, "une-fois")));
    }
}
