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

    /// <summary>Only group CFG-78's publication window is open (CFG-92's opens on 01/07): CFG-92's results stay unseen.</summary>
    async Task OpenSchoolPublicationForCfg78OnlyAsync()
    {
        foreach (var w in await _f.Engine.Sessions.ListWindowsAsync(_f.SessionCode))
            if (w.Window.Service == ServiceKind.SchoolPublication)
                Assert.True(await _f.Engine.Sessions.DeleteWindowAsync(_f.SessionCode, w.Id));
        await _f.Engine.Sessions.AddWindowAsync(_f.SessionCode, new ServiceWindow(ServiceKind.SchoolPublication, "CFG-78", new DateTime(2026, 6, 19, 8, 0, 0), new DateTime(2026, 7, 14, 18, 0, 0)));
        await _f.Engine.Sessions.AddWindowAsync(_f.SessionCode, new ServiceWindow(ServiceKind.SchoolPublication, "CFG-92", new DateTime(2026, 7, 1, 8, 0, 0), new DateTime(2026, 7, 14, 18, 0, 0)));
    }

    [Fact]
    public async Task List_WhenOnlyOneGroupsPublicationWindowIsOpen_HoldsThatGroupAlone()
    {
        await OpenSchoolPublicationForCfg78OnlyAsync();

        var run = await _f.RunOkAsync("liste-resultats", EngineFixture.School());
        var page = Assert.Single(_f.OutputPdfLines(run));

        Assert.Equal(3, run.RowCount);
        Assert.Contains("Groupe de décision CFG-78", page);
        Assert.DoesNotContain("Groupe de décision CFG-92", page);
        Assert.DoesNotContain(page, l => l.Contains(_nina.Number) || l.Contains(_pending.Number));

        // From 01/07/2026 08:00 Paris (06:00 UTC) CFG-92's window is open too.
        _f.Clock.SetUtcNow(new DateTimeOffset(2026, 7, 1, 6, 0, 0, TimeSpan.Zero));
        var later = await _f.RunOkAsync("liste-resultats", EngineFixture.School());
        Assert.Equal(5, later.RowCount);
        Assert.Contains(Assert.Single(_f.OutputPdfLines(later)), l => l.Contains(_nina.Number));
    }
}
