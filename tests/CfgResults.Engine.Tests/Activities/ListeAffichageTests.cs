using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;
using CfgResults.Engine.Tests.Support;
using CfgResults.Engine.Versioning;

namespace CfgResults.Engine.Tests.Activities;

/// <summary>Memo section 5, « Editer des listes d'affichage », on a hand-made session: who is on the list, and its layout.</summary>
public sealed class ListeAffichageTests : IAsyncLifetime
{
    const string Definition = "liste-affichage";
    static readonly string Buc = TinySession.Buc.Uai, Versailles = TinySession.Versailles.Uai;

    EngineFixture _f = null!;

    static Grade[] Sat(string n, string centre, params (string Exam, ExamPosition Position, GradeValue Value)[] rows) =>
        rows.Select(r => new Grade(n, r.Exam, r.Position, centre, r.Value)).ToArray();

    static Grade[] Mixed(string n, (string Exam, ExamPosition Position, string Centre, GradeValue Value)[] rows) =>
        rows.Select(r => new Grade(n, r.Exam, r.Position, r.Centre, r.Value)).ToArray();

    public async Task InitializeAsync()
    {
        var s = new TinySession();
        var everywhereInVersailles = (string n) => Sat(n, Versailles, ("ECRIT-FR", ExamPosition.Registered, GradeValue.Of(50)), ("ORAL", ExamPosition.Registered, GradeValue.Of(100)));
        // On the list.
        s.Add("BLANC", "Hugo");
        s.Add("ARGENT", "Carine", school: TinySession.Versailles, rows: n => Mixed(n,
            [("ECRIT-FR", ExamPosition.Registered, Versailles, GradeValue.Of(50)), ("ORAL", ExamPosition.Registered, Buc, GradeValue.Of(120.5m))]));
        s.Add("de la Tour", "Zoé Anaïs", tweak: c => c with { Result = Result.Refused });
        // Not on the list.
        s.Add("CUIVRE", "Absent", school: TinySession.Versailles, rows: n => Mixed(n,
            [("ECRIT-FR", ExamPosition.Registered, Versailles, GradeValue.Of(50)), ("ORAL", ExamPosition.Registered, Buc, GradeValue.Absent)]));
        s.Add("DORÉ", "Bénéfice", school: TinySession.Versailles, rows: n => Mixed(n,
            [("ECRIT-FR", ExamPosition.Benefit, Buc, GradeValue.Of(90)), ("ORAL", ExamPosition.Registered, Versailles, GradeValue.Of(100))]));
        s.Add("ÉTAIN", "Ailleurs", rows: everywhereInVersailles);
        s.Add("FER", "NonSaisi", rows: n => Sat(n, Buc, ("ORAL", ExamPosition.Registered, GradeValue.NotEntered), ("ECRIT-FR", ExamPosition.Registered, GradeValue.Exempted)));
        s.Add("GRENAT", "Rouge", tweak: c => c with { RedList = true });
        s.Add("HÉMATITE", "Fraude", tweak: c => c with { FraudSuspected = true });
        s.Add("IRIS", "Remplacement", tweak: c => c with { ReplacementSession = true });
        s.Add("JADE", "Annulée", tweak: c => c with { State = RegistrationState.Cancelled });
        s.Add("KAKI", "NonDélibéré", tweak: c => c with { Result = null });
        _f = await EngineFixture.OpenAsync(s.Build());
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    static List<string> Rows(IReadOnlyList<IReadOnlyList<string>> pages) =>
        pages.SelectMany(p => p.SkipWhile(l => l != "Nom Prénom Résultat").Skip(1)
            .TakeWhile(l => !l.StartsWith("Page ") && !l.StartsWith("Fait à ") && !l.StartsWith("Candidats non listés"))).ToList();

    static readonly Dictionary<string, string> Archive = new() { ["resultats"] = "tous" };

    [Fact]
    public async Task ArchiveCopy_HoldsWhoSatAnEpreuveInTheCentre_AnySchool_WithoutRedListFraudReplacementCancelledOrUndeliberated()
    {
        var run = await _f.RunOkAsync(Definition, EngineFixture.School(Buc), Archive);
        Assert.Equal(["ARGENT CARINE Admis", "BLANC HUGO Admis", "DE LA TOUR ZOÉ ANAÏS Refusé"], Rows(_f.OutputPdfLines(run)));
        Assert.Equal(3, run.RowCount);
    }

    [Fact]
    public async Task ListToPinUp_IsTheDefault_AndHoldsTheAdmittedOnly()
    {
        var run = await _f.RunOkAsync(Definition, EngineFixture.School(Buc));
        Assert.Equal(["ARGENT CARINE Admis", "BLANC HUGO Admis"], Rows(_f.OutputPdfLines(run)));
        Assert.Equal(2, run.RowCount);
    }

    [Fact]
    public async Task List_OfAnotherCentre_HoldsWhoSatThere()
    {
        var run = await _f.RunOkAsync(Definition, EngineFixture.School(Versailles), Archive);
        // ARGENT sat there too; CUIVRE and DORÉ only there (AB or Bénéfice in BUC); ÉTAIN, a BUC student, only there.
        Assert.Equal(["ARGENT CARINE Admis", "CUIVRE ABSENT Admis", "DORÉ BÉNÉFICE Admis", "ÉTAIN AILLEURS Admis"], Rows(_f.OutputPdfLines(run)));
    }

    [Fact]
    public async Task List_LaysOutLikeTheMemo()
    {
        var run = await _f.RunOkAsync(Definition, EngineFixture.School(Buc));
        var page = Assert.Single(_f.OutputPdfLines(run));
        Assert.Equal(
        [
            "JUIN 2026", "CLG FRANCO ALLEMAND – BUC (0783546F)", "Edité le 20/06/2026",
            "CERTIFICAT DE FORMATION GÉNÉRALE - JUIN 2026", "Résultats", "CLG FRANCO ALLEMAND - BUC",
            "Nom Prénom Résultat", "ARGENT CARINE Admis", "BLANC HUGO Admis",
            "Page 1 / 1",
        ], page);
        Assert.Equal("application/pdf", run.Output!.ContentType);
        Assert.Equal("liste-affichage-0783546F.pdf", run.Output.FileName);

        // A second reader of the same file agrees on the order of the lines.
        var text = Pdf.PdfToText(_f.OutputBytes(run));
        var lines = text.Split('\n').Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).Where(l => l.Length > 0).ToList();
        var expected = new[] { "JUIN 2026", "CLG FRANCO ALLEMAND – BUC (0783546F)", "Edité le 20/06/2026", "CERTIFICAT DE FORMATION GÉNÉRALE - JUIN 2026",
            "Résultats", "CLG FRANCO ALLEMAND - BUC", "Nom Prénom Résultat", "ARGENT CARINE Admis" };
        Assert.Equal(expected, lines.Take(expected.Length));
    }

