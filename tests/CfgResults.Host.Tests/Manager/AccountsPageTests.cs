using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CfgResults.Engine.Accounts;
using CfgResults.Host.Tests.Auth;
using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.Manager;

/// <summary>Issue 13 item 8: the exam manager's accounts page (/gestion/comptes), each change audited.</summary>
public sealed partial class AccountsPageTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>
{
    const string Page = "/gestion/comptes";

    static async Task<string> PostAsync(HttpClient client, string handler, params (string Name, string Value)[] fields)
    {
        var response = await ManagerHttp.PostFormAsync(client, Page, $"{Page}?handler={handler}", fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await AccountsHostFactory.TextAsync(response);
    }

    static string ShownPassword(string text)
    {
        var match = OneTimePasswordShown().Match(text);
        Assert.True(match.Success, "pas de mot de passe provisoire affiché");
        return match.Groups[1].Value;
    }

    async Task<bool> CanSignInAsync(string login, string password) =>
        (await AccountsHostFactory.PostSignInAsync(factory.NewClient(), login, password)).StatusCode == HttpStatusCode.Redirect;

    async Task<List<string>> ActionsOnAsync(string login) =>
        (await factory.Engine.Audit.ListAsync(new(Target: login))).Select(e => e.Action).Where(a => a.StartsWith("compte.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Account_IsCreatedWithAOneTimePassword_DisabledAfterConfirmation_EnabledAndReset_EachAudited()
    {
        var client = await factory.SignedInAsync("gestionnaire");

        var created = await PostAsync(client, "Creer", ("Identifiant", "Etab-Compte-Test"), ("Role", "etablissement"), ("Uai", "0783546f"));
        Assert.Contains("Le compte « etab-compte-test » est créé.", created);
        var first = ShownPassword(created);
        var account = await factory.Engine.Users.FindAsync("etab-compte-test");
        Assert.NotNull(account);
        Assert.Equal((CallerRole.School, "0783546F"), (account.Role, account.Uai));
        Assert.True(await CanSignInAsync("etab-compte-test", first));
        Assert.DoesNotContain(first, await client.GetStringAsync(Page)); // shown once

        var asked = await PostAsync(client, "Desactiver", ("login", "etab-compte-test"));
        Assert.Contains("Désactiver le compte « etab-compte-test » ?", asked);
        Assert.False((await factory.Engine.Users.FindAsync("etab-compte-test"))!.Disabled);
        var disabled = await PostAsync(client, "Desactiver", ("login", "etab-compte-test"), ("confirmer", "oui"));
        Assert.Contains("Le compte « etab-compte-test » est désactivé", disabled);
        Assert.True((await factory.Engine.Users.FindAsync("etab-compte-test"))!.Disabled);
        Assert.False(await CanSignInAsync("etab-compte-test", first));

        Assert.Contains("est réactivé", await PostAsync(client, "Activer", ("login", "etab-compte-test")));
        Assert.True(await CanSignInAsync("etab-compte-test", first));

        var reset = await PostAsync(client, "Reinitialiser", ("login", "etab-compte-test"));
        var second = ShownPassword(reset);
        Assert.NotEqual(first, second);
        Assert.False(await CanSignInAsync("etab-compte-test", first));
        Assert.True(await CanSignInAsync("etab-compte-test", second));

        Assert.Equal(new[] { AuditActions.AccountEnabled, AuditActions.AccountCreated, AuditActions.AccountDisabled, AuditActions.PasswordReset }.Order(StringComparer.Ordinal),
            await ActionsOnAsync("etab-compte-test"));
        var entry = Assert.Single(await factory.Engine.Audit.ListAsync(new(Target: "etab-compte-test", Action: AuditActions.AccountCreated)));
        Assert.StartsWith("gestionnaire", entry.Actor);
        Assert.DoesNotContain(first, entry.Details ?? "");
    }

    [Fact]
    public async Task Account_WithAGivenPassword_OrBadInput_GetsAClearFrenchAnswer()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var created = await PostAsync(client, "Creer", ("Identifiant", "cand-compte-test"), ("Role", "candidat"), ("Candidat", "01843006787"),
            ("MotDePasse", "une longue phrase de passe"));
        Assert.DoesNotContain("Mot de passe provisoire", created);
        Assert.True(await CanSignInAsync("cand-compte-test", "une longue phrase de passe"));

        var taken = await PostAsync(client, "Creer", ("Identifiant", "cand-compte-test"), ("Role", "candidat"), ("Candidat", "01843006787"));
        Assert.Contains(AccountMessages.LoginTaken("cand-compte-test"), taken);
        var noRole = await PostAsync(client, "Creer", ("Identifiant", "sans-role-test"), ("Role", ""));
        Assert.Contains("Choisissez le rôle du compte", noRole);
        Assert.Null(await factory.Engine.Users.FindAsync("sans-role-test"));
    }

    [Fact]
    public async Task Unlock_ClearsTheAccountsSignInThrottle_AndIsAudited()
    {
        await factory.EnsureAccountAsync("etab-deblocage-test", CallerRole.School, uai: DemoHostFactory.MemoSchool);
        for (var i = 0; i < SignInThrottle.FreeAttempts + 2; i++)
            await factory.Engine.Users.VerifyAsync("etab-deblocage-test", "mauvais mot de passe");
        Assert.Equal(SignInOutcome.Throttled, (await factory.Engine.Users.VerifyAsync("etab-deblocage-test", AccountsHostFactory.Password)).Outcome);

        var client = await factory.SignedInAsync("gestionnaire");
        Assert.Contains("Le compte « etab-deblocage-test » est débloqué", await PostAsync(client, "Debloquer", ("login", "etab-deblocage-test")));

        Assert.Equal(SignInOutcome.Succeeded, (await factory.Engine.Users.VerifyAsync("etab-deblocage-test", AccountsHostFactory.Password)).Outcome);
        Assert.Equal([AuditActions.AccountUnlocked], await ActionsOnAsync("etab-deblocage-test"));
    }

    [Fact]
    public async Task SchoolsOfTheSession_GetExactlyOneAccountEach_WithOneTimePasswordsInACsvServedOnce()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var code = (await factory.Engine.Sessions.LatestSessionCodeAsync())!;
        var schools = (await factory.Engine.Sessions.LoadContextAsync(code))!.Schools.Select(s => s.Uai).ToList();
        var before = (await factory.Engine.Users.ListAsync()).Where(a => a.Role == CallerRole.School).Select(a => a.Uai).ToHashSet();

        var response = await ManagerHttp.PostFormAsync(client, Page, $"{Page}?handler=CreerEtablissements", [new("session", code)]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/csv", response.Content.Headers.ContentType!.ToString());
        Assert.Contains($"comptes-etablissements-{code}.csv", response.Content.Headers.ContentDisposition!.ToString());
        var lines = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("UAI;IDENTIFIANT;MOT DE PASSE PROVISOIRE;ÉTABLISSEMENT", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(';')).ToList();
        Assert.Equal(schools.Where(u => !before.Contains(u)).Order(StringComparer.Ordinal), rows.Select(r => r[0]));
        Assert.NotEmpty(rows);

        var accounts = (await factory.Engine.Users.ListAsync()).Where(a => a.Role == CallerRole.School && a.Uai is not null && !a.Login.EndsWith("-test")).ToList();
        foreach (var uai in schools)
            Assert.Single(accounts, a => a.Uai == uai);
        foreach (var row in rows.Take(3))
            Assert.True(await CanSignInAsync(row[1], row[2]), row[1]);
        var audited = await factory.Engine.Audit.ListAsync(new(Action: AuditActions.AccountCreated, Target: rows[0][1]));
        Assert.Single(audited);

        // A second time: nothing is missing, nothing is created, no file.
        var again = await ManagerHttp.PostFormAsync(client, Page, $"{Page}?handler=CreerEtablissements", [new("session", code)]);
        var text = await AccountsHostFactory.TextAsync(again);
        Assert.Contains($"Chaque établissement de la session {code} a déjà son compte : aucun compte créé.", text);
        Assert.Equal(accounts.Count, (await factory.Engine.Users.ListAsync()).Count(a => a.Role == CallerRole.School && a.Uai is not null && !a.Login.EndsWith("-test")));
    }

    [GeneratedRegex("class=\"one-time-password\">([^<]+)<")]
    private static partial Regex OneTimePasswordShown();
}

/// <summary>Issue 13 item 8: the jobs dashboard's script bundle carries the Europe/Paris conversion of its times.</summary>
public sealed partial class DashboardParisTimeTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>
{
    [Fact]
    public async Task Dashboard_ScriptBundle_MovesItsTimesToParis()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var html = await client.GetStringAsync("/hangfire");
        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        var bundles = new List<string>();
        foreach (var src in scripts)
            bundles.Add(await client.GetStringAsync(System.Net.WebUtility.HtmlDecode(src)));
        var all = string.Concat(bundles);
        Assert.Contains("timeZone: 'Europe/Paris'", all);
        Assert.Equal(1, Regex.Count(all, "cfgParis = true"));
        // The menu leads to the accounts page.
        Assert.Contains("href=\"/gestion/comptes\"", await client.GetStringAsync("/gestion"));
    }

    [GeneratedRegex("<script src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
