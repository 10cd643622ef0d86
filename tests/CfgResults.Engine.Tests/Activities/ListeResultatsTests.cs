using CfgResults.Engine.Domain;
using CfgResults.Engine.Tests.Support;

namespace CfgResults.Engine.Tests.Activities;

/// <summary>Memo section 3, « Editer des listes de résultats de mes élèves ».</summary>
public sealed class ListeResultatsTests : IAsyncLifetime
{
    EngineFixture _f = null!;
    Candidate _martin = null!, _ecole = null!, _nina = null!, _fraud = null!, _pending = null!, _cancelled = null!, _other = null!;

    public async Task InitializeAsync()
    {
        var s = new TinySession();
        _martin = s.Add("MARTIN", "Léo");
        _ecole = s.Add("Écuyer", "Ève", tweak: c => c with { Result = Result.Refused }, grades:
            [("ECRIT-FR", GradeValue.Of(40.5m)), ("ORAL", GradeValue.Of(50)), ("ECRIT-MATH", GradeValue.Of(30)), ("TOTAL", GradeValue.Of(120.5m))]);
        _fraud = s.Add("FRAUDE", "Présumée", tweak: c => c with { FraudSuspected = true });
        _pending = s.Add("ATTENTE", "Jury", tweak: c => c with { Result = null, DecisionGroup = "CFG-92" });
        _nina = s.Add("BERNARD", "Nina", tweak: c => c with { DecisionGroup = "CFG-92" });
        _cancelled = s.Add("ANNULE", "Inscription", tweak: c => c with { State = RegistrationState.Cancelled });
        _other = s.Add("AILLEURS", "Paul", school: TinySession.Versailles);
        _f = await EngineFixture.OpenAsync(s.Build());
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task List_GroupsOwnRegisteredStudentsByDecisionGroup_WithTotalAndResult_FraudHeldNotShown()
    {
        var run = await _f.RunOkAsync("liste-resultats", EngineFixture.School());
        var page = Assert.Single(_f.OutputPdfLines(run));
        Assert.Equal(
        [
            "CERTIFICAT DE FORMATION GÉNÉRALE - JUIN 2026", "CLG FRANCO ALLEMAND – BUC (0783546F)", "Edité le 20/06/2026",
            "Liste des résultats de mes élèves",
            "5 élèves",
            "Groupe de décision CFG-78",
            "Nom Prénoms Numéro Total Résultat", "candidat",
            $"ÉCUYER ÈVE {_ecole.Number} 120,5 Refusé",
            $"FRAUDE PRÉSUMÉE {_fraud.Number} — Résultat réservé",
            $"MARTIN LÉO {_martin.Number} 240 Admis",
            "Groupe de décision CFG-92",
            "Nom Prénoms Numéro Total Résultat", "candidat",
            $"ATTENTE JURY {_pending.Number} 240 Non délibéré",
            $"BERNARD NINA {_nina.Number} 240 Admis",
            "Page 1 / 1",
        ], page);
        Assert.Equal(5, run.RowCount);
        Assert.DoesNotContain(page, l => l.Contains(_cancelled.Number) || l.Contains(_other.Number));
        // A held result is never shown as a result, nor its points.
        Assert.DoesNotContain(page, l => l.Contains(_fraud.Number) && (l.Contains("Admis") || l.Contains("240")));
        Assert.Equal("resultats-0783546F.pdf", run.Output!.FileName);
    }
}
