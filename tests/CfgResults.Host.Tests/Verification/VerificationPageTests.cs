using System.Net;
using System.Security.Cryptography;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;
using CfgResults.Host.Tests.Manager;
using CfgResults.Host.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace CfgResults.Host.Tests.Verification;

/// <summary>A demo host whose transcripts of the memo's school are published (available since 2020).</summary>
public class PublishedHostFactory : DemoHostFactory
{
    readonly SemaphoreSlim _gate = new(1, 1);
    bool _published;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("CfgResults:VerificationRequestsPerMinute", RequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("CfgResults:PublicBaseUrl", "https://resultats.example.fr/");
    }

    protected virtual int RequestsPerMinute => 1000;

    public async Task PublishAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_published) return;
            var request = new RunRequest("publication-releves", CfgResults.Engine.Accounts.Caller.Manager("gestionnaire"), null,
                new Dictionary<string, string> { ["disponible_le"] = "01/01/2020 08:00", ["etablissement"] = MemoSchool }, []);
            var run = await Engine.Runner.RunAsync(request);
            Assert.True(run.RowCount > 2, run.Message);
            _published = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A published transcript: its version, code and bytes.</summary>
    public async Task<(DocumentVersion Version, string Code, byte[] Pdf)> TranscriptAsync(int index)
    {
        await PublishAsync();
        var session = (await Engine.Sessions.LatestSessionCodeAsync())!;
        var versions = new List<DocumentVersion>();
        await using (var cn = await Engine.Database.OpenAsync())
        {
            await using var cmd = cn.CreateCommand();
            cmd.CommandText = "SELECT candidate_number FROM documents ORDER BY candidate_number";
            var numbers = new List<string>();
            await using (var reader = await cmd.ExecuteReaderAsync())
                while (await reader.ReadAsync()) numbers.Add(reader.GetString(0));
            foreach (var n in numbers) versions.Add((await Engine.Documents.ListForCandidateAsync(session, n)).MaxBy(v => v.Version)!);
        }
        var version = versions[index];
        var code = VerificationCode.Derive(await Engine.Services.Verification.SecretAsync(), session, version.CandidateNumber, version.Version);
        return (version, code, await Engine.Blobs.ReadAllAsync(version.FileSha256));
    }
}

/// <summary>The same host with the default limit of verifications per client address and minute.</summary>
public sealed class RateLimitedHostFactory : PublishedHostFactory
{
    protected override int RequestsPerMinute => 20;
}

