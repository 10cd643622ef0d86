using CfgResults.Engine.Definitions;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;
using CfgResults.Engine.Templates;
using CfgResults.Engine.Tests.Support;

namespace CfgResults.Engine.Tests.Activities;

/// <summary>
/// The activities on the generated demo session (300 candidates), checked against the rules computed here
/// from the session data itself, for every school.
/// </summary>
public sealed class DemoSessionTests(EngineFixture f) : IClassFixture<EngineFixture>
{
    static readonly GradingMode[] ExtractedModes = [GradingMode.Entered, GradingMode.Computed];
    static readonly ExamPosition[] ExtractedPositions = [ExamPosition.Registered, ExamPosition.Benefit];

    static string Points(decimal d) => d.ToString("0.##", French.Culture);

    static string Cell(GradeValue v) => v.Kind switch
    {
        GradeKind.Points => Points(v.Points!.Value),
        GradeKind.Absent => "AB",
        GradeKind.Exempted => "DI",
        _ => "",
    };

    IEnumerable<Candidate> FrenchOrder(IEnumerable<Candidate> candidates) =>
        candidates.OrderBy(c => c.LastName, French.Collation).ThenBy(c => c.FirstNames, French.Collation).ThenBy(c => c.Number, StringComparer.Ordinal);

    [Fact]
    public async Task Extraction_ForEverySchoolAndGroup_HoldsExactlyTheRulesRowsAndCells()
    {
        var session = f.Session;
        var exams = session.Exams.ToDictionary(e => e.Code);
        var columns = session.Exams.Where(e => ExtractedModes.Contains(e.GradingMode)).OrderBy(e => e.Order).ToList();
        var grades = session.Grades.ToLookup(g => g.CandidateNumber);
        var parameters = new Dictionary<string, string> { ["inclure_identifiant"] = "O" };
        var checkedRows = 0;
        foreach (var school in session.Schools)
        {
            // A school is offered the groups of its students (and of its centre's candidates): every one of its rows is reachable.
            var offered = (await f.Engine.Sessions.LoadContextAsync(f.SessionCode, school.Uai))!.DecisionGroups;
            Assert.Subset(offered.ToHashSet(), session.Candidates.Where(c => c.RegistrationSchoolUai == school.Uai).Select(c => c.DecisionGroup).ToHashSet());
            foreach (var group in offered)
            {
                parameters["groupe_decision"] = group;
                var run = await f.RunOkAsync("extraction-notes", EngineFixture.School(school.Uai), parameters);
                var rows = f.OutputCsv(run).Rows;
                Assert.Equal(["Numéro candidat", .. columns.Select(e => e.Label), "Résultat"], rows[0]);

                var expected = FrenchOrder(session.Candidates.Where(c => c.RegistrationSchoolUai == school.Uai && c.DecisionGroup == group
                        && c.State == RegistrationState.Registered && !c.FraudSuspected && !c.RedList
                        && grades[c.Number].Any(g => ExtractedModes.Contains(exams[g.ExamCode].GradingMode) && ExtractedPositions.Contains(g.Position))))
                    .Select(c => (string[])[c.Number,
                        .. columns.Select(e => grades[c.Number].FirstOrDefault(g => g.ExamCode == e.Code && ExtractedPositions.Contains(g.Position)) is { } g ? Cell(g.Value) : ""),
                        c.Result is { } r ? French.Name(r) : ""])
                    .ToList();
                Assert.Equal(expected, rows.Skip(1));
                checkedRows += expected.Count;
            }
        }
        Assert.True(checkedRows > 200, $"{checkedRows} rows checked");
    }

