using CfgResults.Engine.Criteria;
using CfgResults.Engine.Definitions;

namespace CfgResults.Engine.Tests.Criteria;

public sealed class CriteriaCatalogTests
{
    [Fact]
    public void Tree_HoldsEveryFieldOnce_InFourFrenchGroups()
    {
        Assert.Equal(["Candidat", "Candidature", "Épreuves", "Résultat"], CriteriaCatalog.Groups.Select(g => g.Label));
        Assert.Equal(
            ["categorie", "centre_epreuve", "date_naissance", "epreuve", "etablissement_inscription", "etat", "groupe_decision", "ine",
             "liste_rouge", "mode_notation", "nom", "numero_candidat", "position_epreuve", "prenoms", "presomption_fraude", "resultat",
             "session_remplacement", "specialite"],
            CriteriaCatalog.Groups.SelectMany(g => g.Fields).Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(CriteriaCatalog.Groups, g => Assert.All(g.Fields, f => Assert.Equal(g.Label, f.Group)));
    }

    [Theory]
    [InlineData("etat", "Inscrit,Annulé")]
    [InlineData("mode_notation", "Saisie,Calculée,Non notée")]
    [InlineData("position_epreuve", "Inscrit,Bénéfice,Dispensé")]
    [InlineData("categorie", "scolaire,individuel")]
    [InlineData("resultat", "Admis,Refusé,Absent")]
    public void Enumerations_ListTheirCanonicalValues(string field, string values)
    {
        Assert.True(CriteriaCatalog.TryGet(field, out var f));
        Assert.Equal(CriterionValueType.Enumeration, f.Type);
        Assert.Equal(values.Split(','), f.AllowedValues);
    }

    [Fact]
    public void EveryField_KnowsItsColumn_AndGradeFieldsLiveOnGradesOrExams()
    {
        foreach (var field in CriteriaCatalog.Fields)
        {
            Assert.Matches("^[cge]\\.[a-z_]+$", field.Column);
            Assert.Equal(field.Level == CriterionLevel.Grade, field.Column[0] is 'g' or 'e');
            // present only makes sense where the column can be NULL.
            Assert.Equal(field.Nullable, field.Operators.Contains(CriterionOperator.Present));
        }
    }

    [Theory]
    [InlineData("O", true)]
    [InlineData("oui", true)]
    [InlineData("TRUE", true)]
    [InlineData("n", false)]
    [InlineData("Non", false)]
    [InlineData("false", false)]
    public void Booleans_AcceptONOuiNonTrueFalse(string text, bool expected) =>
        Assert.Equal([expected], EffectiveCriterion.Create("liste_rouge", CriterionOperator.Equals, text).Values);

    [Theory]
    [InlineData("liste_rouge", CriterionOperator.Equals, "peut-être")]
    [InlineData("etablissement_inscription", CriterionOperator.Equals, "078354F")]
    [InlineData("numero_candidat", CriterionOperator.Equals, "123")]
    [InlineData("ine", CriterionOperator.Equals, "12345")]
    [InlineData("date_naissance", CriterionOperator.Equals, "30/02/2010")]
    [InlineData("nom", CriterionOperator.Equals, "  ")]
    [InlineData("etat", CriterionOperator.StartsWith, "Ins")]
    public void InvalidCriteria_AreRefused(string field, CriterionOperator op, string value) =>
        Assert.Throws<ArgumentException>(() => EffectiveCriterion.Create(field, op, value));

    [Fact]
    public void OperatorNames_RoundTrip()
    {
        foreach (var name in CriteriaCatalog.OperatorKeys)
        {
            Assert.True(CriteriaCatalog.TryParseOperator(name, out var op));
            Assert.Equal(name, CriteriaCatalog.OperatorName(op));
        }
        Assert.Equal(Enum.GetValues<CriterionOperator>().Length, CriteriaCatalog.OperatorKeys.Count);
    }
}