    [Fact]
    public async Task List_WithSignature_EndsWithPlaceDateAndASignatureBlockForTheHeadOfCentre_DefaultsToTheSchoolsTownAndToday()
    {
        var run = await _f.RunOkAsync(Definition, EngineFixture.School(Buc), new Dictionary<string, string> { ["signature"] = "O" });
        var page = Assert.Single(_f.OutputPdfLines(run));
        Assert.Equal(["BLANC HUGO Admis", "Fait à BUC, le 20/06/2026", "Le chef de centre", "Page 1 / 1"], page.TakeLast(4));
        // Room to sign: the footer is well below the « Le chef de centre » line.
        var words = UglyToad.PdfPig.PdfDocument.Open(_f.OutputBytes(run)).GetPage(1).GetWords().ToList();
        var chef = words.Single(w => w.Text == "chef").BoundingBox.Bottom;
        var pageNo = words.First(w => w.Text == "Page").BoundingBox.Top;
        var fait = words.Single(w => w.Text == "Fait").BoundingBox.Bottom;
        Assert.True(chef - pageNo > 40, $"no room to sign: {chef - pageNo} pt");
        Assert.True(fait > chef, "place and date above the signature line");

        var versailles = await _f.RunOkAsync(Definition, EngineFixture.School(Versailles), new Dictionary<string, string> { ["signature"] = "O" });
        Assert.Contains("Fait à VERSAILLES, le 20/06/2026", Assert.Single(_f.OutputPdfLines(versailles)));
    }

