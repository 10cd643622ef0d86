using CfgResults.Engine.Accounts;

namespace CfgResults.Engine.Tests.Accounts;

public sealed class CallerTests
{
    [Theory]
    [InlineData("etablissement:0783546F", CallerRole.School, "0783546F", null)]
    [InlineData("etablissement:0783546f", CallerRole.School, "0783546F", null)]
    [InlineData(" gestionnaire ", CallerRole.Manager, null, null)]
    [InlineData("candidat:01843006787", CallerRole.Candidate, null, "01843006787")]
    public void Parse_ReadsTheTextForm(string text, CallerRole role, string? uai, string? number)
    {
        var caller = Caller.Parse(text);

        Assert.Equal((role, uai, number), (caller.Role, caller.Uai, caller.CandidateNumber));
        Assert.Equal(caller.ToString(), caller.Login);
    }

    [Theory]
    [InlineData("etablissement:0783546F")]
    [InlineData("gestionnaire")]
    [InlineData("candidat:01843006787")]
    public void ToString_GivesBackTheParsedText(string text) => Assert.Equal(text, Caller.Parse(text).ToString());

    [Fact]
    public void ToString_IsTheTextForm_WhateverTheLogin() =>
        Assert.Equal("etablissement:0783546F", Caller.School("0783546F", "etab-0783546f").ToString());

    [Theory]
    [InlineData("", "Appelant «  » invalide")]
    [InlineData("admin", "Appelant « admin » invalide")]
    [InlineData("Etablissement:0783546F", "Appelant « Etablissement:0783546F » invalide")]
    [InlineData("etablissement", "UAI «  » invalide")]
    [InlineData("etablissement:0783546G", "UAI « 0783546G » invalide : 7 chiffres suivis de la lettre de contrôle")]
    [InlineData("etablissement:078354F", "UAI « 078354F » invalide")]
    [InlineData("candidat:1843006787", "Numéro candidat « 1843006787 » invalide : 11 chiffres attendus.")]
    [InlineData("candidat:0184300678X", "Numéro candidat « 0184300678X » invalide")]
    [InlineData("gestionnaire:0783546F", "« gestionnaire » s'écrit seul")]
    public void Parse_ThrowsAFrenchMessage_OnBadInput(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => Caller.Parse(text));

        Assert.Contains(expected, error.Message);
        Assert.False(Caller.TryParse(text, out _, out var sameError));
        Assert.Equal(error.Message, sameError);
    }

    [Fact]
    public void Constructor_RefusesASchoolWithoutAValidUai_OrACandidateNumberOnAManager()
    {
        Assert.Throws<ArgumentException>(() => new Caller(CallerRole.School, null, null, "etab"));
        Assert.Throws<ArgumentException>(() => new Caller(CallerRole.Manager, null, "01843006787", "gestionnaire"));
        Assert.Throws<ArgumentException>(() => new Caller(CallerRole.Candidate, "0783546F", "01843006787", "cand"));
        Assert.Throws<ArgumentException>(() => new Caller(CallerRole.Manager, null, null, " "));
    }
}
