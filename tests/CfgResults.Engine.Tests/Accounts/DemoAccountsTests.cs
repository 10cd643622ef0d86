using CfgResults.Engine.Accounts;
using Microsoft.Extensions.Time.Testing;

namespace CfgResults.Engine.Tests.Accounts;

public sealed class DemoAccountsTests : IDisposable
{
    readonly AccountsTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Ensure_CreatesSignableAccounts_OnceOnly_ForTheFirstThreeSchoolsAndTwoCandidates()
    {
        var users = new UserStore(_database, new FakeTimeProvider());
        (string, string)[] schools = [("0783546F", "Collège A"), ("0750001U", "Collège B"), ("0750002V", "Collège C"), ("0750003W", "Collège D")];
        string[] candidates = ["01843006787", "01843006788", "01843006789"];

        var first = await DemoAccounts.EnsureAsync(users, schools, candidates);
        var second = await DemoAccounts.EnsureAsync(users, schools, candidates);

        Assert.Equal(["gestionnaire", "etab-0783546f", "etab-0750001u", "etab-0750002v", "cand-01843006787", "cand-01843006788"], first.Select(a => a.Login));
        Assert.Equal(first, second);
        Assert.Equal(6, (await users.ListAsync()).Count);
        foreach (var account in first)
            Assert.True((await users.VerifyAsync(account.Login, account.Password)).Succeeded, account.Login);
        Assert.Equal("gestionnaire-demo", first[0].Password);
    }
}
