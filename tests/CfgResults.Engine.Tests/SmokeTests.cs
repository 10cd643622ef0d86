using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Tests;

public sealed class FrenchTests
{
    [Theory]
    [InlineData("Refuse", Result.Refused)]
    [InlineData("REFUSÉ", Result.Refused)]
    [InlineData("admis", Result.Admitted)]
    public void TryParse_MatchesIgnoringCaseAndAccents(string text, Result expected)
    {
        Assert.True(French.TryParse(text, out Result r));
        Assert.Equal(expected, r);
    }
}
