using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Running;
using CfgResults.Host.Tests.Auth;
using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.Api;

/// <summary>
/// What the API and matrix tests need, made once per demo host: a signed-in client for each role, and own
/// and foreign resources (a finished run of school A, a published document of a student of A, one of B not
/// available yet). Candidates and school B are chosen from the generated session (registered, not held for
/// fraud, so that they get transcripts) and their accounts are created here.
/// </summary>
public sealed class ApiWorld
{
    public const string SchoolA = DemoHostFactory.MemoSchool;
    public const string SchoolALogin = "etab-0783546f";
    public const string SchoolBLogin = "etab-matrice-b";
    public const string ManagerLogin = "gestionnaire";
    public const string CandidateALogin = "cand-matrice-a";
    public const string CandidateBLogin = "cand-matrice-b";

    /// <summary>Role keys of the matrix, in the order of its columns.</summary>
    public static readonly IReadOnlyList<string> Roles = ["anonyme", "etabA", "etabB", "gestionnaire", "candA", "candAutre"];

    static readonly ConditionalWeakTable<DemoHostFactory, Task<ApiWorld>> Worlds = new();

    public required DemoHostFactory Factory { get; init; }
    public required string SessionCode { get; init; }
    public required string SchoolB { get; init; }
    /// <summary>A registered student of A (the candidate account candA) with a published, available transcript.</summary>
    public required string StudentA { get; init; }
    /// <summary>A registered student of B (the candidate account candAutre) whose transcript is available only in 2099.</summary>
    public required string StudentB { get; init; }
    public required string RunA { get; init; }
    public required string RunB { get; init; }
    public required long DocumentA { get; init; }
    public required long DocumentBLater { get; init; }
    public required IReadOnlyDictionary<string, HttpClient> Clients { get; init; }

    public HttpClient Client(string role) => Clients[role];

    public static Task<ApiWorld> ForAsync(DemoHostFactory factory) => Worlds.GetValue(factory, CreateAsync);

