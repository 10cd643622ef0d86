using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Data;
using CfgResults.Engine.Presets;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Running;
using CfgResults.Engine.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CfgResults.Engine.Tests.Presets;

/// <summary>Issue 14 item 4: saved editions, stored per owner on both dialects, and carried over to a new session.</summary>
public sealed class RunPresetTests
{
    static readonly Dictionary<string, string> Parameters = new() { ["groupe_decision"] = "CFG-78", ["inclure_nom"] = "O", ["format"] = "xlsx" };
    static readonly CriterionChange[] Criteria = [CriterionChange.Set("liste_rouge", CriterionOperator.Equals, "true"), CriterionChange.Set("specialite", CriterionOperator.In, "A", "B")];

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task APreset_RoundTrips_IsReplacedByName_AndIsOnlyItsOwners(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect);
        var clock = new FakeTimeProvider(EngineFixture.DefaultNow);
        var store = new RunPresetStore(db.Database, clock);
        var school = RunPresetStore.OwnerOf(Caller.School("0783546F", "etab-0783546f"))!;
        var other = RunPresetStore.OwnerOf(Caller.School(CfgResults.Engine.Identifiers.Uai.Complete("0781234"), "etab-autre"))!;

        var saved = await store.SaveAsync(school, "extraction-notes", " Notes du jury ", "CFG-2026-06", Parameters, Criteria, "etab-0783546f");
        Assert.Equal("Notes du jury", saved.Name);
        var read = (await store.GetAsync(saved.Id, school))!;
        Assert.Equal(Parameters, read.Parameters);
        Assert.Equal(Criteria.Select(c => (c.Field, c.Operator, string.Join("|", c.Values), c.Remove)), read.Criteria.Select(c => (c.Field, c.Operator, string.Join("|", c.Values), c.Remove)));
        Assert.Equal(("CFG-2026-06", EngineFixture.DefaultNow), (read.SessionCode, read.CreatedAt));

        clock.Advance(TimeSpan.FromDays(1));
        var again = await store.SaveAsync(school, "extraction-notes", "Notes du jury", "CFG-2026-06", new Dictionary<string, string> { ["inclure_nom"] = "N" }, [], "etab-0783546f");
        Assert.Equal(saved.Id, again.Id);
        Assert.Equal("N", Assert.Single(again.Parameters).Value);
        Assert.Single(await store.ListAsync(school, "extraction-notes"));

        Assert.Null(await store.GetAsync(saved.Id, other));
        Assert.Empty(await store.ListAsync(other));
        Assert.False(await store.DeleteAsync(saved.Id, other));
        Assert.True(await store.DeleteAsync(saved.Id, school));
        Assert.Empty(await store.ListAsync(school));
        Assert.Null(RunPresetStore.OwnerOf(Caller.Candidate("01843006787", "cand")));
        Assert.Equal("gestionnaire:dupont", RunPresetStore.OwnerOf(Caller.Manager("dupont")));
    }

    [Fact]
    public async Task Settings_CarryOverToANewSession_AndSayWhatWasDropped()
    {
        await using var f = await EngineFixture.OpenAsync();
        var definition = f.Engine.Definitions.Get("extraction-notes")!.Definition;
        var session = (await f.Engine.Sessions.LoadContextAsync(f.SessionCode))!;
        var group = session.DecisionGroups[0];

        var carried = SettingsCarryOver.Apply(definition, session,
            new Dictionary<string, string> { ["groupe_decision"] = "CFG-1999", ["inclure_nom"] = "O", ["ancien_parametre"] = "O" },
            [
                CriterionChange.Set("liste_rouge", CriterionOperator.Equals, "true"),
                CriterionChange.Set("etat", CriterionOperator.In, "Annulé"),               // locked by the activity
                CriterionChange.Set("epreuve", CriterionOperator.In, "ORAL", "LATIN"),      // LATIN is not an épreuve of the session
                CriterionChange.Set("groupe_decision", CriterionOperator.In, "CFG-1999"),   // locked too (ties to the parameter)
                CriterionChange.Set("champ_disparu", CriterionOperator.Equals, "x"),
            ]);

        Assert.Equal(new Dictionary<string, string> { ["inclure_nom"] = "O" }, carried.Parameters);
        Assert.Equal(["liste_rouge", "epreuve"], carried.Criteria.Select(c => c.Field));
        Assert.Equal(["ORAL"], carried.Criteria[1].Values);
        Assert.Equal(6, carried.Dropped.Count);
        Assert.Contains(carried.Dropped, d => d.Contains("CFG-1999") && d.StartsWith("Groupe de décision"));
        Assert.Contains(carried.Dropped, d => d.Contains("ancien_parametre"));
        Assert.Contains(carried.Dropped, d => d.Contains("LATIN"));
        Assert.Contains(carried.Dropped, d => d.Contains("champ_disparu"));

        var same = SettingsCarryOver.Apply(definition, session, new Dictionary<string, string> { ["groupe_decision"] = group }, []);
        Assert.Empty(same.Dropped);
        Assert.Equal(group, same.Parameters["groupe_decision"]);
    }
}
