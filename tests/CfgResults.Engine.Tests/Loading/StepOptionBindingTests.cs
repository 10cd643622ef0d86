using System.Reflection;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Loading;
using CfgResults.Engine.Running;

namespace CfgResults.Engine.Tests.Loading;

/// <summary>
/// The loader binds each step once, with the readers that checked it: over every option of every shipped step kind
/// and every spelling the loader accepts for the option's type, a definition that validates carries its step bound to
/// the kind's options record, holding the value the spelling means. Spellings the loader refuses never bind.
/// </summary>
public sealed class StepOptionBindingTests
{
    static readonly StepKindRegistry Registry = new();

    /// <summary>Every spelling of every type, accepted or not: the property is "validates ⇒ binds to what it means".</summary>
    static readonly string[] FlagSpellings =
        [.. Flag.TrueSpellings, .. Flag.FalseSpellings, "o", "n", "OUI", "Non", "TRUE", "False", "ON", "Off", " oui ", "'O'", "\"non\"",
         "yes", "no", "vrai", "2", "peut-être", "~", "[O]"];
    static readonly string[] IntegerSpellings = ["0", "42", "-3", "+7", "'12'", "1.5", "douze", "~", "[1]"];
    static readonly string[] TextSpellings = ["notes", "'O'", "\"{{ parametres.service }}\"", "12", "~", "[a]"];
    static readonly string[] ListSpellings = ["[nom, prenoms]", "[nom]", "['a b', \"c\"]", "nom", "~", "[{ a: b }]", "[]"];

    public static TheoryData<string, string> EveryOption()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in Registry.Names)
            foreach (var option in Registry.OptionsOf(kind)!.Keys)
                data.Add(kind, option);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryOption))]
    public void Whatever_validates_binds_to_the_value_it_means(string kind, string option)
    {
        var spec = Registry.OptionsOf(kind)![option];
        var spellings = spec.Type switch
        {
            StepOptionType.Flag => FlagSpellings,
            StepOptionType.Integer => IntegerSpellings,
            StepOptionType.List => ListSpellings,
            _ when option == "template" => [.. TextSpellings, "extraction-notes/colonnes.sbn", "'liste-affichage/liste.sbn'"],
            _ => [.. TextSpellings, .. spec.AllowedValues ?? []],
        };
        var validated = 0;
        foreach (var spelling in spellings)
        {
            var result = Load(kind, option, spelling);
            if (!result.Succeeded) continue;
            validated++;
            var step = Assert.Single(result.Definition!.Steps);
            Assert.IsType(Registry.OptionsTypeOf(kind)!, step.Bound);
            var property = Registry.OptionsTypeOf(kind)!.GetProperty(Pascal(option), BindingFlags.Public | BindingFlags.Instance)!;
            var bound = property.GetValue(step.Bound);
            var raw = step.Options[option];
            switch (spec.Type)
            {
                case StepOptionType.Flag:
                    Assert.True(Flag.TryParse((string)raw!, out var expected), $"{kind}.{option} = {spelling} validé sans être un booléen");
                    Assert.Equal(expected, bound);
                    break;
                case StepOptionType.Integer:
                    Assert.Equal(int.Parse((string)raw!, System.Globalization.CultureInfo.InvariantCulture), bound);
                    break;
                case StepOptionType.List:
                    Assert.Equal(((IEnumerable<object?>)raw!).Cast<string>().ToArray(), (IReadOnlyList<string>)bound!);
                    break;
                default:
                    Assert.Equal((string)raw!, bound);
                    break;
            }
        }
        Assert.True(validated > 0, $"aucune écriture acceptée pour {kind}.{option}");
    }

    [Fact]
    public void Every_flag_spelling_of_the_catalogue_validates_and_binds_for_a_real_flag_option()
    {
        foreach (var (spelling, expected) in Flag.TrueSpellings.Select(s => (s, true)).Concat(Flag.FalseSpellings.Select(s => (s, false))))
        {
            var result = Load("select.candidates", "public", spelling);
            Assert.True(result.Succeeded, spelling + " : " + string.Join(" ; ", result.Diagnostics));
            Assert.Equal(expected, Assert.IsType<Steps.SelectCandidates.Options>(result.Definition!.Steps[0].Bound).Public);
        }
        Assert.False(Load("select.candidates", "public", "peut-être").Succeeded);
    }

    [Fact]
    public void A_definition_with_an_error_binds_no_step()
    {
        var result = Load("select.candidates", "public", "peut-être");
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.WrongType);
        Assert.Null(result.Definition);
    }

    static LoadResult Load(string kind, string option, string spelling)
    {
        var lines = new List<string> { "id: essai", "title: Essai", "audience: etablissement", "steps:", $"  - kind: {kind}", $"    {option}: {spelling}" };
        foreach (var (name, other) in Registry.OptionsOf(kind)!)
            if (other.Required && name != option)
                lines.Add($"    {name}: {Valid(name, other)}");
        return new DefinitionLoader(Registry, new FakeTemplates()).LoadText("definitions/essai.yaml", string.Join("\n", lines));
    }

    static string Valid(string name, StepOptionSpec spec) => spec.Type switch
    {
        StepOptionType.Flag => "O",
        StepOptionType.Integer => "1",
        StepOptionType.List => "[a]",
        _ when name == "template" => "extraction-notes/colonnes.sbn",
        _ => spec.AllowedValues is [var first, ..] ? first : "texte",
    };

    static string Pascal(string snake) => string.Concat(snake.Split('_').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
