using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CfgResults.Browser.Tests;

/// <summary>
/// Memo section 6: the exam manager publishes the transcripts; the school finds a student's and downloads it;
/// a candidate downloads theirs and cannot reach another candidate's.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TranscriptTests(BrowserHost host)
{
    const string School = "etab-0783546f";
    const string Uai = "0783546F";
    static readonly Regex TranscriptTitle =
        new(@"^Relevé de Notes : Version n°1 mis à jour le \d{2}/\d{2}/\d{4} \(publié par le Service Examens et Concours\)$");

    [Fact]
    public async Task PublishedTranscript_IsFoundByTheSchool_AndDownloadsAsThePdfOfThatStudent()
    {
        await PublishAsync(host, screenshots: true);
        var number = Steps.CandidateAccounts(host)[0];
        var (lastName, firstNames) = Name(number);

        var page = await host.SignedInPageAsync(School);
        try
        {
            await page.GotoAsync(host.BaseUrl + "/");
            await Steps.OpenFromMenuAsync(page, "Résultats", "Relevés de notes d'un élève");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Relevés de notes d'un élève", Level = 1 })).ToBeVisibleAsync();
            var search = page.GetByRole(AriaRole.Search);
            // « Le début du nom suffit » : the first letter finds several students, the one wanted among them.
            var prefix = lastName[..1];
            await search.GetByLabel("Nom de famille").FillAsync(prefix);
            await search.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();

            var caption = page.Locator(".search-results__caption");
            await Assertions.Expect(caption).ToHaveTextAsync(new Regex(@"^Affichage de l'élément 1 à \d+ sur \d+ élément\(s\)$"));
            var match = Regex.Match(await caption.InnerTextAsync(), @"1 à (\d+) sur (\d+)");
            var rows = page.Locator(".search-results table tbody tr");
            Assert.Equal(match.Groups[1].Value, match.Groups[2].Value);
            Assert.Equal(int.Parse(match.Groups[1].Value), await rows.CountAsync());
            Assert.True(await rows.CountAsync() > 1, "un seul élève trouvé");
            Assert.All(await rows.Locator("td[data-label='Nom de famille']").AllInnerTextsAsync(), n => Assert.StartsWith(prefix, n.Trim()));
            await BrowserHost.ScreenshotAsync(page, "42-releves-recherche-nom");

            await rows.GetByRole(AriaRole.Link, new() { Name = number, Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"{lastName} {firstNames}", Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText(new Regex($"Liste des documents publiés pour la candidature n° {number} - 001"))).ToBeVisibleAsync();
            var link = page.Locator("a.document__link");
            await Assertions.Expect(link).ToHaveCountAsync(1);
            await Assertions.Expect(link).ToHaveTextAsync(TranscriptTitle);
            await BrowserHost.ScreenshotAsync(page, "43-releves-candidature");

            var (fileName, bytes) = await Steps.DownloadAsync(page, link, "releve-etablissement");
            Assert.Equal($"releve-notes-{number}-v1.pdf", fileName);
            var text = Pdf.Text(bytes);
            Assert.Contains(lastName, text);
            Assert.Contains(firstNames, text);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Candidate_DownloadsTheirTranscript_AndGetsTheFrenchNotFoundPageForAnotherCandidates()
    {
        if (Steps.Query(host, "SELECT COUNT(*) FROM documents")[0][0] == "0") await PublishAsync(host, screenshots: false);
        var numbers = Steps.CandidateAccounts(host);
        Assert.True(numbers.Count >= 2);

        // The other candidate's document address, as that candidate sees it.
        var other = await host.SignedInPageAsync("cand-" + numbers[1]);
        string otherHref;
        try
        {
            await other.GotoAsync(host.BaseUrl + "/candidat");
            otherHref = (await other.Locator("a.document__link").First.GetAttributeAsync("href"))!;
        }
        finally
        {
            await other.Context.CloseAsync();
        }

        var (lastName, firstNames) = Name(numbers[0]);
        var page = await host.SignedInPageAsync("cand-" + numbers[0]);
        try
        {
            await page.GotoAsync(host.BaseUrl + "/");
            await Steps.OpenFromMenuAsync(page, "Mes documents", "Mes documents");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mes documents", Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync($"candidat n° {numbers[0]}");
            var link = page.Locator("a.document__link");
            await Assertions.Expect(link).ToHaveCountAsync(1);
            await Assertions.Expect(link).ToHaveTextAsync(TranscriptTitle);
            await BrowserHost.ScreenshotAsync(page, "60-candidat-mes-documents");
            var ownHref = await link.GetAttributeAsync("href");
            Assert.Matches(@"^/releves/document/\d+$", otherHref);
            Assert.NotEqual(ownHref, otherHref);

            var (fileName, bytes) = await Steps.DownloadAsync(page, link, "releve-candidat");
            Assert.Equal($"releve-notes-{numbers[0]}-v1.pdf", fileName);
            var text = Pdf.Text(bytes);
            Assert.Contains($"{lastName}", text);
            Assert.Contains(firstNames, text);

            var response = await page.GotoAsync(host.BaseUrl + otherHref);
            Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page introuvable", Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("n'existe pas, ou n'est pas accessible avec votre profil");
            await Assertions.Expect(page).ToHaveTitleAsync(new Regex("^Page introuvable"));
            await BrowserHost.ScreenshotAsync(page, "61-candidat-document-d-un-autre-introuvable");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    (string LastName, string FirstNames) Name(string number)
    {
        var row = Steps.Query(host, "SELECT last_name, first_names FROM candidates WHERE number = $n", ("$n", number)).Single();
        return (row[0], row[1]);
    }

    /// <summary>The manager publishes the school's transcripts, available since yesterday, generated now.</summary>
    internal static async Task PublishAsync(BrowserHost host, bool screenshots)
    {
        var page = await host.SignedInPageAsync("gestionnaire");
        try
        {
            await page.GotoAsync(host.BaseUrl + "/");
            await Steps.OpenFromMenuAsync(page, "Résultats", "Publier les relevés de notes");
            Assert.Equal(["Résultats", "Documents générés", "Publier les relevés de notes"], await Steps.BreadcrumbAsync(page));
            var parameters = page.Locator("#onglet-parametres");
            await parameters.GetByLabel("Disponible à partir du").FillAsync(Steps.ParisDateTime(DateTimeOffset.UtcNow.AddDays(-1)));
            await Assertions.Expect(parameters.GetByLabel("Générer le")).ToHaveValueAsync("");
            await parameters.GetByLabel("Établissement", new() { Exact = true }).FillAsync(Uai);
            await Assertions.Expect(parameters.GetByLabel("Publié par")).ToHaveValueAsync("Service Examens et Concours");
            if (screenshots) await BrowserHost.ScreenshotAsync(page, "40-publication-releves-parametres");
            await page.GetByRole(AriaRole.Button, new() { Name = "Lancer l'édition" }).ClickAsync();
            // Issue 13 item 8: the page says how many transcripts it will write at most, and asks.
            await Assertions.Expect(page.Locator("#confirmation-publication")).ToContainTextAsync("Cette publication écrira au plus");
            if (screenshots) await BrowserHost.ScreenshotAsync(page, "item08-publication-confirmation");
            await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer la publication" }).ClickAsync();
            await Steps.WaitForRunFinishedAsync(page);
            if (screenshots) await BrowserHost.ScreenshotAsync(page, "41-publication-releves-terminee");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
