using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;
using CfgResults.Engine.Tests.Support;

namespace CfgResults.Engine.Tests.Activities;

/// <summary>
/// Issue 13 item 12: a socle component shows the level its points stand for (arrêté du 19 juillet 2016), the total
/// is out of 400 with the admission rule, and no transcript is published before deliberation.
/// </summary>
public sealed class TranscriptContentTests : IAsyncLifetime
{
    static readonly (string Code, string Label)[] Socle = [("D2", "Les méthodes et outils pour apprendre"), ("D3", "La formation de la personne et du citoyen"),
        ("D4", "Les systèmes naturels et les systèmes techniques"), ("D5", "Les représentations du monde et l'activité humaine")];

    EngineFixture _f = null!;
    Candidate _pupil = null!, _pending = null!;

    public async Task InitializeAsync()
    {
        var s = new TinySession();
        (string, GradeValue)[] grades = [("D2", GradeValue.Of(10)), ("D3", GradeValue.Of(20)), ("D4", GradeValue.Of(25)), ("D5", GradeValue.Of(30)),
            ("ORAL", GradeValue.Of(120)), ("TOTAL", GradeValue.Of(205))];
        _pupil = s.Add("SOCLE", "Élève", grades: grades);
        _pending = s.Add("ATTENTE", "Délibération", c => c with { Result = null }, grades: grades);
        var data = s.Build();
        data = data with { Exams = [.. data.Exams, .. Socle.Select((e, i) => new Exam(e.Code, e.Label, GradingMode.Entered, 30, 10 + i))] };
        _f = await EngineFixture.OpenAsync(data);
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task Transcript_ShowsEachSocleLevel_TheTotalOutOf400_AndTheAdmissionRule()
    {
        var run = await _f.RunAsync("publication-releves", EngineFixture.Manager(), new Dictionary<string, string> { ["disponible_le"] = "20/06/2026 08:00" });
        Assert.Equal(RunState.Succeeded, run.State);
        var v = Assert.Single(await _f.Engine.Documents.ListForCandidateAsync(_f.SessionCode, _pupil.Number));
        var (_, stream) = await _f.DocumentAccess().OpenAsync(EngineFixture.Manager(), v.Id);
        using var ms = new MemoryStream();
        await using (stream) await stream.CopyToAsync(ms);
        var lines = Assert.Single(Pdf.Lines(ms.ToArray()));
        // A long libellé wraps in its cell: the rows are read as one text.
        var text = string.Join(" ", lines);
        Assert.Contains("Épreuve Position Note Barème Niveau de maîtrise", lines);
        Assert.Contains("Inscrit 10 30 Maîtrise insuffisante", text);
        Assert.Contains("Inscrit 20 30 Maîtrise fragile", text);
        Assert.Contains("Inscrit 25 30 Maîtrise satisfaisante", text);
        Assert.Contains("Inscrit 30 30 Très bonne maîtrise", text);
        Assert.Contains("Épreuve orale Inscrit 120 160", lines);
        Assert.Contains("Total : 205 / 400 points", lines);
        Assert.Contains("Seuil d'admission : 200 points", lines);
        Assert.Contains("Résultat : Admis", lines);
        Assert.Equal(1, run.RowCount);
    }

    [Fact]
    public async Task Publication_LeavesOutWhoIsNotDeliberated_AndSaysHowManyAndWhy()
    {
        var run = await _f.RunAsync("publication-releves", EngineFixture.Manager(), new Dictionary<string, string> { ["disponible_le"] = "20/06/2026 08:00" });
        Assert.Equal(RunState.Succeeded, run.State);
        Assert.Empty(await _f.Engine.Documents.ListForCandidateAsync(_f.SessionCode, _pending.Number));
        Assert.Equal("1 candidat(s) sans résultat délibéré : aucun relevé publié pour eux (ils le seront après la délibération).", run.Message);
        Assert.Equal(RunState.Succeeded, run.State);
    }
}
