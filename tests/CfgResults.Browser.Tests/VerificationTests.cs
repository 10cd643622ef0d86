using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CfgResults.Browser.Tests;

/// <summary>
/// Issue 14: anyone, without signing in, types the code printed on a transcript, sees that it is genuine, and
/// checks that the PDF they received is the published one (and that a modified one is not).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class VerificationTests(BrowserHost host)
{
    [Fact]
    public async Task Anyone_WithoutSigningIn_VerifiesATranscriptByItsCode_AndComparesThePdf()
    {
        if (Steps.Query(host, "SELECT COUNT(*) FROM transcript_verifications")[0][0] == "0") await TranscriptTests.PublishAsync(host, screenshots: false);
        var row = Steps.Query(host, """
            SELECT t.code, v.file_sha256, t.candidate_name FROM transcript_verifications t JOIN document_versions v ON v.id = t.document_version_id
            ORDER BY t.candidate_number LIMIT 1
            """)[0];
        var (code, sha256, name) = (row[0], row[1], row[2]);
        // The published PDF as the store holds it (content-addressed chunks).
        var genuine = Steps.Query(host, "SELECT hex(data) FROM blob_chunks WHERE sha256 = $sha ORDER BY seq", ("$sha", sha256))
            .SelectMany(r => Convert.FromHexString(r[0])).ToArray();
        var changed = (byte[])genuine.Clone();
        changed[changed.Length / 2] ^= 0x20;
        var dir = Directory.CreateTempSubdirectory("cfg-verification-").FullName;
        var genuineFile = Path.Combine(dir, "releve.pdf");
        var changedFile = Path.Combine(dir, "releve-modifie.pdf");
        await File.WriteAllBytesAsync(genuineFile, genuine);
        await File.WriteAllBytesAsync(changedFile, changed);

        // No sign-in: a fresh browser context without any cookie.
        var context = await host.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync(host.BaseUrl + "/verification");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Vérifier un relevé de notes", Level = 1 })).ToBeVisibleAsync();
            // Read aloud and typed in lower case with spaces.
            await page.GetByLabel("Code de vérification").FillAsync(code.ToLowerInvariant().Replace('-', ' '));
            await page.GetByRole(AriaRole.Button, new() { Name = "Vérifier" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(host.BaseUrl + "/verification/" + code);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Relevé de notes authentique" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#releve-verifie")).ToContainTextAsync(name);
            await Assertions.Expect(page.Locator("#releve-verifie")).ToContainTextAsync(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(genuine)));
            await BrowserHost.ScreenshotAsync(page, "70-verification-releve-authentique");

            await page.GetByLabel(new Regex("^Fichier PDF du relevé")).SetInputFilesAsync(genuineFile);
            await page.GetByRole(AriaRole.Button, new() { Name = "Comparer" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fichier identique au relevé publié" })).ToBeVisibleAsync();
            await BrowserHost.ScreenshotAsync(page, "71-verification-fichier-identique");

            await page.GetByLabel(new Regex("^Fichier PDF du relevé")).SetInputFilesAsync(changedFile);
            await page.GetByRole(AriaRole.Button, new() { Name = "Comparer" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fichier différent du relevé publié" })).ToBeVisibleAsync();
            await BrowserHost.ScreenshotAsync(page, "72-verification-fichier-modifie");

            await page.GotoAsync(host.BaseUrl + "/verification/ZZZZ-ZZZZ-ZZZZ");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Code inconnu" })).ToBeVisibleAsync();
            Assert.DoesNotContain("/connexion", page.Url);
        }
        finally
        {
            await context.CloseAsync();
            Directory.Delete(dir, recursive: true);
        }
    }
}
