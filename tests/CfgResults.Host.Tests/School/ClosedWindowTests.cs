using System.Globalization;
using System.Net;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;
using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.School;

/// <summary>
/// With every service window of the session moved to the future, the activities show the gate's message in
/// bold in place of their form (memo sections 4 and 6). Own host: the other classes need the windows open.
/// </summary>
public sealed class ClosedWindowTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>, IAsyncLifetime
{
    DateTime _opens, _closes;

    public async Task InitializeAsync()
    {
        _ = factory.Server;
        var code = (await factory.Engine.Sessions.LatestSessionCodeAsync())!;
        var today = ParisTime.ToLocal(DateTimeOffset.UtcNow).Date;
        _opens = today.AddDays(30).AddHours(8);
        _closes = today.AddDays(44).AddHours(18);
        foreach (var w in await factory.Engine.Sessions.ListWindowsAsync(code))
            Assert.True(await factory.Engine.Sessions.UpdateWindowAsync(code, w.Id, w.Window with { Opens = _opens, Closes = _closes }));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    static string Format(DateTime t) => t.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Extraction_WhenItsServiceIsClosed_ShowsTheWindowInBold_AndNoForm()
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);

        var response = await client.GetAsync("/activites/extraction-notes");
        var html = await SchoolClient.TextAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<strong>Service extraction des notes établissement ouvert du {Format(_opens)} au {Format(_closes)}.</strong>", html);
        Assert.Contains("<h1>Extraire des notes</h1>", html);
        Assert.DoesNotContain("name=\"cle\"", html);
        Assert.DoesNotContain("Lancer l'édition", html);
        Assert.DoesNotContain("Critères de sélection", html);
    }

    [Fact]
    public async Task BulkTranscripts_WhenPublicationIsClosed_ShowsTheMemoMessageInBold()
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);

        var html = await SchoolClient.TextAsync(await client.GetAsync("/activites/releves-notes-masse"));

        Assert.Contains("<li aria-current=\"page\">Relevés de notes en masse de mes élèves</li>", html);
        Assert.Contains("<strong>Le service de publication des résultats aux établissements n'est pas ouvert.</strong>", html);
        Assert.DoesNotContain("Lancer l'édition", html);
    }

    [Fact]
    public async Task Post_WhileClosed_StartsNoRun()
    {
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);
        var group = await SchoolClient.MemoSchoolDecisionGroupAsync(factory);
        var token = await Auth.AccountsHostFactory.AntiforgeryTokenAsync(client, "/"); // the form is not shown: take the layout's token
        var fields = SchoolClient.ExtractionForm(group).Append(new("__RequestVerificationToken", token));

        var response = await client.PostAsync("/activites/extraction-notes", new FormUrlEncodedContent(fields));

        Assert.Contains("Service extraction des notes établissement ouvert du", await SchoolClient.TextAsync(response));
        Assert.Empty(await factory.Engine.Runs.ListByCallerAsync("etablissement:0783546F", 10));
    }
}

/// <summary>
/// A window that opens in half an hour (Paris time): the page must say the service is closed, exactly as the
/// run would, whatever the server's own time zone (the test machines run in UTC, an hour or two behind Paris).
/// </summary>
public sealed class WindowEdgeTests(DemoHostFactory factory) : IClassFixture<DemoHostFactory>
{
    [Fact]
    public async Task Extraction_WhoseWindowOpensInHalfAnHour_ShowsTheClosedMessage_AsTheRunWould()
    {
        _ = factory.Server;
        var code = (await factory.Engine.Sessions.LatestSessionCodeAsync())!;
        var paris = ParisTime.ToLocal(DateTimeOffset.UtcNow);
        var opens = new DateTime(paris.Year, paris.Month, paris.Day, paris.Hour, paris.Minute, 0).AddMinutes(30);
        var closes = opens.AddDays(2);
        foreach (var w in await factory.Engine.Sessions.ListWindowsAsync(code))
            if (w.Window.Service == ServiceKind.GradeExtraction)
                Assert.True(await factory.Engine.Sessions.UpdateWindowAsync(code, w.Id, w.Window with { Opens = opens, Closes = closes }));
        var client = await factory.SignedInAsync(SchoolClient.MemoSchoolLogin);

        var html = await SchoolClient.TextAsync(await client.GetAsync("/activites/extraction-notes"));

        var format = (DateTime t) => t.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
        Assert.Contains($"<strong>Service extraction des notes établissement ouvert du {format(opens)} au {format(closes)}.</strong>", html);
        Assert.DoesNotContain("Lancer l'édition", html);
    }
}
