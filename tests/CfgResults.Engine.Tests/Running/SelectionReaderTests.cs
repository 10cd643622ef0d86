using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Running;

namespace CfgResults.Engine.Tests.Running;

/// <summary>The selection reads stored values with the session store's reader (Data.Rows.CandidateTable): an unknown one fails the run, naming its column; it never becomes a default.</summary>
public sealed class SelectionReaderTests
{
    static readonly Caller Memo = Caller.School("0783546F", "etab-0783546f");

    [Theory]
    [InlineData("category", "apprenti")]
    [InlineData("result", "Ajourné")]
    public async Task An_unknown_stored_value_fails_the_run_with_its_value(string column, string stored)
    {
        await using var h = await RunnerHarness.OpenAsync(SqlDialect.Sqlite);
        await using (var cn = await h.Engine.Database.OpenAsync(CancellationToken.None))
        await using (var cmd = cn.CreateCommand())
        {
            cmd.CommandText = $"UPDATE candidates SET {column} = '{stored}' WHERE registration_school = '0783546F'";
            Assert.True(await cmd.ExecuteNonQueryAsync() > 0);
        }
        var run = await h.Engine.Runner.PrepareAsync(new RunRequest("extraction-notes", Memo, null,
            new Dictionary<string, string> { ["groupe_decision"] = "CFG-78", ["inclure_nom"] = "O" }, []));
        await Assert.ThrowsAsync<FormatException>(() => h.Engine.Runner.ExecuteAsync(run.Id, Memo));
        var ended = (await h.Engine.Runs.GetAsync(run.Id))!;
        Assert.Equal(RunState.Failed, ended.State);
        Assert.Equal(RunFailure.Error, ended.Failure);
        Assert.Contains(stored, ended.Message);
        Assert.Contains($"candidates.{column}", ended.Message);
    }
}
