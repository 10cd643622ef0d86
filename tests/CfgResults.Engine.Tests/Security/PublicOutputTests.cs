using CfgResults.Engine.Criteria;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Loading;
using CfgResults.Engine.Running;
using CfgResults.Engine.Tests.Activities;
using CfgResults.Engine.Tests.Support;

namespace CfgResults.Engine.Tests.Security;

/// <summary>
/// Issue 11, « The exam centre can look people up » and « The red-list rule depends on the definition »:
/// a public output (the display list) is decided in code (SECURITY.md row 2).
/// </summary>
public sealed class PublicOutputTests : IAsyncLifetime
{
    static readonly string Buc = TinySession.Buc.Uai, Versailles = TinySession.Versailles.Uai;
    EngineFixture _f = null!;
    Candidate _other = null!;

    public async Task InitializeAsync()
    {
        var s = new TinySession();
        // A Versailles student who sat an épreuve in BUC's centre is on BUC's display list.
        s.Add("ARGENT", "Carine", school: TinySession.Versailles, rows: n =>
            [new Grade(n, "ECRIT-FR", ExamPosition.Registered, Buc, GradeValue.Of(50)), new Grade(n, "ORAL", ExamPosition.Registered, Buc, GradeValue.Of(100))]);
        s.Add("BLANC", "Hugo");
        var data = s.Build();
        _other = data.Candidates.Single(c => c.LastName == "ARGENT");
        _f = await EngineFixture.OpenAsync(data);
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    async Task<RunInputException> RefusedAsync(params CriterionChange[] changes) =>
        await Assert.ThrowsAsync<RunInputException>(() => _f.RunAsync("liste-affichage", EngineFixture.School(Buc), null, changes));

    [Fact]
    public async Task DisplayList_RefusesABirthDateOrIneLookUp_OfAnotherSchoolsStudent()
    {
        var birth = await RefusedAsync(CriterionChange.Set("date_naissance", CriterionOperator.Equals, _other.BirthDate.ToString("dd/MM/yyyy")));
        Assert.Equal(DiagnosticCodes.PublicCriterionNotChangeable, Assert.Single(birth.Errors).Code);
        Assert.Equal("date_naissance", birth.Errors[0].Location.File);

        var ine = await RefusedAsync(CriterionChange.Set("ine", CriterionOperator.Equals, _other.Ine ?? "123456789AB"));
        Assert.Equal(DiagnosticCodes.PublicCriterionNotChangeable, Assert.Single(ine.Errors).Code);

        var school = await RefusedAsync(CriterionChange.Set("etablissement_inscription", CriterionOperator.Equals, Versailles));
        Assert.Equal(DiagnosticCodes.PublicCriterionNotChangeable, Assert.Single(school.Errors).Code);
        Assert.Empty(await _f.Engine.Runs.ListByCallerAsync(EngineFixture.School(Buc).ToString(), 10));
    }

    [Fact]
    public async Task DisplayList_RefusesACentreCriterion_ItWouldHaveIgnored()
    {
        var refused = await RefusedAsync(CriterionChange.Set("centre_epreuve", CriterionOperator.Equals, Versailles));
        Assert.Equal(DiagnosticCodes.CriterionNotSupported, Assert.Single(refused.Errors).Code);
    }

    [Fact]
    public async Task ResultsList_RefusesAGradeLevelCriterion_InsteadOfIgnoringIt()
    {
        var refused = await Assert.ThrowsAsync<RunInputException>(() => _f.RunAsync("liste-resultats", EngineFixture.School(Buc), null,
            CriterionChange.Set("centre_epreuve", CriterionOperator.Equals, Versailles)));
        Assert.Equal(DiagnosticCodes.CriterionNotSupported, Assert.Single(refused.Errors).Code);
    }

    [Fact]
    public async Task DisplayList_StillRuns_WithoutChanges()
    {
        var run = await _f.RunOkAsync("liste-affichage", EngineFixture.School(Buc));
        Assert.Equal(2, run.RowCount);
    }

    static string Shipped => File.ReadAllText(Path.Combine(ShippedFiles.Locate(new()).Definitions, "liste-affichage.yaml"));

    [Fact]
    public void RedListDraft_OfTheDisplayList_IsRejectedAtItsLine()
    {
        // The attack: select.candidates instead of select.sat-in-centre, and the red-listed students only.
        var draft = Shipped.Replace("{ kind: select.sat-in-centre }", "{ kind: select.candidates }")
            .Replace("{ field: liste_rouge, equals: false, locked: true }", "{ field: liste_rouge, equals: true }");
        Assert.Contains("liste_rouge, equals: true", draft);
        var line = draft.Split('\n').ToList().FindIndex(l => l.Contains("liste_rouge")) + 1;

        var result = _f.Engine.Loader().LoadText("definitions/liste-affichage.yaml", draft);

        Assert.Null(result.Definition);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.PublicOutputSelectsHidden, error.Code);
        Assert.Equal(line, error.Location.Line);
        Assert.Equal(5, error.Location.Column);
        Assert.StartsWith($"definitions/liste-affichage.yaml({line},5): error CFG046", error.ToString());
    }

    [Fact]
    public void AnyPublicDefinition_SelectingFraudHeldCandidates_IsRejected_WhateverItsId()
    {
        var draft = Shipped.Replace("id: liste-affichage", "id: affichage-bis")
            .Replace("{ field: presomption_fraude, equals: false, locked: true }", "{ field: presomption_fraude, equals: oui }");

        var result = _f.Engine.Loader().LoadText("definitions/affichage-bis.yaml", draft);

        Assert.Equal(DiagnosticCodes.PublicOutputSelectsHidden, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void ADefinitionCriterion_TheSelectionWouldIgnore_IsRejected()
    {
        var draft = Shipped.Replace("  - { field: etat, in: [Inscrit], locked: true }", "  - { field: etat, in: [Inscrit], locked: true }\n  - { field: centre_epreuve, equals: 0783546F }");

        var result = _f.Engine.Loader().LoadText("definitions/liste-affichage.yaml", draft);

        Assert.Equal(DiagnosticCodes.CriterionNotSupported, Assert.Single(result.Diagnostics).Code);
    }
}
