using System.Net;
using CfgResults.Engine.Domain;
using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.Manager;

public sealed class WindowTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>
{
    async Task<(HttpClient Client, string Code, string Page)> ManagerAsync()
    {
        var client = await factory.SignedInAsync("gestionnaire");
        var code = (await factory.Engine.Sessions.LatestSessionCodeAsync())!;
        return (client, code, $"/gestion/fenetres?session={code}");
    }

    static KeyValuePair<string, string>[] Fields(string service, string group, string opens, string closes, long? id = null) =>
    [
        new("Service", service), new("Groupe", group), new("Ouverture", opens), new("Fermeture", closes),
        .. id is { } i ? new KeyValuePair<string, string>[] { new("Id", i.ToString()) } : [],
    ];

    [Fact]
    public async Task Window_CanBeCreatedEditedAndDeleted_AndEachChangeIsAudited()
    {
        var (client, code, page) = await ManagerAsync();
        var group = (await factory.Engine.Sessions.LoadContextAsync(code))!.DecisionGroups[0];
        var before = (await factory.Engine.Sessions.ListWindowsAsync(code)).Select(w => w.Id).ToHashSet();

        var created = await ManagerHttp.PostFormAsync(client, page, $"/gestion/fenetres?handler=Enregistrer&session={code}",
            Fields("publication_candidat", group, "01/09/2031 08:00", "15/09/2031 18:00"));
        var text = await ManagerHttp.FollowAsync(client, created);
        Assert.Contains("La fenêtre de service est créée.", text);
        Assert.Contains("01/09/2031 08:00", text);
        var window = Assert.Single(await factory.Engine.Sessions.ListWindowsAsync(code), w => !before.Contains(w.Id));
        Assert.Equal(new ServiceWindow(ServiceKind.CandidatePublication, group, new DateTime(2031, 9, 1, 8, 0, 0), new DateTime(2031, 9, 15, 18, 0, 0)), window.Window);

        var editPage = await client.GetStringAsync($"{page}&modifier={window.Id}");
        Assert.Contains("value=\"01/09/2031 08:00\"", editPage);
        var edited = await ManagerHttp.PostFormAsync(client, page, $"/gestion/fenetres?handler=Enregistrer&session={code}",
            Fields("extraction_notes", "", "02/09/2031 09:30", "03/09/2031 17:00", window.Id));
        Assert.Contains("La fenêtre de service est modifiée.", await ManagerHttp.FollowAsync(client, edited));
        var changed = Assert.Single(await factory.Engine.Sessions.ListWindowsAsync(code), w => w.Id == window.Id);
        Assert.Equal(new ServiceWindow(ServiceKind.GradeExtraction, null, new DateTime(2031, 9, 2, 9, 30, 0), new DateTime(2031, 9, 3, 17, 0, 0)), changed.Window);

        // « Supprimer » first asks (issue 13 item 8): nothing is deleted until it is confirmed.
        var asked = await ManagerHttp.PostFormAsync(client, page, $"/gestion/fenetres?handler=Supprimer&session={code}", [new("id", window.Id.ToString())]);
        var question = System.Net.WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync());
        Assert.Contains("Supprimer cette fenêtre de service ?", question);
        Assert.Contains("du 02/09/2031 09:30 au 03/09/2031 17:00", question);
        Assert.Contains(await factory.Engine.Sessions.ListWindowsAsync(code), w => w.Id == window.Id);
        var deleted = await ManagerHttp.PostFormAsync(client, page, $"/gestion/fenetres?handler=Supprimer&session={code}",
            [new("id", window.Id.ToString()), new("confirmer", "oui")]);
        Assert.Contains("La fenêtre de service est supprimée.", await ManagerHttp.FollowAsync(client, deleted));
        Assert.DoesNotContain(await factory.Engine.Sessions.ListWindowsAsync(code), w => w.Id == window.Id);

        var target = $"session:{code}/fenetre:{window.Id}";
        var actions = (await factory.Engine.Audit.ListAsync(new(Target: target))).Select(e => e.Action).Order().ToList();
        Assert.Equal(["fenetre.creation", "fenetre.modification", "fenetre.suppression"], actions);
    }

    [Fact]
    public async Task Window_IsRefused_WhenItClosesBeforeItOpens()
    {
        var (client, code, page) = await ManagerAsync();
        var before = await factory.Engine.Sessions.ListWindowsAsync(code);

        var response = await ManagerHttp.PostFormAsync(client, page, $"/gestion/fenetres?handler=Enregistrer&session={code}",
            Fields("extraction_notes", "", "10/07/2031 08:00", "01/07/2031 18:00"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("La fenêtre n'a pas été enregistrée", text);
        Assert.Contains("<a href=\"#Fermeture\">La fermeture doit être postérieure à l'ouverture.</a>", text);
        Assert.Contains("id=\"Fermeture\"", html);
        Assert.Equal(before, await factory.Engine.Sessions.ListWindowsAsync(code));
    }

    [Theory]
    [InlineData("10/07/2031", "11/07/2031 08:00", "Ouverture")]
    [InlineData("10/07/2031 08:00", "31/02/2031 08:00", "Fermeture")]
    public async Task Window_IsRefused_WhenADateIsNotJJMMAAAAHHMM(string opens, string closes, string field)
    {
        var (client, code, page) = await ManagerAsync();

        var response = await ManagerHttp.PostFormAsync(client, page, $"/gestion/fenetres?handler=Enregistrer&session={code}",
            Fields("extraction_notes", "", opens, closes));

        var text = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains($"<a href=\"#{field}\">Indiquez", text);
    }

    [Fact]
    public async Task Window_IsRefused_WhenTheDecisionGroupIsNotOneOfTheSession()
    {
        var (client, code, page) = await ManagerAsync();

        var response = await ManagerHttp.PostFormAsync(client, page, $"/gestion/fenetres?handler=Enregistrer&session={code}",
            Fields("extraction_notes", "GROUPE-INCONNU", "10/07/2031 08:00", "11/07/2031 08:00"));

        Assert.Contains("« GROUPE-INCONNU » n'existe pas", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }
}
