using System.Net;
using CfgResults.Engine.Publishing;
using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.Manager;

public sealed class PublicationsAndAuditTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>
{
    [Fact]
    public async Task APublicationsPage_CountsTranscriptsWritten_AndSaysWhyNothingWasWrittenOnARerun()
    {
        var manager = CfgResults.Engine.Accounts.Caller.Manager("gestionnaire");
        var request = new CfgResults.Engine.Running.RunRequest("publication-releves", manager, null,
            new Dictionary<string, string> { ["disponible_le"] = "01/01/2020 08:00", ["etablissement"] = "0783546F" }, []);
        var first = await factory.Engine.Runner.RunAsync(request);
        var second = await factory.Engine.Runner.RunAsync(request);
        Assert.True(first.RowCount > 0);
        var client = await factory.SignedInAsync("gestionnaire");

        var firstPage = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync($"/editions/{first.Id}"));
        var secondPage = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync($"/editions/{second.Id}"));

        Assert.Contains($"<dt>Relevés écrits</dt><dd>{first.RowCount}</dd>", firstPage);
        Assert.DoesNotContain("aucune nouvelle version", firstPage);
        Assert.Contains("<dt>Relevés écrits</dt><dd>0</dd>", secondPage);
        Assert.Contains("Aucun relevé n'a changé depuis la dernière publication : aucune nouvelle version n'a été écrite.", secondPage);
        Assert.Contains($"{first.RowCount} relevé(s) écrit(s)", System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/editions")));
    }

    async Task<PlannedPublication> PlanAsync(DateTimeOffset due)
    {
        var code = (await factory.Engine.Sessions.LatestSessionCodeAsync())!;
        var planned = new PlannedPublication(Guid.NewGuid().ToString("N"), "publication-releves", code, "gestionnaire",
            "{\"disponible_le\":\"19/06/2031 08:00\"}", "[]", due, PlannedState.Planned, null, factory.Engine.Clock.GetUtcNow());
        await factory.Engine.Planned.AddAsync(planned);
        return planned;
    }

    [Fact]
    public async Task PlannedPublication_IsListed_AndCanBeCancelled_WhichIsAudited()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var planned = await PlanAsync(new DateTimeOffset(2031, 6, 18, 6, 0, 0, TimeSpan.Zero));

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/gestion/publications"));
        Assert.Contains("18/06/2031 08:00", page); // 06:00 UTC is 08:00 in Paris in June
        Assert.Contains("<li>Disponible à partir du : 19/06/2031 08:00</li>", page);
        Assert.Contains("href=\"/activites/publication-releves\"", page);

        var response = await ManagerHttp.PostFormAsync(client, "/gestion/publications", "/gestion/publications?handler=Annuler", [new("id", planned.Id)]);

        Assert.Contains("La publication prévue le 18/06/2031 08:00 est annulée.", await ManagerHttp.FollowAsync(client, response));
        Assert.Equal(PlannedState.Cancelled, (await factory.Engine.Planned.GetAsync(planned.Id))!.State);
        Assert.Single(await factory.Engine.Audit.ListAsync(new(Action: "publication.annulation", Target: $"publication-planifiee:{planned.Id}")));
    }

    [Fact]
    public async Task CancellingAPublicationNoLongerPlanned_IsRefused()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var planned = await PlanAsync(new DateTimeOffset(2031, 6, 18, 6, 0, 0, TimeSpan.Zero));
        await factory.Engine.Planned.CancelAsync(planned.Id);

        var response = await ManagerHttp.PostFormAsync(client, "/gestion/publications", "/gestion/publications?handler=Annuler", [new("id", planned.Id)]);

        Assert.Contains("ne peut plus être annulée", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await ManagerHttp.PostFormAsync(client, "/gestion/publications", "/gestion/publications?handler=Annuler", [new("id", "inconnu")])).StatusCode);
    }

    [Fact]
    public async Task AuditLog_FiltersByActionActorAndDay_AndPages()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        for (var i = 0; i < 55; i++)
            await factory.Engine.Audit.RecordAsync("testeur-audit", "test.pagination", $"cible-{i:00}");
        var today = Pages.Gestion.ParisDates.Format(factory.Engine.Clock.GetUtcNow())[..10];

        var first = WebUtility.HtmlDecode(await client.GetStringAsync($"/gestion/audit?action=test.pagination&acteur=testeur-audit&date={today}"));
        var second = WebUtility.HtmlDecode(await client.GetStringAsync($"/gestion/audit?action=test.pagination&acteur=testeur-audit&date={today}&p=2"));
        var otherDay = WebUtility.HtmlDecode(await client.GetStringAsync("/gestion/audit?action=test.pagination&date=01/01/2001"));
        var badDay = WebUtility.HtmlDecode(await client.GetStringAsync("/gestion/audit?date=2001-01-01"));

        Assert.Contains("<td>cible-54</td>", first);
        Assert.Contains("<td>cible-05</td>", first);
        Assert.DoesNotContain("<td>cible-04</td>", first);
        Assert.Contains("Page suivante", first);
        Assert.Contains("<td>cible-04</td>", second);
        Assert.Contains("<td>cible-00</td>", second);
        Assert.DoesNotContain("Page suivante", second);
        Assert.Contains("Aucune entrée ne correspond.", otherDay);
        Assert.Contains("Indiquez le jour sous la forme JJ/MM/AAAA", badDay);
    }
}
