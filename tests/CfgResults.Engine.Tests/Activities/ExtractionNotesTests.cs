using System.Text;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;
using CfgResults.Engine.Tests.Support;

namespace CfgResults.Engine.Tests.Activities;

/// <summary>
/// Memo section 4, « Extraire des notes »: a hand-made session where every rule has a candidate that
/// breaks it, so that each assertion fails when its rule is missing.
/// </summary>
public sealed class ExtractionNotesTests : IAsyncLifetime
{
    const string Definition = "extraction-notes";

    static readonly string[] ExamColumns =
        ["Épreuve écrite de français", "Épreuve orale", "Épreuve écrite de mathématiques", "Total des points"];

    EngineFixture _f = null!;
    readonly TinySession _s = new();
    Candidate _emile = null!, _emileAccent = null!, _emilien = null!, _cedille = null!, _cavalier = null!, _aliceDurand = null!,
        _marie1 = null!, _marie2 = null!, _formula = null!, _redList = null!, _otherSchool = null!, _otherGroup = null!,
        _cancelled = null!, _fraud = null!;

    public async Task InitializeAsync()
    {
        Grade[] G(string n, params (string Exam, ExamPosition Position, GradeValue Value)[] rows) =>
            rows.Select(r => new Grade(n, r.Exam, r.Position, r.Position == ExamPosition.Registered && r.Exam != "TOTAL" ? TinySession.Buc.Uai : null, r.Value)).ToArray();

        // Names chosen so that an ordinal sort, or one without the prénoms or numéro keys, gives another order.
        _emileAccent = _s.Add("ÉMILE", "Zoé");
        // Bénéfice shown, AB as is, Dispensé empty, Non notée not a column, 12,5 and 200 without trailing zeros.
        _emile = _s.Add("EMILE", "Anna", rows: n => G(n,
            ("ECRIT-FR", ExamPosition.Benefit, GradeValue.Of(12.5m)), ("SPORT", ExamPosition.Registered, GradeValue.Of(15)),
            ("ORAL", ExamPosition.Registered, GradeValue.Absent), ("ECRIT-MATH", ExamPosition.Exempted, GradeValue.Exempted),
            ("TOTAL", ExamPosition.Registered, GradeValue.Of(200))));
        _emilien = _s.Add("EMILIEN", "Paul", rows: n => G(n,
            ("ECRIT-FR", ExamPosition.Registered, GradeValue.Of(0)), ("ORAL", ExamPosition.Registered, GradeValue.Of(99.75m)),
            ("ECRIT-MATH", ExamPosition.Registered, GradeValue.Exempted), ("TOTAL", ExamPosition.Registered, GradeValue.NotEntered)),
            tweak: c => c with { Result = null });
        _cavalier = _s.Add("CAVALIER", "Jean");
        _cedille = _s.Add("ÇAVA", "Léa");
        _marie1 = _s.Add("DURAND", "Marie");
        _marie2 = _s.Add("DURAND", "Marie", tweak: c => c with { Ine = null, Result = Result.Refused });
        _aliceDurand = _s.Add("DURAND", "Alice");
        _formula = _s.Add("=HYPERLINK(\"http://evil.example/\",\"clic\")", "@SOMME(1)");
        _redList = _s.Add("ROUGE", "Liste", tweak: c => c with { RedList = true });
        _otherSchool = _s.Add("AUTRE", "École", school: TinySession.Versailles);
        _otherGroup = _s.Add("GROUPE", "Autre", tweak: c => c with { DecisionGroup = "CFG-92" });
        _cancelled = _s.Add("ANNULE", "Inscription", tweak: c => c with { State = RegistrationState.Cancelled, Result = null });
        _fraud = _s.Add("FRAUDE", "Présumée", tweak: c => c with { FraudSuspected = true });
        _f = await EngineFixture.OpenAsync(_s.Build());
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    static Dictionary<string, string> Params(bool nom = false, bool id = false, bool ine = false, bool naissance = false, string groupe = "CFG-78") => new()
    {
        ["groupe_decision"] = groupe,
        // Without any identity column the run asks for this confirmation (ExtractionWithoutIdentityTests).
        ["sans_identite"] = nom || id || ine || naissance ? "N" : "O",
        ["inclure_nom"] = nom ? "O" : "N",
        ["inclure_identifiant"] = id ? "O" : "N",
        ["inclure_ine"] = ine ? "O" : "N",
        ["inclure_date_naissance"] = naissance ? "O" : "N",
    };

    async Task<IReadOnlyList<string[]>> Extract(Dictionary<string, string> parameters, params CriterionChange[] changes)
    {
        var run = await _f.RunOkAsync(Definition, EngineFixture.School(), parameters, changes);
        return _f.OutputCsv(run).Rows;
    }

    [Fact]
    public async Task Extraction_WritesIdentityColumnsInOrder_ThenGradedExamsInExamOrder_ThenResult()
    {
        var rows = await Extract(Params(nom: true, id: true, ine: true, naissance: true));
        Assert.Equal(["Nom", "Prénoms", "Numéro candidat", "INE", "Date de naissance", .. ExamColumns, "Résultat"], rows[0]);
        var emile = rows.Single(r => r[2] == _emile.Number);
        Assert.Equal(["EMILE", "Anna", _emile.Number, _emile.Ine!, "07/03/2010", "12,5", "AB", "", "200", "Admis"], emile);
    }

    [Theory]
    [InlineData(true, false, false, false, new[] { "Nom", "Prénoms" })]
    [InlineData(false, true, false, false, new[] { "Numéro candidat" })]
    [InlineData(false, false, true, false, new[] { "INE" })]
    [InlineData(false, false, false, true, new[] { "Date de naissance" })]
    [InlineData(false, false, false, false, new string[0])]
    public async Task Extraction_AddsEachIdentityColumnOnlyWhenItsFlagIsSet(bool nom, bool id, bool ine, bool naissance, string[] identity)
    {
        var rows = await Extract(Params(nom, id, ine, naissance));
        Assert.Equal([.. identity, .. ExamColumns, "Résultat"], rows[0]);
        Assert.All(rows, r => Assert.Equal(rows[0].Length, r.Length));
    }

    [Fact]
    public async Task Extraction_WritesGradesAsTheyAre_CommaDecimal_AbDi_EmptyForDispenseAndNotEntered()
    {
        var rows = await Extract(Params(id: true));
        Assert.Equal([_emile.Number, "12,5", "AB", "", "200", "Admis"], rows.Single(r => r[0] == _emile.Number));
        Assert.Equal([_emilien.Number, "0", "99,75", "DI", "", ""], rows.Single(r => r[0] == _emilien.Number));
        Assert.Equal([_cavalier.Number, "80", "100", "60", "240", "Admis"], rows.Single(r => r[0] == _cavalier.Number));
    }

    [Fact]
    public async Task Extraction_SortsTheFrenchWay_ByNomThenPrenomsThenNumero()
    {
        var rows = await Extract(Params(nom: true, id: true));
        var order = rows.Skip(1).Where(r => r[2] != _formula.Number).Select(r => r[2]).ToList();
        // Ç sorts with C, É with E (accents second); same nom → prénoms; homonyms → numéro.
        Assert.Equal(
            new[] { _cedille, _cavalier, _aliceDurand, _marie1, _marie2, _emile, _emileAccent, _emilien }.Select(c => c.Number),
            order);
    }

    [Fact]
    public async Task Extraction_KeepsOnlyOwnRegisteredStudentsOfTheGroup_WithoutFraudOrRedList()
    {
        var rows = await Extract(Params(id: true));
        var numbers = rows.Skip(1).Select(r => r[0]).ToHashSet();
        Assert.Equal(9, numbers.Count);
        foreach (var excluded in new[] { _redList, _otherSchool, _otherGroup, _cancelled, _fraud })
            Assert.DoesNotContain(excluded.Number, numbers);
        // Homonyms: two people, two rows.
        Assert.Contains(_marie1.Number, numbers);
        Assert.Contains(_marie2.Number, numbers);
    }

    [Fact]
    public async Task Extraction_OfAnotherGroup_HoldsOnlyThatGroup()
    {
        var rows = await Extract(Params(id: true, groupe: "CFG-92"));
        Assert.Equal([_otherGroup.Number], rows.Skip(1).Select(r => r[0]));
    }

    [Fact]
    public async Task Extraction_IncludesRedList_WhenTheCallerChangesTheUnlockedCriterion()
    {
        // « O » is accepted for a boolean criterion: liste rouge = oui gives the red-listed students only.
        var only = await Extract(Params(id: true), new CriterionChange("liste_rouge", CriterionOperator.Equals, ["O"]));
        Assert.Equal([_redList.Number], only.Skip(1).Select(r => r[0]));

        // Removing the criterion gives everyone, red-listed included.
        var all = await Extract(Params(id: true), CriterionChange.Removal("liste_rouge"));
        Assert.Equal(10, all.Count - 1);
        Assert.Contains(all, r => r[0] == _redList.Number);
        Assert.DoesNotContain(all, r => r[0] == _fraud.Number);
    }

    [Theory]
    [InlineData("presomption_fraude", "O")]
    [InlineData("etablissement_inscription", "0781234")]
    [InlineData("etat", "Annulé")]
    [InlineData("mode_notation", "Non notée")]
    [InlineData("position_epreuve", "Dispensé")]
    [InlineData("groupe_decision", "CFG-92")]
    public async Task Extraction_RefusesAChangeOfALockedCriterion(string field, string value)
    {
        var values = field == "etablissement_inscription" ? [CfgResults.Engine.Identifiers.Uai.Complete(value)] : new[] { value };
        var e = await Assert.ThrowsAsync<RunInputException>(() =>
            _f.RunAsync(Definition, EngineFixture.School(), Params(), new CriterionChange(field, CriterionOperator.Equals, values)));
        Assert.Contains(e.Errors, d => d.Code == "CFG040");
    }

    [Fact]
    public async Task Extraction_RefusesRemovingALockedCriterion()
    {
        var e = await Assert.ThrowsAsync<RunInputException>(() =>
            _f.RunAsync(Definition, EngineFixture.School(), Params(), CriterionChange.Removal("presomption_fraude")));
        Assert.Contains(e.Errors, d => d.Code == "CFG041");
    }

    [Fact]
    public async Task Extraction_IsFrenchExcelCsv_BomSemicolonCrlf()
    {
        var run = await _f.RunOkAsync(Definition, EngineFixture.School(), Params(nom: true));
        var bytes = _f.OutputBytes(run);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("Nom;Prénoms;Épreuve écrite de français;Épreuve orale;", text);
        Assert.EndsWith("\r\n", text);
        Assert.DoesNotContain("\n", text.Replace("\r\n", ""));
        Assert.Equal(10, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal("text/csv; charset=utf-8", run.Output!.ContentType);
        Assert.Equal("notes-0783546F-CFG-78-JUIN-2026.csv", run.Output.FileName);
        Assert.Equal(9, run.RowCount);
    }

    [Fact]
    public async Task Extraction_RecordsTheDefinitionAndTemplateVersionsItUsed()
    {
        var run = await _f.RunOkAsync(Definition, EngineFixture.School(), Params());
        Assert.Equal(1, run.DefinitionVersion);
        Assert.Equal("{\"extraction-notes/colonnes.sbn\":1}", run.TemplateVersions);
    }

    [Fact]
    public async Task Extraction_NeutralisesAFormulaInAName()
    {
        var run = await _f.RunOkAsync(Definition, EngineFixture.School(), Params(nom: true, id: true));
        var row = _f.OutputCsv(run).Rows.Single(r => r[2] == _formula.Number);
        Assert.Equal("'" + _formula.LastName, row[0]);
        Assert.Equal("'" + _formula.FirstNames, row[1]);
    }
}

/// <summary>The extraction service window: [opens, closes) in Europe/Paris, and the memo's refusal text.</summary>
public sealed class ExtractionGateTests : IAsyncLifetime
{
    EngineFixture _f = null!;

    public async Task InitializeAsync()
    {
        var s = new TinySession();
        s.Add("MARTIN", "Léo");
        s.Windows.Clear();
        s.Windows.Add(new ServiceWindow(ServiceKind.GradeExtraction, null, new DateTime(2026, 7, 1, 8, 0, 0), new DateTime(2026, 7, 14, 18, 0, 0)));
        // Daylight saving: opens at the first minute of summer time, closes after the return to winter time.
        s.Windows.Add(new ServiceWindow(ServiceKind.GradeExtraction, null, new DateTime(2026, 3, 29, 3, 0, 0), new DateTime(2026, 3, 30, 8, 0, 0)));
        s.Windows.Add(new ServiceWindow(ServiceKind.GradeExtraction, null, new DateTime(2026, 10, 24, 8, 0, 0), new DateTime(2026, 10, 26, 8, 0, 0)));
        // The fake clock only moves forward: start before every instant the cases use.
        _f = await EngineFixture.OpenAsync(s.Build(), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    Task<RunRecord> RunAt(DateTimeOffset utc)
    {
        _f.Clock.SetUtcNow(utc);
        return _f.RunAsync("extraction-notes", EngineFixture.School(), new Dictionary<string, string> { ["groupe_decision"] = "CFG-78", ["sans_identite"] = "O" });
    }

    static DateTimeOffset Utc(int month, int day, int hour, int minute, int second = 0) => new(2026, month, day, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public async Task Gate_Closed_RefusesWithTheMemoMessage_CitingTheNextWindow()
    {
        var run = await RunAt(Utc(6, 20, 8, 30));
        Assert.Equal(RunState.Refused, run.State);
        Assert.Equal("Service extraction des notes établissement ouvert du 01/07/2026 08:00 au 14/07/2026 18:00.", run.Message);
        Assert.Null(run.Output);
    }

    [Fact]
    public async Task Gate_AfterTheLastWindow_CitesTheLastWindowClosed()
    {
        var run = await RunAt(Utc(11, 2, 9, 0));
        Assert.Equal(RunState.Refused, run.State);
        Assert.Equal("Service extraction des notes établissement ouvert du 24/10/2026 08:00 au 26/10/2026 08:00.", run.Message);
    }

    [Theory]
    // 01/07/2026 08:00 Paris (summer time) is 06:00 UTC; 14/07/2026 18:00 is 16:00 UTC.
    [InlineData(7, 1, 5, 59, 59, RunState.Refused)]
    [InlineData(7, 1, 6, 0, 0, RunState.Succeeded)]
    [InlineData(7, 14, 15, 59, 59, RunState.Succeeded)]
    [InlineData(7, 14, 16, 0, 0, RunState.Refused)]
    // Spring change on 29/03/2026: 02:00 winter time becomes 03:00 summer time, i.e. 01:00 UTC.
    [InlineData(3, 29, 0, 59, 59, RunState.Refused)]
    [InlineData(3, 29, 1, 0, 0, RunState.Succeeded)]
    // 30/03/2026 08:00 summer time is 06:00 UTC.
    [InlineData(3, 30, 5, 59, 59, RunState.Succeeded)]
    [InlineData(3, 30, 6, 0, 0, RunState.Refused)]
    // Autumn change on 25/10/2026: opens 24/10 08:00 summer time (06:00 UTC), closes 26/10 08:00 winter time (07:00 UTC).
    [InlineData(10, 24, 5, 59, 59, RunState.Refused)]
    [InlineData(10, 24, 6, 0, 0, RunState.Succeeded)]
    [InlineData(10, 26, 6, 59, 59, RunState.Succeeded)]
    [InlineData(10, 26, 7, 0, 0, RunState.Refused)]
    public async Task Gate_IsOpenFromOpeningIncludedToClosingExcluded_InParisTime(int month, int day, int hour, int minute, int second, RunState expected)
    {
        var run = await RunAt(Utc(month, day, hour, minute, second));
        Assert.True(expected == run.State, $"{run.State} {run.Message}");
    }
}

/// <summary>A window given for one groupe de décision opens the extraction of that group only.</summary>
public sealed class ExtractionGroupWindowTests
{
    [Fact]
    public async Task Gate_WindowOfOneGroup_OpensThatGroupOnly()
    {
        var s = new TinySession();
        s.Add("MARTIN", "Léo");
        s.Add("PETIT", "Lou", tweak: c => c with { DecisionGroup = "CFG-92" });
        s.Windows.RemoveAll(w => w.Service == ServiceKind.GradeExtraction);
        s.Windows.Add(new ServiceWindow(ServiceKind.GradeExtraction, "CFG-92", new DateTime(2026, 6, 19, 8, 0, 0), new DateTime(2026, 6, 25, 18, 0, 0)));
        await using var f = await EngineFixture.OpenAsync(s.Build());

        var open = await f.RunAsync("extraction-notes", EngineFixture.School(), new Dictionary<string, string> { ["groupe_decision"] = "CFG-92", ["sans_identite"] = "O" });
        Assert.Equal(RunState.Succeeded, open.State);
        var closed = await f.RunAsync("extraction-notes", EngineFixture.School(), new Dictionary<string, string> { ["groupe_decision"] = "CFG-78", ["sans_identite"] = "O" });
        Assert.Equal(RunState.Refused, closed.State);
        Assert.Equal("Le service d'extraction des notes établissement n'est pas ouvert.", closed.Message);
    }
}
