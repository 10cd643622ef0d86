using CfgResults.Engine.Identifiers;

namespace CfgResults.Engine.Tests.Identifiers;

public sealed class UaiTests
{
    [Theory]
    [InlineData("0783546F")] // the memo's school: 0783546 mod 23 = 5 → F
    [InlineData("0920001B")]
    [InlineData("6200001G")] // Corsica's 620 prefix follows the same rule
    public void Uai_IsValid_WhenCheckLetterMatches(string uai) => Assert.True(Uai.IsValid(uai));

    [Fact]
    public void Uai_IsInvalid_WithFrenchReasonGivingTheExpectedCode_WhenCheckLetterIsWrong()
    {
        Assert.False(Uai.TryValidate("0783546A", out var reason));
        Assert.Contains("0783546F", reason);
        Assert.Contains("lettre de contrôle", reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("783546F")]
    [InlineData("0783546f")]
    [InlineData("07835464")]
    [InlineData("0783546FF")]
    public void Uai_IsInvalid_WhenShapeIsWrong(string uai)
    {
        Assert.False(Uai.TryValidate(uai, out var reason));
        Assert.Contains("UAI", reason);
    }

    [Fact]
    public void CheckLetter_SkipsI_O_AndQ()
    {
        Assert.Equal('F', Uai.CheckLetter("0783546"));
        Assert.Equal(23, Uai.Alphabet.Length);
        Assert.DoesNotContain('I', Uai.Alphabet);
        Assert.DoesNotContain('O', Uai.Alphabet);
        Assert.DoesNotContain('Q', Uai.Alphabet);
        // 8 mod 23 = 8 → the ninth letter without I is J.
        Assert.Equal('J', Uai.CheckLetter("0000008"));
    }
}

public sealed class IneTests
{
    [Theory]
    [InlineData("1234567890V", IneKind.Bea)] // 1234567890 mod 23 = 19 → V
    [InlineData("0123456789M", IneKind.Bea)]
    [InlineData("123456789AB", IneKind.Rnie)]
    [InlineData("1234A56789K", IneKind.Apprenticeship)]
    public void Ine_IsValid_ForEachFamily(string ine, IneKind kind)
    {
        Assert.True(Ine.TryValidate(ine, out var actual, out var reason), reason);
        Assert.Equal(kind, actual);
    }

    [Fact]
    public void Ine_IsInvalid_WhenBeaCheckLetterIsWrong()
    {
        Assert.False(Ine.TryValidate("1234567890A", out var reason));
        Assert.Contains("1234567890V", reason);
    }

    [Theory]
    [InlineData("12345678901")]
    [InlineData("1234567890")]
    [InlineData("123456789ab")]
    [InlineData("1234B56789K")]
    [InlineData("")]
    public void Ine_IsInvalid_WhenShapeMatchesNoFamily(string ine)
    {
        Assert.False(Ine.TryValidate(ine, out var reason));
        Assert.Contains("format d'INE", reason);
    }
}
