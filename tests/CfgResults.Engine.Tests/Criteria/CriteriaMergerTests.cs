using CfgResults.Engine.Criteria;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Loading;
using CfgResults.Engine.Tests.Loading;

namespace CfgResults.Engine.Tests.Criteria;

public sealed class CriteriaMergerTests
{
    static readonly SourceLocation Here = new("definitions/extraction-notes.yaml", 1, 1);

    /// <summary>The criteria of « Extraire des notes » (DOMAIN.md): five locked, liste rouge modifiable.</summary>
    static readonly CriterionDefinition[] Extraction =
    [
        new("etat", CriterionOperator.In, ["Inscrit"], true, Here),
        new("mode_notation", CriterionOperator.In, ["Saisie", "Calculée"], true, Here),
        new("etablissement_inscription", CriterionOperator.Equals, ["{{ user.uai }}"], true, Here),
        new("position_epreuve", CriterionOperator.In, ["Inscrit", "Bénéfice"], true, Here),
        new("presomption_fraude", CriterionOperator.Equals, ["false"], true, Here),
        new("liste_rouge", CriterionOperator.Equals, ["false"], false, Here),
    ];

    static string? School(string expression) => expression == "{{ user.uai }}" ? "0783546F" : null;

    static MergeResult Merge(params CriterionChange[] changes) => CriteriaMerger.Merge(Extraction, changes, School);

    [Fact]
    public void Merge_WithoutChanges_GivesTheDefinitionsCriteria_WithExpressionsResolved()
    {
        var result = Merge();

        Assert.True(result.Succeeded);
        Assert.Equal(
            ["etat in [Inscrit]", "mode_notation in [Saisie, Calculée]", "etablissement_inscription equals [0783546F]",
             "position_epreuve in [Inscrit, Bénéfice]", "presomption_fraude equals [non]", "liste_rouge equals [non]"],
            result.Criteria.Select(c => c.ToString()));
        Assert.Equal([true, true, true, true, true, false], result.Criteria.Select(c => c.Locked));
    }

    [Fact]
    public void Merge_RefusesToChangeALockedCriterion()
    {
        var result = Merge(CriterionChange.Set("etat", CriterionOperator.In, "Inscrit", "Annulé"));

        var error = Assert.Single(result.Errors);
        Assert.Equal("error CFG040: le critère « État » est verrouillé et ne peut pas être modifié", error.ToString());
        Assert.Equal("etat", error.Field);
        Assert.Empty(result.Criteria);
    }

    [Fact]
    public void Merge_RefusesToWidenTheSchoolScope_EvenWithAnotherOperator()
    {
        var result = Merge(CriterionChange.Set("etablissement_inscription", CriterionOperator.In, "0783546F", "0910001A"));

        Assert.Equal(DiagnosticCodes.LockedCriterionChanged, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Merge_RefusesToRemoveALockedCriterion()
    {
        var result = Merge(CriterionChange.Removal("presomption_fraude"));

        Assert.Equal("error CFG041: le critère « Présomption de fraude » est verrouillé et ne peut pas être retiré", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Merge_AcceptsALockedCriterionSentBackUnchanged_InAnyOrderOrSpelling()
    {
        var result = Merge(
            CriterionChange.Set("mode_notation", CriterionOperator.In, "calculee", "SAISIE"),
            CriterionChange.Set("presomption_fraude", CriterionOperator.Equals, "N"),
            CriterionChange.Set("etablissement_inscription", CriterionOperator.Equals, "0783546f"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(6, result.Criteria.Count);
    }

    [Fact]
    public void Merge_ChangesAnUnlockedCriterion()
    {
        var result = Merge(CriterionChange.Set("liste_rouge", CriterionOperator.Equals, "oui"));

        Assert.True(result.Succeeded);
        var redList = result.Criteria.Single(c => c.Field.Name == "liste_rouge");
        Assert.Equal([true], redList.Values);
        Assert.False(redList.Locked);
        Assert.Equal(6, result.Criteria.Count);
    }

    [Fact]
    public void Merge_RemovesAnUnlockedCriterion()
    {
        var result = Merge(CriterionChange.Removal("liste_rouge"));

        Assert.True(result.Succeeded);
        Assert.DoesNotContain(result.Criteria, c => c.Field.Name == "liste_rouge");
    }

    [Fact]
    public void Merge_AddsCriteriaFromTheCatalogue_AfterTheDefinitionsOnes()
    {
        var result = Merge(
            CriterionChange.Set("nom", CriterionOperator.StartsWith, "dup"),
            CriterionChange.Set("specialite", CriterionOperator.Equals, "SEGPA"));

        Assert.True(result.Succeeded);
        Assert.Equal(["nom starts_with [dup]", "specialite equals [SEGPA]"], result.Criteria.Skip(6).Select(c => c.ToString()));
        Assert.All(result.Criteria.Skip(6), c => Assert.False(c.Locked));
    }

    [Fact]
    public void Merge_ReportsEveryRefusedChange_WithItsCode()
    {
        var result = Merge(
            CriterionChange.Set("liste_rouje", CriterionOperator.Equals, "non"),
            CriterionChange.Set("nom", CriterionOperator.Between, "A", "B"),
            CriterionChange.Set("categorie", CriterionOperator.Equals, "apprenti"),
            CriterionChange.Set("date_naissance", CriterionOperator.Between, "01/01/2012"),
            CriterionChange.Set("date_naissance", CriterionOperator.Equals, "01/01/2012"),
            CriterionChange.Removal("resultat"));

        Assert.Equal(
            [DiagnosticCodes.UnknownCriterionField, DiagnosticCodes.OperatorNotAllowed, DiagnosticCodes.ValueNotAllowed,
             DiagnosticCodes.WrongValueCount, DiagnosticCodes.CriterionChangedTwice, DiagnosticCodes.NoCriterionToRemove],
            result.Errors.Select(e => e.Code));
        Assert.Contains("vouliez-vous dire 'liste_rouge'", result.Errors[0].Message);
        Assert.Empty(result.Criteria);
    }

    [Fact]
    public void Merge_NeverEvaluatesACallersExpression()
    {
        // Only the definition's expressions are resolved; from a caller, `{{ … }}` is plain (here invalid) text.
        var result = Merge(CriterionChange.Set("centre_epreuve", CriterionOperator.Equals, "{{ user.uai }}"));

        Assert.Equal(DiagnosticCodes.ValueNotAllowed, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Merge_ReportsADefinitionExpressionItCannotResolve()
    {
        var result = CriteriaMerger.Merge(Extraction, [], resolve: null);

        Assert.Equal("error CFG042: la valeur « {{ user.uai }} » du critère « Établissement d'inscription » n'a pas pu être résolue",
            Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void LoadedDefinition_MergedAndCompiled_SelectsTheSchoolsStudentsGrades()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestFiles", "Definitions", "001-valid-extraction-notes", "extraction-notes.yaml"));
        var definition = Loaders.Create().LoadText("definitions/extraction-notes.yaml", text).Definition!;

        var merged = CriteriaMerger.Merge(definition.Criteria, [CriterionChange.Set("liste_rouge", CriterionOperator.Equals, "oui")], School);
        var filter = CriteriaCompiler.CompileCandidateFilter(merged.Criteria);

        Assert.True(merged.Succeeded);
        Assert.Contains("c.registration_school = @p", filter.Sql);
        Assert.Contains(new KeyValuePair<string, object>("@p1", "0783546F"), filter.Parameters);
        Assert.Contains(new KeyValuePair<string, object>("@p3", 1), filter.Parameters); // liste rouge = oui, as changed
    }
}
