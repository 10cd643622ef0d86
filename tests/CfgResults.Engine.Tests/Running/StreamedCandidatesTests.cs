using System.Collections;
using System.Text;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Demo;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;
using CfgResults.Engine.Templates;
using Scriban.Runtime;

namespace CfgResults.Engine.Tests.Running;

/// <summary>
/// A CSV's candidates are streamed as template objects (RunModel.CandidateRows into PlainObject), the same builder as
/// <see cref="RunModel.CandidateModel"/>: what a CSV template sees must stay the same (custom templates rely on it).
/// </summary>
public sealed class StreamedCandidatesTests
{
    static readonly DateTimeOffset Now = new(2026, 6, 20, 8, 0, 0, TimeSpan.Zero);

    static RunContext Context(SessionData data, List<CandidateRecord> records, IReadOnlyList<Exam> columns, bool pivoted) => new()
    {
        RunId = "test",
        Definition = new WorkflowDefinition("extraction-notes", "Extraction des notes", [], Audience.School, null, [], [], [], new SourceLocation("t.yaml", 1, 1)),
        Caller = Caller.Manager("test"),
        Session = new SessionContext(data.Session, Now, data.Schools, data.Exams, [], []),
        Parameters = new Dictionary<string, object?>(),
        Criteria = [],
        Now = Now,
        // Building the model does not touch the services.
        Services = null!,
        Data = new Dataset { Candidates = records, Columns = columns },
        Pivoted = pivoted,
    };

    static List<CandidateRecord> Records(SessionData data)
    {
        var grades = data.Grades.GroupBy(g => g.CandidateNumber, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<Grade>)g.ToList(), StringComparer.Ordinal);
        return data.Candidates.Select(c => new CandidateRecord(c, grades.TryGetValue(c.Number, out var g) ? g : [])).ToList();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StreamedRows_AreWhatTheDocumentModelGives_KeyForKey(bool pivoted)
    {
        var data = DemoSessionGenerator.Generate(new DemoOptions(300, 7, Now));
        var records = Records(data);
        // A few columns only, out of épreuve order: cells follow the columns, notes the épreuve order.
        var columns = data.Exams.OrderByDescending(e => e.Order).Take(4).ToList();
        var context = Context(data, records, columns, pivoted);

        var streamed = Assert.IsType<TemplateRows>(RunModel.Build(context, streamCandidates: true)["candidats"]);
        var i = 0;
        foreach (var row in streamed)
        {
            var expected = TemplateModel.Convert(RunModel.CandidateModel(records[i], columns, context), "candidat");
            Assert.Equal(Describe(expected), Describe(row));
            i++;
        }
        Assert.Equal(records.Count, i);
    }

    [Fact]
    public void CsvTemplate_ReadsNotesCellsAndTotal()
    {
        Exam oral = new("ORAL", "Épreuve orale", GradingMode.Entered, 160, 9), d1 = new("D1", "Domaine 1", GradingMode.Entered, 30, 1);
        var candidate = new Candidate("01000000001", "001", "01", "ÉMILE", "Zoé", new DateOnly(2010, 1, 1), null, "0783546F",
            CandidateCategory.SchoolPupil, RegistrationState.Registered, null, "CFG-78", false, false, false, null);
        Grade G(string exam, GradeValue v) => new(candidate.Number, exam, ExamPosition.Registered, null, v);
        var data = new SessionData(new SessionInfo("CFG-2026-06", "CFG", "JUIN 2026", "CERTIFICAT DE FORMATION GÉNÉRALE", "VERSAILLES"),
            [], [oral, d1], [candidate], [], []);
        var records = new List<CandidateRecord> { new(candidate, [G("ORAL", GradeValue.Of(100.5m)), G("D1", GradeValue.Absent)]) };
        var context = Context(data, records, [d1, oral], pivoted: true);
        var engine = new TemplateEngine(new InMemoryTemplateSource().Set("extraction-notes/colonnes.sbn", """
            {{ for c in candidats
                 csv_cell c.nom
                 csv_cell c.notes[0].note
                 csv_cell c.notes[1].bareme
                 csv_cell c.cellules["ORAL"]
                 csv_cells c.cellules_liste
                 csv_cell c.total
                 for n in c.notes
                   csv_cell n.epreuve
                 end
                 csv_cell (c.notes | array.size)
                 csv_end_row
               end }}
            """), TemplateLimits.Default);

        using var output = new MemoryStream();
        var rows = engine.RenderCsv("extraction-notes/colonnes.sbn", RunModel.Build(context, streamCandidates: true), output, CancellationToken.None);

        Assert.Equal(1, rows);
        // Notes in épreuve order (D1 first); the total counts entered points only.
        Assert.Equal("ÉMILE;AB;160;100,5;AB;100,5;100,5;D1;ORAL;2\r\n", Encoding.UTF8.GetString(output.ToArray()).TrimStart('\uFEFF'));
    }

    /// <summary>Keys in order, values with their type, nested: two equal descriptions are the same model.</summary>
    static string Describe(object? value) => value switch
    {
        null => "null",
        ScriptObject o => "{" + string.Join(", ", o.Select(kv => $"{kv.Key}: {Describe(kv.Value)}")) + "}",
        string s => $"\"{s}\"",
        IEnumerable a => "[" + string.Join(", ", a.Cast<object?>().Select(Describe)) + "]",
        IFormattable f => $"{f.GetType().Name}:{f.ToString(null, System.Globalization.CultureInfo.InvariantCulture)}",
        _ => $"{value.GetType().Name}:{value}",
    };
}
