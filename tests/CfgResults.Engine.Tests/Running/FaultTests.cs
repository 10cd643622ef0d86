using System.Data.Common;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Running;
using CfgResults.Engine.Versioning;

namespace CfgResults.Engine.Tests.Running;

/// <summary>SECURITY.md row 15: a database failure in the middle of a publication fails the run cleanly; nothing is published half.</summary>
public sealed class FaultTests
{
    /// <summary>Fails every connection opening from the Nth on, as a database that went away would.</summary>
    sealed class FailingDatabase(IDatabase inner) : IDatabase
    {
        int opened;
        public int FailFrom { get; set; } = int.MaxValue;
        public SqlDialect Dialect => inner.Dialect;

        public Task<DbConnection> OpenAsync(CancellationToken ct = default) =>
            Interlocked.Increment(ref opened) >= FailFrom ? throw new IOException("base de données injoignable (panne simulée)") : inner.OpenAsync(ct);

        public void Heal() => FailFrom = int.MaxValue;
        public int Opened => opened;
    }

    [Fact]
    public async Task DatabaseFailureMidPublication_FailsTheRun_AndEachSchoolIsAllOrNothing_ThenARerunCompletes()
    {
        await using var h = await RunnerHarness.OpenAsync(SqlDialect.Sqlite, candidates: 1600);
        var failing = new FailingDatabase(h.Engine.Database);
        var services = h.Engine.Services with { Database = failing };
        var runs = new RunStore(h.Engine.Database); // the run record itself stays writable, so the failure is recorded
        var runner = new Runner(services, h.Engine.Definitions, h.Engine.Sessions, runs, h.Engine.StepKinds);
        var request = new RunRequest("publication-releves", Caller.Manager("g"), null, new Dictionary<string, string> { ["disponible_le"] = "01/01/2026 08:00" }, []);

        var run = await runner.PrepareAsync(request);
        // Once a batch of schools is written, the database goes away.
        var execution = Task.Run(() => runner.ExecuteAsync(run.Id, request.Caller));
        while (!execution.IsCompleted)
        {
            await using (var cn = await h.Engine.Database.OpenAsync())
            await using (var cmd = cn.CreateCommand())
            {
                cmd.CommandText = "SELECT COUNT(*) FROM publication_batches WHERE state = 'Done'";
                if (Convert.ToInt64(await cmd.ExecuteScalarAsync()) > 0) failing.FailFrom = 0;
            }
            if (failing.FailFrom == 0) break;
            await Task.Delay(10);
        }
        await Assert.ThrowsAsync<IOException>(() => execution);
        var failed = await runs.GetAsync(run.Id);
        Assert.Equal(RunState.Failed, failed!.State);
        Assert.Contains("panne simulée", failed.Message);

        var perSchool = await VersionsPerSchoolAsync(h);
        var students = await StudentsPerSchoolAsync(h);
        Assert.Contains(perSchool, p => p.Value > 0);
        Assert.All(perSchool, p => Assert.Equal(students[p.Key], p.Value)); // a school has all its transcripts or none (a batch is one transaction)

        failing.Heal();
        var rerun = await runner.RunAsync(request);
        Assert.Equal(RunState.Succeeded, rerun.State);
        Assert.Equal(students.Values.Sum(), (await VersionsPerSchoolAsync(h)).Values.Sum());
    }

    static async Task<Dictionary<string, long>> VersionsPerSchoolAsync(RunnerHarness h)
    {
        await using var cn = await h.Engine.Database.OpenAsync();
        await using var cmd = cn.CreateCommand();
        cmd.CommandText = """
            SELECT c.registration_school, COUNT(*) FROM document_versions v JOIN documents d ON d.id = v.document_id
            JOIN candidates c ON c.number = d.candidate_number GROUP BY c.registration_school
            """;
        var result = new Dictionary<string, long>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) result[r.GetString(0)] = r.GetInt64(1);
        return result;
    }

    static async Task<Dictionary<string, long>> StudentsPerSchoolAsync(RunnerHarness h)
    {
        await using var cn = await h.Engine.Database.OpenAsync();
        await using var cmd = cn.CreateCommand();
        cmd.CommandText = "SELECT registration_school, COUNT(*) FROM candidates WHERE state = 'Inscrit' AND fraud_suspected = 0 AND result IS NOT NULL GROUP BY registration_school";
        var result = new Dictionary<string, long>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) result[r.GetString(0)] = r.GetInt64(1);
        return result;
    }
}