    /// <summary>Fills the placeholders of a route of the matrix.</summary>
    public string Resolve(string route) => route
        .Replace("{runA}", RunA, StringComparison.Ordinal)
        .Replace("{runGuess}", Guid.NewGuid().ToString("N"), StringComparison.Ordinal)
        .Replace("{docA}", DocumentA.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{docLater}", DocumentBLater.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{docGuess}", (DocumentBLater + 987_654).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{eleveA}", StudentA, StringComparison.Ordinal)
        .Replace("{eleveB}", StudentB, StringComparison.Ordinal)
        .Replace("{eleveGuess}", "09999999999", StringComparison.Ordinal);

    static async Task<ApiWorld> CreateAsync(DemoHostFactory factory)
    {
        _ = factory.Server;
        var engine = factory.Engine;
        var code = await engine.Sessions.LatestSessionCodeAsync() ?? throw new InvalidOperationException("pas de session de démonstration");
        var data = (await engine.Sessions.LoadSessionAsync(code))!;
        static bool Eligible(Candidate c) => c.State == RegistrationState.Registered && !c.FraudSuspected && c.Result is not null;
        var studentA = data.Candidates.Where(c => c.RegistrationSchoolUai == SchoolA && Eligible(c)).OrderBy(c => c.Number, StringComparer.Ordinal).First();
        var schoolB = data.Candidates.Where(c => c.RegistrationSchoolUai != SchoolA && Eligible(c))
            .GroupBy(c => c.RegistrationSchoolUai).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var studentB = data.Candidates.Where(c => c.RegistrationSchoolUai == schoolB && Eligible(c)).OrderBy(c => c.Number, StringComparer.Ordinal).First();

        await factory.EnsureAccountAsync(SchoolBLogin, CallerRole.School, uai: schoolB);
        await factory.EnsureAccountAsync(CandidateALogin, CallerRole.Candidate, candidateNumber: studentA.Number);
        await factory.EnsureAccountAsync(CandidateBLogin, CallerRole.Candidate, candidateNumber: studentB.Number);

        var runA = await ExtractAsync(factory, Caller.School(SchoolA, SchoolALogin), data.Candidates.First(c => c.RegistrationSchoolUai == SchoolA).DecisionGroup);
        var runB = await ExtractAsync(factory, Caller.School(schoolB, SchoolBLogin), studentB.DecisionGroup);
        var documentA = await PublishAsync(factory, studentA, ParisTime.ToLocal(engine.Clock.GetUtcNow()).AddDays(-2));
        var documentB = await PublishAsync(factory, studentB, new DateTime(2099, 1, 1, 8, 0, 0));

        var clients = new Dictionary<string, HttpClient>
        {
            ["anonyme"] = factory.NewClient(),
            ["etabA"] = await factory.SignedInAsync(SchoolALogin),
            ["etabB"] = await factory.SignedInAsync(SchoolBLogin, AccountsHostFactory.Password),
            ["gestionnaire"] = await factory.SignedInAsync(ManagerLogin),
            ["candA"] = await factory.SignedInAsync(CandidateALogin, AccountsHostFactory.Password),
            ["candAutre"] = await factory.SignedInAsync(CandidateBLogin, AccountsHostFactory.Password),
        };
        return new ApiWorld
        {
            Factory = factory, SessionCode = code, SchoolB = schoolB, StudentA = studentA.Number, StudentB = studentB.Number,
            RunA = runA, RunB = runB, DocumentA = documentA, DocumentBLater = documentB, Clients = clients,
        };
    }

    static async Task<string> ExtractAsync(DemoHostFactory factory, Caller school, string group)
    {
        var run = await factory.Engine.Runner.RunAsync(new RunRequest("extraction-notes", school, null,
            new Dictionary<string, string> { ["groupe_decision"] = group, ["inclure_nom"] = "O" }, []));
        if (run.State != RunState.Succeeded) throw new InvalidOperationException($"extraction de {school} : {run.State} {run.Message}");
        return run.Id;
    }

    /// <summary>Publishes one student's transcript (the manager's activity, narrowed to that student).</summary>
    static async Task<long> PublishAsync(DemoHostFactory factory, Candidate student, DateTime availableFromParis)
    {
        var engine = factory.Engine;
        var run = await engine.Runner.RunAsync(new RunRequest("publication-releves", Caller.Manager(ManagerLogin), null,
            new Dictionary<string, string>
            {
                ["disponible_le"] = availableFromParis.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture),
                ["etablissement"] = student.RegistrationSchoolUai,
            },
            [CriterionChange.Set("numero_candidat", CriterionOperator.Equals, student.Number)]));
        if (run.State != RunState.Succeeded) throw new InvalidOperationException($"publication pour {student.Number} : {run.State} {run.Message}");
        var code = await engine.Sessions.LatestSessionCodeAsync();
        return (await engine.Documents.ListForCandidateAsync(code!, student.Number)).Single().Id;
    }

    /// <summary>The antiforgery token of the API for this client (the client keeps the paired cookie).</summary>
    public static async Task<string> TokenAsync(HttpClient client)
    {
        var body = await client.GetFromJsonAsync<JsonElement>("/api/antiforgery");
        return body.GetProperty("jeton").GetString()!;
    }

    /// <summary>A JSON POST with the API's antiforgery header (unless <paramref name="token"/> is empty) and optional Origin.</summary>
    public static async Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, object body, string? token, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (!string.IsNullOrEmpty(token)) request.Headers.Add("X-CSRF-TOKEN", token);
        if (origin is not null) request.Headers.Add("Origin", origin);
        return await client.SendAsync(request);
    }

    /// <summary>Waits for a run started through the API to end (the Hangfire worker of the test host runs it).</summary>
    public async Task<RunRecord> WaitForRunAsync(string id)
    {
        RunRecord? run = null;
        for (var i = 0; i < 300; i++)
        {
            run = await Factory.Engine.Runs.GetAsync(id);
            if (run is not null && RunStateNames.IsFinal(run.State)) return run;
            await Task.Delay(100);
        }
        throw new TimeoutException($"l'édition {id} n'est pas terminée après 30 s (état : {run?.State})");
    }
}
