using CfgResults.Engine.Accounts;
using Microsoft.Extensions.Time.Testing;

namespace CfgResults.Engine.Tests.Accounts;

public sealed class AuditLogTests : IDisposable
{
    readonly AccountsTestDatabase _database = new();
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 19, 8, 0, 0, TimeSpan.Zero));
    readonly AuditLog _audit;

    public AuditLogTests() => _audit = new AuditLog(_database, _clock);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Record_StripsLineBreaksAndControlCharacters_SoThatNoLineCanBeForged()
    {
        const string hostile = "etab\r\n2026-06-19T08:00:00.000Z gestionnaire connexion\u0000\u001b[31m\u2028\u202Eok\t";

        await _audit.RecordAsync(hostile, "connexion.echec", hostile, hostile);

        var entry = Assert.Single(await _audit.ListAsync(AuditFilter.All));
        foreach (var text in new[] { entry.Actor, entry.Target, entry.Details! })
        {
            Assert.DoesNotContain(text, c => char.IsControl(c) || c is '\u2028' or '\u202E');
            Assert.StartsWith("etab  2026-06-19T08:00:00.000Z gestionnaire connexion", text);
        }
    }

    [Fact]
    public async Task Record_CutsOverlongTexts()
    {
        await _audit.RecordAsync(new string('a', 5000), "connexion.echec", "x", new string('b', 5000));

        var entry = Assert.Single(await _audit.ListAsync(AuditFilter.All));
        Assert.Equal(AuditLog.MaxFieldLength, entry.Actor.Length);
        Assert.EndsWith("…", entry.Actor);
        Assert.Equal(AuditLog.MaxDetailsLength, entry.Details!.Length);
    }

    [Fact]
    public async Task Record_KeepsTheUtcInstant_AndTheCallerTextForm()
    {
        var entry = await _audit.RecordAsync(Caller.School("0783546F", "etab-0783546f"), AuditActions.SignIn, "etablissement:0783546F");

        var stored = Assert.Single(await _audit.ListAsync(AuditFilter.All));
        Assert.Equal(entry, stored);
        Assert.Equal(_clock.GetUtcNow(), stored.At);
        Assert.Equal("etablissement:0783546F (etab-0783546f)", stored.Actor);
    }

    [Fact]
    public async Task List_FiltersByActionActorAndTime_NewestFirst_UpToTheLimit()
    {
        await _audit.RecordAsync("a", AuditActions.SignIn, "t1");
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _audit.RecordAsync("b", AuditActions.SignInFailed, "t2");
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _audit.RecordAsync("a", AuditActions.SignIn, "t3");
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _audit.RecordAsync("a", AuditActions.SignIn, "t4");

        var signIns = await _audit.ListAsync(new AuditFilter(Action: AuditActions.SignIn), limit: 2);
        var byB = await _audit.ListAsync(new AuditFilter(Actor: "b"));
        var window = await _audit.ListAsync(new AuditFilter(From: _clock.GetUtcNow().AddMinutes(-2), To: _clock.GetUtcNow()));

        Assert.Equal(["t4", "t3"], signIns.Select(e => e.Target));
        Assert.Equal(["t2"], byB.Select(e => e.Target));
        Assert.Equal(["t3", "t2"], window.Select(e => e.Target));
    }
}
