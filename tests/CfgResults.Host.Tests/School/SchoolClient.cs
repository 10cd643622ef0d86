using System.Net;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Running;
using CfgResults.Host.Tests.Auth;
using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.School;

/// <summary>What the school page tests do again and again: post a page's form with its token, wait for a run.</summary>
internal static class SchoolClient
{
    public const string MemoSchool = DemoHostFactory.MemoSchool;
    public const string MemoSchoolLogin = "etab-0783546f";
    /// <summary>Another demo school (second in UAI order after the memo's school).</summary>
    public const string OtherSchoolLogin = "etab-0780130t";

    /// <summary>GETs the page for its antiforgery token, then posts the fields with it.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> fields,
        DemoHostFactory host)
    {
        var token = await AccountsHostFactory.AntiforgeryTokenAsync(client, path);
        var all = fields.Append(new("__RequestVerificationToken", token)).ToList();
        return await client.PostAsync(path, new FormUrlEncodedContent(all));
    }

    public static async Task<string> TextAsync(HttpResponseMessage response) => await AccountsHostFactory.TextAsync(response);

    /// <summary>The run id of a redirect to `/editions/{id}`.</summary>
    public static string RunIdOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/editions/", location);
        return location["/editions/".Length..];
    }

    /// <summary>Waits until the run (executed by the host's job worker) is in a final state.</summary>
    public static async Task<RunRecord> WaitForEndAsync(DemoHostFactory factory, string runId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var run = await factory.Engine.Runs.GetAsync(runId);
            Assert.NotNull(run);
            if (RunStateNames.IsFinal(run.State)) return run;
            if (DateTime.UtcNow > deadline) Assert.Fail($"l'édition {runId} n'est pas terminée après le délai ({run.State})");
            await Task.Delay(100);
        }
    }

    /// <summary>The decision group of the memo school's students (the extraction's required choice).</summary>
    public static async Task<string> MemoSchoolDecisionGroupAsync(DemoHostFactory factory)
    {
        var code = (await factory.Engine.Sessions.LatestSessionCodeAsync())!;
        var context = (await factory.Engine.Sessions.LoadContextAsync(code))!;
        foreach (var group in context.DecisionGroups)
        {
            var page = await factory.Engine.Search.SearchAsync(Caller.School(MemoSchool, "test"), code,
                [EffectiveCriterion.Create("groupe_decision", CriterionOperator.Equals, group)], 1, 1);
            if (page.Total > 0) return group;
        }
        throw new InvalidOperationException("aucun groupe de décision pour l'établissement du mémo");
    }

    /// <summary>The extraction form as a person fills it: group chosen, some boxes ticked (a hidden `N` precedes each box).</summary>
    public static List<KeyValuePair<string, string>> ExtractionForm(string group, params string[] ticked)
    {
        var fields = new List<KeyValuePair<string, string>> { new("p_groupe_decision", group) };
        foreach (var flag in new[] { "inclure_nom", "inclure_identifiant", "inclure_ine", "inclure_date_naissance" })
        {
            fields.Add(new("p_" + flag, "N"));
            if (ticked.Contains(flag)) fields.Add(new("p_" + flag, "O"));
        }
        // Nothing ticked: the box that confirms an extraction without identity (issue 13 item 6) is ticked too.
        fields.Add(new("p_sans_identite", "N"));
        if (ticked.Length == 0) fields.Add(new("p_sans_identite", "O"));
        // The editable criterion as the form posts it by default.
        fields.Add(new("op_liste_rouge", "equals"));
        fields.Add(new("val_liste_rouge", "non"));
        return fields;
    }
}