    [Fact]
    public async Task List_DatesAreParisDates_AfterMidnightInParisButNotYetInUtc()
    {
        // 20/06/2026 22:30 UTC is 21/06/2026 00:30 in Paris.
        _f.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 20, 22, 30, 0, TimeSpan.Zero));
        var run = await _f.RunOkAsync(Definition, EngineFixture.School(Buc), new Dictionary<string, string> { ["signature"] = "O" });
        var page = Assert.Single(_f.OutputPdfLines(run));
        Assert.Equal("Edité le 21/06/2026", page[2]);
        Assert.Contains("Fait à BUC, le 21/06/2026", page);
    }

    [Fact]
    public async Task List_WithSignature_TakesPlaceAndDateFromTheParameters()
    {
        var run = await _f.RunOkAsync(Definition, EngineFixture.School(Buc),
            new Dictionary<string, string> { ["signature"] = "O", ["lieu"] = "Jouy-en-Josas", ["date"] = "03/07/2026" });
        Assert.Contains("Fait à Jouy-en-Josas, le 03/07/2026", Assert.Single(_f.OutputPdfLines(run)));
    }

    [Fact]
    public async Task List_WithoutSignature_HasNoSignatureLine()
    {
        var run = await _f.RunOkAsync(Definition, EngineFixture.School(Buc), new Dictionary<string, string> { ["signature"] = "N", ["lieu"] = "BUC" });
        Assert.DoesNotContain(Assert.Single(_f.OutputPdfLines(run)), l => l.StartsWith("Fait à", StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_IsRefused_WhenThePublicationServiceIsClosed()
    {
        var windows = await _f.Engine.Sessions.ListWindowsAsync(_f.SessionCode);
        var publication = windows.Single(w => w.Window.Service == ServiceKind.SchoolPublication);
        await _f.Engine.Sessions.UpdateWindowAsync(_f.SessionCode, publication.Id,
            publication.Window with { Opens = new DateTime(2026, 7, 1, 8, 0, 0), Closes = new DateTime(2026, 7, 14, 18, 0, 0) });
        var run = await _f.RunAsync(Definition, EngineFixture.School(Buc));
        Assert.Equal(RunState.Refused, run.State);
        Assert.Equal("Le service de publication des résultats aux établissements n'est pas ouvert.", run.Message);
        Assert.Null(run.Output);
    }

    [Fact]
    public async Task List_IsForASchool_NotForTheManager()
    {
        await Assert.ThrowsAsync<NotAllowedException>(() => _f.RunAsync(Definition, EngineFixture.Manager()));
    }
}

/// <summary>A centre with many candidates: the list runs over several pages, each with the table header.</summary>
public sealed class ListeAffichageLongTests
{
    [Fact]
    public async Task List_RepeatsTheHeaderRowOnEveryPage_AndKeepsTheFrenchOrderAcrossPages()
    {
        var s = new TinySession();
        var names = new[] { "ÉLAN", "ELAN", "ZAZIE", "ÇA", "CZ", "MARTIN", "MARTINEZ", "ŒUVRE", "OEUF", "ABEL" };
        for (var i = 0; i < 130; i++) s.Add(names[i % names.Length] + (i / names.Length).ToString("00"), "Prénom");
        await using var f = await EngineFixture.OpenAsync(s.Build());

        var run = await f.RunOkAsync("liste-affichage", EngineFixture.School());
        var pages = f.OutputPdfLines(run);
        Assert.True(pages.Count >= 3, $"{pages.Count} pages");
        Assert.Equal(pages.Count, run.PageCount);
        var rows = new List<string>();
        for (var i = 0; i < pages.Count; i++)
        {
            var page = pages[i];
            Assert.Equal(1, page.Count(l => l == "Nom Prénom Résultat"));
            Assert.Equal($"Page {i + 1} / {pages.Count}", page[^1]);
            rows.AddRange(page.SkipWhile(l => l != "Nom Prénom Résultat").Skip(1).TakeWhile(l => !l.StartsWith("Page ")));
        }
        var expected = f.Session.Candidates.Select(c => $"{c.LastName.ToUpper(French.Culture)} PRÉNOM Admis")
            .Order(French.Collation).ToList();
        Assert.Equal(130, rows.Count);
        Assert.Equal(expected, rows);
    }
}

/// <summary>
/// Property over generated sessions: whatever the definition's criteria say, a display list never holds a
/// red-listed or fraud-held candidate, and holds exactly who sat in the centre otherwise.
/// </summary>
public sealed class ListeAffichageGuardTests
{
    static async Task PublishAsync(EngineFixture f, Func<string, string> edit)
    {
        var shipped = (await f.Engine.Artefacts.PublishedAsync(ArtefactKind.Definition)).Single(a => a.Name == "liste-affichage");
        var draft = await f.Engine.Artefacts.SaveDraftAsync(ArtefactKind.Definition, "liste-affichage", edit(shipped.Content), "test");
        Assert.True(await f.Engine.Artefacts.SetStatusAsync(draft.Id, ArtefactStatus.Published));
        await f.Engine.ReloadAsync();
        var loaded = f.Engine.Definitions.Get("liste-affichage");
        Assert.NotNull(loaded);
        Assert.Equal(draft.Version, loaded.Version);
    }

    static string WithoutCriteria(string yaml, params string[] fields) =>
        string.Join('\n', yaml.Split('\n').Where(l => !fields.Any(f => l.Contains($"field: {f},", StringComparison.Ordinal))));

    const string Empty = "Aucun candidat n'a passé d'épreuve dans ce centre.";

    static List<string> Rows(IReadOnlyList<IReadOnlyList<string>> pages) =>
        pages.SelectMany(p => p.SkipWhile(l => l != "Nom Prénom Résultat").Skip(1).TakeWhile(l => !l.StartsWith("Page ") && l != Empty && !l.StartsWith("Candidats non listés") && !l.StartsWith("dont liste rouge"))).ToList();

    static string Line(Candidate c) => $"{c.LastName.ToUpper(French.Culture)} {c.FirstNames.ToUpper(French.Culture)} {French.Name(c.Result!.Value)}";

    [Fact]
    public async Task List_NeverHoldsRedListedOrFraudHeldCandidates_EvenWhenTheDefinitionDropsThoseCriteria()
    {
        await using var f = await EngineFixture.OpenAsync();
        await PublishAsync(f, yaml => WithoutCriteria(yaml, "liste_rouge", "presomption_fraude"));
        Assert.DoesNotContain(f.Engine.Definitions.Get("liste-affichage")!.Definition.Criteria, c => c.Field is "liste_rouge" or "presomption_fraude");

        var guarded = 0;
        foreach (var seed in new[] { 1, 2, 3, 4 })
        {
            var session = EngineFixture.Demo(seed: seed);
            await f.ImportAsync(session);
            var byNumber = session.Candidates.ToDictionary(c => c.Number);
            foreach (var centre in session.Grades.Where(g => g.CentreUai is not null).Select(g => g.CentreUai!).Distinct())
            {
                var sat = session.Grades.Where(g => g.SatIn(centre)).Select(g => byNumber[g.CandidateNumber]).DistinctBy(c => c.Number)
                    .Where(c => c.State == RegistrationState.Registered && c.Result is not null && !c.ReplacementSession).ToList();
                guarded += sat.Count(c => c.RedList || c.FraudSuspected);
                var expected = sat.Where(c => !c.RedList && !c.FraudSuspected)
                    .OrderBy(c => c.LastName, French.Collation).ThenBy(c => c.FirstNames, French.Collation).ThenBy(c => c.Number, StringComparer.Ordinal)
                    .ToList();
                // Homonyms (same NOM PRÉNOMS on two lines) are told apart by their date of birth.
                string Name(Candidate c) => $"{c.LastName.ToUpper(French.Culture)} {c.FirstNames.ToUpper(French.Culture)}";
                var lines = expected.Select((c, i) => (i > 0 && Name(expected[i - 1]) == Name(c)) || (i + 1 < expected.Count && Name(expected[i + 1]) == Name(c))
                    ? $"{Name(c)}, né(e) le {c.BirthDate:dd/MM/yyyy} {French.Name(c.Result!.Value)}" : Line(c)).ToList();

                var run = await f.RunOkAsync("liste-affichage", EngineFixture.School(centre), new Dictionary<string, string> { ["resultats"] = "tous" });
                Assert.Equal(lines, Rows(f.OutputPdfLines(run)));
            }
        }
        // The property was put to the test: some red-listed or fraud-held candidates did sit in a centre.
        Assert.True(guarded > 0, "no red-listed or fraud-held candidate sat anywhere: choose other seeds");
    }

    [Fact]
    public async Task AnEditedDefinitionAskingForRedListedCandidates_IsRejected_ItCannotBePublished()
    {
        // Issue 11: this edit used to validate and print only the red-listed students; now the loader refuses it (CFG046).
        await using var f = await EngineFixture.OpenAsync();
        var shipped = (await f.Engine.Artefacts.PublishedAsync(ArtefactKind.Definition)).Single(a => a.Name == "liste-affichage");
        var edited = WithoutCriteria(shipped.Content, "presomption_fraude")
            .Replace("{ field: liste_rouge, equals: false, locked: true }", "{ field: liste_rouge, equals: true, locked: true }", StringComparison.Ordinal);

        var result = f.Engine.Loader().LoadText("definitions/liste-affichage.yaml", edited);

        Assert.Null(result.Definition);
        Assert.Equal(CfgResults.Engine.Definitions.DiagnosticCodes.PublicOutputSelectsHidden, Assert.Single(result.Diagnostics).Code);
    }
}
