using CfgResults.Engine.Running;
using CfgResults.Engine.Tests.Support;

namespace CfgResults.Engine.Tests.Security;

/// <summary>
/// Issue 11, « No limits per school »: one school launched 150 bulk-transcript runs in 0.8 s and delayed another
/// school's run by 5.9 s. A school now has at most <see cref="RunQuotaOptions.MaxActiveRunsPerSchool"/> runs waiting
/// or running, so another school's run is queued behind at most that many (one run's time with as many workers).
/// </summary>
public sealed class RunQuotaTests : IAsyncLifetime
{
    EngineFixture _f = null!;

    public async Task InitializeAsync() => _f = await EngineFixture.OpenAsync(EngineFixture.Demo(candidates: 300));

    public async Task DisposeAsync() => await _f.DisposeAsync();

    RunRequest Bulk(string uai) => new("releves-notes-masse", EngineFixture.School(uai), null, new Dictionary<string, string>(), []);

    [Fact]
    public async Task AFloodingSchool_IsLimited_WithAClearMessage_WhileAnotherSchoolsRunIsAccepted()
    {
        var flooding = EngineFixture.MemoSchool;
        var other = _f.Session.Schools.First(s => s.Uai != flooding && _f.Session.Candidates.Any(c => c.RegistrationSchoolUai == s.Uai)).Uai;
        var limit = RunQuotaOptions.Default.MaxActiveRunsPerSchool;

        var accepted = 0;
        QuotaExceededException? refusal = null;
        for (var i = 0; i < 150; i++)
        {
            try { await _f.Engine.Runner.PrepareAsync(Bulk(flooding)); accepted++; }
            catch (QuotaExceededException e) { refusal = e; }
        }
        var othersRun = await _f.Engine.Runner.PrepareAsync(Bulk(other));

        Assert.Equal(limit, accepted);
        Assert.NotNull(refusal);
        Assert.StartsWith($"Votre établissement a déjà {limit} édition(s) en attente ou en cours", refusal.Message);
        // Whatever the order the workers take them in, at most `limit` runs of the flooding school are ahead of the other's.
        var pending = (await _f.Engine.Runs.ListAsync(1000)).Where(r => r.State == RunState.Pending).ToList();
        Assert.Equal(limit, pending.Count(r => r.Caller == EngineFixture.School(flooding).ToString()));
        Assert.Contains(pending, r => r.Id == othersRun.Id);

        // Once one of its runs ends, the school may launch again.
        await _f.Engine.Runner.ExecuteAsync(pending.First(r => r.Caller == EngineFixture.School(flooding).ToString()).Id, EngineFixture.School(flooding));
        await _f.Engine.Runner.PrepareAsync(Bulk(flooding));
    }

    [Fact]
    public async Task TheSameRequestSentAgain_WithItsKey_IsNotCountedTwice()
    {
        var school = EngineFixture.MemoSchool;
        for (var i = 0; i < RunQuotaOptions.Default.MaxActiveRunsPerSchool; i++)
            await _f.Engine.Runner.PrepareAsync(Bulk(school) with { IdempotencyKey = "cle-" + i });

        var again = await _f.Engine.Runner.PrepareOnceAsync(Bulk(school) with { IdempotencyKey = "cle-0" });

        Assert.False(again.Created);
    }
}

/// <summary>Issue 11, « nothing bounds the runs or files a school accumulates »: files expire by age and by number.</summary>
public sealed class RunFileRetentionTests : IAsyncLifetime
{
    EngineFixture _f = null!;

    public async Task InitializeAsync() => _f = await EngineFixture.OpenAsync(EngineFixture.Demo(candidates: 200));

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task ARunsFile_IsRemovedAfterTheRetention_AndTheRunSaysWhen()
    {
        var school = EngineFixture.School();
        var run = await _f.RunOkAsync("liste-resultats", school);
        var sha = run.Output!.Sha256;
        Assert.True(await _f.Engine.Blobs.ExistsAsync(sha));
        var quota = _f.Engine.Runner.Quota!;

        Assert.Equal(0, await quota.ExpireFilesAsync(school));
        _f.Clock.Advance(quota.Options.FileRetention + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await quota.ExpireFilesAsync(school));

        Assert.False(await _f.Engine.Blobs.ExistsAsync(sha));
        Assert.Null((await _f.Engine.Runs.GetAsync(run.Id))!.Output);
        Assert.Equal(_f.Clock.GetUtcNow(), (await quota.ExpiredAsync([run.Id]))[run.Id]);
    }

    [Fact]
    public async Task ASchoolKeepsAtMostItsNumberOfFiles_TheOldestGoFirst()
    {
        var school = EngineFixture.School();
        var quota = new RunQuota(_f.Engine.Database, RunQuotaOptions.Default with { MaxFilesPerSchool = 2 }, _f.Engine.Blobs, _f.Clock);
        var runs = new List<RunRecord>();
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await _f.RunOkAsync("liste-resultats", school));
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(1, await quota.ExpireFilesAsync(school));

        Assert.Equal([runs[0].Id], (await quota.ExpiredAsync(runs.Select(r => r.Id).ToList())).Keys);
    }
}
