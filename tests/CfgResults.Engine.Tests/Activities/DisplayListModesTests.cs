using CfgResults.Engine.Domain;
using CfgResults.Engine.Tests.Support;

namespace CfgResults.Engine.Tests.Activities;

/// <summary>
/// Issue 13 item 1 and issue 14 item 6: the display list's two uses — the list pinned up (admitted only, the
/// default) and the centre's archive copy (every result, then how many were left out and why) — against lines
/// written by hand, on a centre with homonyms, refusals, a red list, fraud and a replacement session.
/// </summary>
public sealed class DisplayListModesTests : IAsyncLifetime
{
    EngineFixture _f = null!;

    public async Task InitializeAsync()
    {
        var s = new TinySession();
        s.Add("D'Almeida", "Manon", c => c with { BirthDate = new DateOnly(2011, 4, 3) });
        s.Add("D'ALMEIDA", "MANON", c => c with { BirthDate = new DateOnly(2010, 9, 12), Result = Result.Refused });
        s.Add("BLANC", "Hugo");
        s.Add("CARMIN", "Julien", c => c with { Result = Result.Refused });
        s.Add("GRENAT", "Rouge", c => c with { RedList = true });
        s.Add("GRENAT", "Refusée", c => c with { RedList = true, Result = Result.Refused });
        s.Add("HÉMATITE", "Fraude", c => c with { FraudSuspected = true });
        s.Add("IRIS", "Remplacement", c => c with { ReplacementSession = true });
        s.Add("JADE", "RougeEtFraude", c => c with { RedList = true, FraudSuspected = true });
        s.Add("KAKI", "NonDélibéré", c => c with { Result = null });
        // Left out elsewhere, not in this centre: not counted here.
        s.Add("LILAS", "Ailleurs", c => c with { RedList = true }, school: TinySession.Versailles);
        _f = await EngineFixture.OpenAsync(s.Build());
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    static List<string> Body(IReadOnlyList<IReadOnlyList<string>> pages) =>
        Assert.Single(pages).SkipWhile(l => l != "Nom Prénom Résultat").Skip(1).TakeWhile(l => !l.StartsWith("Page ", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task ListToPinUp_ByDefault_HoldsTheAdmittedOnly_AndAHomonymAloneOnItNeedsNoDate()
    {
        var run = await _f.RunOkAsync("liste-affichage", EngineFixture.School(TinySession.Buc.Uai));
        Assert.Equal(["BLANC HUGO Admis", "D'ALMEIDA MANON Admis"], Body(_f.OutputPdfLines(run)));
        Assert.Equal(2, run.RowCount);
    }

    [Fact]
    public async Task ArchiveCopy_HoldsEveryResult_TellsHomonymsApartByBirthDate_AndEndsWithTheLeftOutCounts()
    {
        var run = await _f.RunOkAsync("liste-affichage", EngineFixture.School(TinySession.Buc.Uai), new Dictionary<string, string> { ["resultats"] = "tous" });
        Assert.Equal(
        [
            "BLANC HUGO Admis",
            "CARMIN JULIEN Refusé",
            "D'ALMEIDA MANON, né(e) le 03/04/2011 Admis",
            "D'ALMEIDA MANON, né(e) le 12/09/2010 Refusé",
            "Candidats non listés : 5",
            "dont liste rouge : 3 ; présomption de fraude : 1 ; session de remplacement : 1",
        ], Body(_f.OutputPdfLines(run)));
        Assert.Equal(4, run.RowCount);
        // Counts only: no name of a left-out candidate anywhere in the file.
        var text = string.Join("\n", _f.OutputPdfLines(run).SelectMany(p => p));
        foreach (var name in new[] { "GRENAT", "HÉMATITE", "IRIS", "JADE", "LILAS" }) Assert.DoesNotContain(name, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ArchiveCopy_CountsWhoSatInThisCentreOnly()
    {
        var run = await _f.RunOkAsync("liste-affichage", EngineFixture.School(TinySession.Versailles.Uai), new Dictionary<string, string> { ["resultats"] = "tous" });
        Assert.Equal(["Aucun candidat n'a passé d'épreuve dans ce centre.", "Candidats non listés : 1", "dont liste rouge : 1 ; présomption de fraude : 0 ; session de remplacement : 0"], Body(_f.OutputPdfLines(run)));
    }

    [Fact]
    public async Task ListToPinUp_SaysNothingOfWhoIsLeftOut()
    {
        var run = await _f.RunOkAsync("liste-affichage", EngineFixture.School(TinySession.Buc.Uai));
        Assert.DoesNotContain(Assert.Single(_f.OutputPdfLines(run)), l => l.StartsWith("Candidats non listés", StringComparison.Ordinal));
    }
}