/// <summary>
/// /verification/{code}: public (no sign-in), says whether a transcript is genuine, whether an uploaded PDF is the
/// published one byte for byte, that a replaced version is replaced (and nothing else), and is audited.
/// </summary>
public sealed class VerificationPageTests(PublishedHostFactory factory) : IClassFixture<PublishedHostFactory>
{
    static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [Fact]
    public async Task GenuineCode_WithoutSignIn_ShowsSessionCandidateResultTotalVersionDateAndSha256()
    {
        var (version, code, pdf) = await factory.TranscriptAsync(0);
        var client = factory.NewClient(); // never signed in

        var response = await client.GetAsync($"/verification/{code}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await TextAsync(response);
        Assert.Contains("Relevé de notes authentique", page);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(pdf)), page);
        Assert.Equal(version.FileSha256, Convert.ToHexStringLower(SHA256.HashData(pdf)));
        Assert.Contains($"n°{version.Version}, générée le", page);
        Assert.Contains("<dt>Session</dt><dd>", page);
        Assert.Contains("<dt>Résultat</dt>", page);
        Assert.Contains("<dt>Total</dt>", page);
        // Typed by hand, in lower case with spaces and O for 0, it finds the same transcript.
        var typed = await client.GetAsync($"/verification?saisie={Uri.EscapeDataString(code.ToLowerInvariant().Replace('-', ' ').Replace('0', 'o'))}");
        Assert.Equal(HttpStatusCode.Redirect, typed.StatusCode);
        Assert.Equal($"/verification/{code}", typed.Headers.Location!.OriginalString);
        Assert.NotEmpty(await factory.Engine.Audit.ListAsync(new(Action: "verification.consultation", Target: code)));
    }

    [Fact]
    public async Task TheTranscript_CarriesItsCode_AndAQrCodeOpeningTheVerificationPage()
    {
        var (_, code, pdf) = await factory.TranscriptAsync(1);

        var text = string.Join(' ', UglyToad.PdfPig.PdfDocument.Open(pdf).GetPages().Select(p => p.Text));
        Assert.Contains($"Code de vérification : {code}", text.Replace("Code de vérification :", "Code de vérification : ").Replace("  ", " "));
        Assert.Contains("https://resultats.example.fr/verification", text);
        Assert.Contains("/Subtype/Image", System.Text.Encoding.Latin1.GetString(pdf));
        Assert.InRange(pdf.Length, 5_000, 20 * 1024);
    }

    [Fact]
    public async Task UploadedPdf_IdenticalIsConfirmed_OneByteChangedIsRefused()
    {
        var (_, code, pdf) = await factory.TranscriptAsync(0);
        var client = factory.NewClient();

        var same = await TextAsync(await ManagerHttp.PostFileAsync(client, $"/verification/{code}", $"/verification/{code}", "fichier", "releve.pdf", pdf));
        Assert.Contains("Fichier identique au relevé publié", same);

        var changed = (byte[])pdf.Clone();
        changed[changed.Length / 2] ^= 0x01;
        var other = await TextAsync(await ManagerHttp.PostFileAsync(client, $"/verification/{code}", $"/verification/{code}", "fichier", "releve.pdf", changed));
        Assert.Contains("Fichier différent du relevé publié", other);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(changed)), other);
        Assert.Contains(await factory.Engine.Audit.ListAsync(new(Action: "verification.comparaison", Target: code)), e => e.Details!.Contains("fichier différent"));
    }

    [Fact]
    public async Task ReplacedVersion_SaysSo_AndShowsNothingElse()
    {
        var (version, code, _) = await factory.TranscriptAsync(2);
        // A later version of the same transcript, available now (what a publication after a correction records).
        var corrected = System.Text.Encoding.ASCII.GetBytes("%PDF-1.7 version corrigée");
        await factory.Engine.Documents.WriteAsync([new(version with { Id = 0, Version = version.Version + 1, ContentHash = "corrige",
            FileSha256 = CfgResults.Engine.Data.BlobStore.Sha256(corrected), Bytes = corrected.Length }, corrected)], [], version.GeneratedAt);
        var client = factory.NewClient();

        var page = await TextAsync(await client.GetAsync($"/verification/{code}"));

        Assert.Contains("Version remplacée", page);
        Assert.Contains($"version n°{version.Version}", page);
        Assert.DoesNotContain(version.FileSha256, page);
        Assert.DoesNotContain("<dt>", page);
        Assert.DoesNotContain(version.CandidateNumber, page);
    }

    [Fact]
    public async Task UnknownOrMalformedCode_IsUnknown_WithoutAnythingElse()
    {
        await factory.PublishAsync();
        var client = factory.NewClient();

        Assert.Contains("Code inconnu", await TextAsync(await client.GetAsync("/verification/0000-0000-0000")));
        Assert.Contains("Code inconnu", await TextAsync(await client.GetAsync("/verification/pas-un-code")));
        Assert.Contains("n'a pas la forme d'un code", await TextAsync(await client.GetAsync("/verification?saisie=abc")));
        Assert.Contains("Code de vérification", await TextAsync(await client.GetAsync("/verification")));
    }
}

/// <summary>10,000 random codes: none is known, and the rate limiter answers all but the first few.</summary>
public sealed class VerificationEnumerationTests(RateLimitedHostFactory factory) : IClassFixture<RateLimitedHostFactory>
{
    [Fact]
    public async Task TenThousandRandomCodes_AreAllUnknown_AndRateLimited()
    {
        await factory.PublishAsync();
        var client = factory.NewClient();
        var random = new Random(14);
        int ok = 0, limited = 0;
        for (int i = 0; i < 10_000; i++)
        {
            var code = new string(Enumerable.Range(0, 12).Select(_ => VerificationCode.Alphabet[random.Next(32)]).ToArray());
            var response = await client.GetAsync($"/verification/{code}");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited++;
                continue;
            }
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.Contains("Code inconnu", page);
            ok++;
        }
        Assert.InRange(ok, 1, 20 * 2); // at most the limit per minute (two windows if the minute turned)
        Assert.Equal(10_000 - ok, limited);
        var refused = await client.GetAsync("/verification/0000-0000-0000");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Trop de vérifications", await refused.Content.ReadAsStringAsync());
    }
}
