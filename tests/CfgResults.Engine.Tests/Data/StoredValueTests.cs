using CfgResults.Engine.Data;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;
using CfgResults.Engine.Tests.Running;
using CfgResults.Engine.Versioning;

namespace CfgResults.Engine.Tests.Data;

/// <summary>
/// Each table has one row reader (engine/Data/Rows, Data/Queries), and a stored value it does not know is an error that names
/// the table, the column and the value — never a default — on both databases.
/// </summary>
public sealed class StoredValueTests
{
    public static TheoryData<SqlDialect, string, string, string> Corruptions()
    {
        var data = new TheoryData<SqlDialect, string, string, string>();
        foreach (var dialect in new[] { SqlDialect.Sqlite, SqlDialect.Postgres })
        {
            data.Add(dialect, "candidates", "category", "'apprenti'");
            data.Add(dialect, "candidates", "state", "'Inscrite'");
            data.Add(dialect, "candidates", "red_list", "2");
            data.Add(dialect, "grades", "position", "'Retenue'");
            data.Add(dialect, "grades", "note_kind", "'Zero'");
            data.Add(dialect, "runs", "state", "'Finished'");
            data.Add(dialect, "runs", "failure", "'3'");
            data.Add(dialect, "artefact_versions", "status", "'published'");
            data.Add(dialect, "planned_publications", "state", "'Later'");
        }
        return data;
    }

    [Theory, MemberData(nameof(Corruptions))]
    public async Task An_unknown_stored_value_is_an_error_naming_table_column_and_value(SqlDialect dialect, string table, string column, string stored)
    {
        await using var h = await RunnerHarness.OpenAsync(dialect, candidates: 20);
        var db = h.Engine.Database;
        var runs = new RunStore(db);
        var planned = new PlannedPublicationStore(db);
        await runs.CreateAsync(new RunRecord("run-1", "extraction-notes", 1, "{}", "CFG2026", "gestionnaire", "{}", "[]", null, RunState.Pending, null, 0, 0,
            RunnerHarness.Now, null, null, null, null, null));
        await planned.AddAsync(new PlannedPublication("plan-1", "publication-releves", "CFG2026", "gestionnaire", "{}", "[]", RunnerHarness.Now.AddDays(1),
            PlannedState.Planned, null, RunnerHarness.Now));
        var artefacts = new ArtefactStore(db, h.Clock);
        var definition = (await artefacts.PublishedAsync(ArtefactKind.Definition)).First();
        await using (var cn = await db.OpenAsync())
        await using (var cmd = cn.CreateCommand())
        {
            cmd.CommandText = $"UPDATE {table} SET {column} = {stored}";
            Assert.True(await cmd.ExecuteNonQueryAsync() > 0);
        }

        Func<Task> read = table switch
        {
            "candidates" or "grades" => async () => await new SessionStore(db).LoadSessionAsync((await new SessionStore(db).LatestSessionCodeAsync())!),
            "runs" => () => runs.GetAsync("run-1"),
            "artefact_versions" => () => artefacts.GetAsync(definition.Id),
            "planned_publications" => () => planned.GetAsync("plan-1"),
            _ => throw new ArgumentOutOfRangeException(nameof(table)),
        };
        var e = await Assert.ThrowsAnyAsync<Exception>(read);
        Assert.True(e is FormatException or InvalidDataException, e.ToString());
        Assert.Contains($"{table}.{column}", e.Message);
        Assert.Contains(stored.Trim('\''), e.Message);
    }
}