    [Fact]
    public async Task Extraction_ExcludesTheRedListedStudentsOfTheDemo_UnlessTheCallerRemovesThatCriterion()
    {
        var redListed = f.Session.Candidates.First(c => c.RedList && c.State == RegistrationState.Registered && !c.FraudSuspected);
        var parameters = new Dictionary<string, string> { ["inclure_identifiant"] = "O", ["groupe_decision"] = redListed.DecisionGroup };
        var caller = EngineFixture.School(redListed.RegistrationSchoolUai);

        var byDefault = f.OutputCsv(await f.RunOkAsync("extraction-notes", caller, parameters)).Rows;
        Assert.DoesNotContain(byDefault, r => r[0] == redListed.Number);
        var withRedList = f.OutputCsv(await f.RunOkAsync("extraction-notes", caller, parameters, CfgResults.Engine.Criteria.CriterionChange.Removal("liste_rouge"))).Rows;
        Assert.Contains(withRedList, r => r[0] == redListed.Number);
    }

    [Fact]
    public async Task ResultsList_ForEverySchool_CountsItsRegisteredStudents()
    {
        foreach (var school in f.Session.Schools)
        {
            var run = await f.RunOkAsync("liste-resultats", EngineFixture.School(school.Uai));
            var expected = f.Session.Candidates.Count(c => c.RegistrationSchoolUai == school.Uai && c.State == RegistrationState.Registered);
            Assert.Equal(expected, run.RowCount);
            var text = f.OutputPdfLines(run).SelectMany(p => p).ToList();
            Assert.Contains(expected == 1 ? "1 élève" : $"{expected} élèves", text);
            foreach (var held in f.Session.Candidates.Where(c => c.RegistrationSchoolUai == school.Uai && c.FraudSuspected && c.State == RegistrationState.Registered))
                Assert.Contains(text, l => l.Contains(held.Number) && l.EndsWith("Résultat réservé", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Publication_ThenBulk_OnTheDemoSession()
    {
        var session = f.Session;
        var inScope = session.Candidates.Where(c => c.State == RegistrationState.Registered && !c.FraudSuspected && c.Result is not null).ToList();
        var undeliberated = session.Candidates.Count(c => c.State == RegistrationState.Registered && !c.FraudSuspected && c.Result is null);
        Assert.True(undeliberated > 0);
        Assert.Contains(session.Candidates, c => c.FraudSuspected && c.State == RegistrationState.Registered);

        // A publication writes documents, not a download.
        var run = await f.RunAsync("publication-releves", EngineFixture.Manager(), new Dictionary<string, string> { ["disponible_le"] = "20/06/2026 08:00" });
        Assert.Equal(RunState.Succeeded, run.State);
        Assert.Equal(inScope.Count, run.RowCount);
        Assert.Equal($"{undeliberated} candidat(s) sans résultat délibéré : aucun relevé publié pour eux (ils le seront après la délibération).", run.Message);
        Assert.Equal(inScope.Count, await f.Engine.Documents.CountVersionsAsync(f.SessionCode));
        foreach (var c in session.Candidates.Where(c => c.FraudSuspected || c.State == RegistrationState.Cancelled || c.Result is null))
            Assert.Empty(await f.Engine.Documents.ListForCandidateAsync(f.SessionCode, c.Number));

        var again = await f.RunAsync("publication-releves", EngineFixture.Manager(), new Dictionary<string, string> { ["disponible_le"] = "20/06/2026 08:00" });
        Assert.Equal(0, again.RowCount);
        Assert.Equal(inScope.Count, await f.Engine.Documents.CountVersionsAsync(f.SessionCode));

        var own = FrenchOrder(inScope.Where(c => c.RegistrationSchoolUai == EngineFixture.MemoSchool)).ToList();
        var bulk = await f.RunOkAsync("releves-notes-masse", EngineFixture.School());
        var pages = f.OutputPdfLines(bulk);
        var sum = 0;
        foreach (var c in own)
        {
            var v = Assert.Single(await f.Engine.Documents.ListForCandidateAsync(f.SessionCode, c.Number));
            await using var stream = (await f.Engine.Blobs.OpenReadAsync(v.FileSha256))!;
            using var ms = new MemoryStream();
            await stream.CopyToAsync(ms);
            sum += Pdf.PageCount(ms.ToArray());
        }
        Assert.Equal(sum, pages.Count);
        Assert.Equal(own.Select(c => $"Numéro candidat {c.Number}"),
            pages.Where(p => p[0] == "Académie de VERSAILLES").Select(p => p.Single(l => l.StartsWith("Numéro candidat "))));

        var foreign = inScope.First(c => c.RegistrationSchoolUai != EngineFixture.MemoSchool);
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => f.Engine.DocumentAccess.ListAsync(EngineFixture.School(), f.SessionCode, foreign.Number));
        Assert.Single(await f.Engine.DocumentAccess.ListAsync(EngineFixture.School(foreign.RegistrationSchoolUai), f.SessionCode, foreign.Number));
    }
}

/// <summary>Every shipped definition loads and runs, and every shipped template is used and renders: a broken one fails CI.</summary>
public sealed class ShippedArtefactsTests
{
    [Fact]
    public async Task EveryShippedDefinitionLoadsAndRuns_AndEveryShippedTemplateRenders()
    {
        await using var f = await EngineFixture.OpenAsync();
        var (definitionsDir, templatesDir) = ShippedFiles.Locate(f.Engine.Options);
        var shippedDefinitions = ShippedFiles.Definitions(definitionsDir).ToList();
        var shippedTemplates = ShippedFiles.Templates(templatesDir).ToList();
        Assert.NotEmpty(shippedDefinitions);
        Assert.NotEmpty(shippedTemplates);

        foreach (var (name, text) in shippedTemplates)
            Assert.Empty(TemplateEngine.CheckText(name, text));
        var loader = f.Engine.Loader();
        foreach (var (name, text) in shippedDefinitions)
        {
            var result = loader.LoadText($"definitions/{name}.yaml", text);
            Assert.True(result.Definition is not null && result.Diagnostics.Count == 0, string.Join("\n", result.Diagnostics));
            Assert.Equal(name, result.Definition!.Id);
        }
        Assert.Empty(f.Engine.Definitions.Diagnostics);
        Assert.Equal(shippedDefinitions.Select(d => d.Name).Order(), f.Engine.Definitions.List().Select(d => d.Definition.Id).Order());

        var used = f.Engine.Definitions.List().SelectMany(d => d.Definition.Steps)
            .Select(s => s.Options.TryGetValue("template", out var t) ? t as string : null).OfType<string>().ToHashSet();
        Assert.All(shippedTemplates, t => Assert.Contains(t.Name, used));

        // The manager's activities first: the school's bulk transcripts need published transcripts.
        var student = f.Session.Candidates.First(c => c.RegistrationSchoolUai == EngineFixture.MemoSchool);
        foreach (var definition in f.Engine.Definitions.List().OrderBy(d => d.Definition.Audience != Audience.Manager))
        {
            var d = definition.Definition;
            var caller = d.Audience switch
            {
                Audience.Manager => EngineFixture.Manager(),
                Audience.Candidate => EngineFixture.Candidate(student.Number),
                _ => EngineFixture.School(),
            };
            var context = (await f.Engine.Sessions.LoadContextAsync(f.SessionCode))!;
            var parameters = new Dictionary<string, string>();
            foreach (var p in d.Parameters)
            {
                if (p.Type == ParameterType.Flag) parameters[p.Id] = "O";
                else if (!p.Required) continue;
                else if (p.Type == ParameterType.Choice) parameters[p.Id] = p.OptionsSource == "groupes_decision" ? student.DecisionGroup : ParameterBinder.Options(p, context)[0];
                else if (p.Type == ParameterType.Date) parameters[p.Id] = "20/06/2026";
                else if (p.Type == ParameterType.DateTime) parameters[p.Id] = "20/06/2026 08:00";
                else parameters[p.Id] = "essai";
            }
            var run = await f.RunAsync(d.Id, caller, parameters);
            Assert.True(run.State == RunState.Succeeded, $"{d.Id}: {run.State} {run.Message}");
            Assert.True(run.Output is not null || run.RowCount > 0, $"{d.Id}: nothing produced");
            if (run.Output is { ContentType: "application/pdf" }) Assert.True(Pdf.PageCount(f.OutputBytes(run)) > 0);
            if (run.Output is { ContentType: var type } && type.StartsWith("text/csv", StringComparison.Ordinal)) Assert.True(f.OutputCsv(run).Rows.Count > 1);
        }
    }
}
