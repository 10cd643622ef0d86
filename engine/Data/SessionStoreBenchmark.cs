using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Data;

/// <summary>Time taken by the store's main operations on one session.</summary>
public sealed record SessionStoreTimings(int Candidates, int Grades, TimeSpan Replace, TimeSpan LoadContext, TimeSpan LoadSession);

/// <summary>
/// Measures <see cref="SessionStore"/> on a synthetic session of any size, for the benchmark project and
/// for a quick check by hand; not a test (timings depend on the machine). The session is deterministic for
/// a given size so that two measures compare the same work.
/// </summary>
public static class SessionStoreBenchmark
{
    public static async Task<SessionStoreTimings> MeasureAsync(IDatabase database, SessionData data, TimeProvider? clock = null, CancellationToken ct = default)
    {
        clock ??= TimeProvider.System;
        var store = new SessionStore(database, clock);
        var start = clock.GetTimestamp();
        await store.ReplaceSessionAsync(data, ct);
        var replace = clock.GetElapsedTime(start);
        start = clock.GetTimestamp();
        _ = await store.LoadContextAsync(data.Session.Code, ct);
        var context = clock.GetElapsedTime(start);
        start = clock.GetTimestamp();
        _ = await store.LoadSessionAsync(data.Session.Code, ct);
        var load = clock.GetElapsedTime(start);
        return new SessionStoreTimings(data.Candidates.Count, data.Grades.Count, replace, context, load);
    }

    /// <summary>
    /// <paramref name="candidates"/> candidates spread over 200 schools and 20 decision groups, each with a
    /// grade in each of <paramref name="exams"/> exams (mostly points, some AB, DI and not entered).
    /// </summary>
    public static SessionData Synthetic(int candidates, int exams = 10, string code = "BENCH-2026-06")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(candidates);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exams);
        var random = new Random(candidates * 31 + exams);
        var schools = Enumerable.Range(0, 200)
            .Select(i => new School($"{780000 + i:D7}{(char)('A' + i % 26)}", i % 5 == 0 ? "LP" : "CLG", $"ÉTABLISSEMENT {i}", $"VILLE {i % 40}"))
            .ToList();
        var examList = Enumerable.Range(1, exams)
            .Select(i => new Exam($"E{i:D2}", $"ÉPREUVE {i}", i % 7 == 0 ? GradingMode.Computed : GradingMode.Entered, i % 3 == 0 ? 50m : 20m, i))
            .ToList();
        var candidateList = new List<Candidate>(candidates);
        var grades = new List<Grade>(candidates * exams);
        for (var i = 0; i < candidates; i++)
        {
            var number = $"{2026_0000000L + i:D11}";
            var school = schools[i % schools.Count];
            candidateList.Add(new Candidate(number, $"{i % 1000:D3}", "01", $"NOM{i}", $"Prénom{i % 997}",
                new DateOnly(2010, 1, 1).AddDays(i % 700), i % 10 == 0 ? null : $"{i:D10}X", school.Uai,
                i % 9 == 0 ? CandidateCategory.Individual : CandidateCategory.SchoolPupil,
                i % 50 == 0 ? RegistrationState.Cancelled : RegistrationState.Registered,
                i % 4 == 0 ? "ARTS" : null, $"G{i % 20:D2}", i % 97 == 0, i % 501 == 0, i % 203 == 0,
                (i % 3) switch { 0 => Result.Admitted, 1 => Result.Refused, _ => null }));
            foreach (var exam in examList)
            {
                var roll = random.Next(100);
                var value = roll switch
                {
                    < 3 => GradeValue.Absent,
                    < 5 => GradeValue.Exempted,
                    < 7 => GradeValue.NotEntered,
                    _ => GradeValue.Of(random.Next(0, (int)(exam.MaxPoints * 4) + 1) / 4m),
                };
                grades.Add(new Grade(number, exam.Code, roll < 5 ? ExamPosition.Exempted : ExamPosition.Registered,
                    roll < 5 ? null : schools[(i + 7) % schools.Count].Uai, value));
            }
        }
        var windows = new List<ServiceWindow>
        {
            new(ServiceKind.GradeExtraction, null, new DateTime(2026, 6, 20, 8, 0, 0), new DateTime(2026, 6, 30, 18, 0, 0)),
            new(ServiceKind.CandidatePublication, "G01", new DateTime(2026, 7, 3, 10, 0, 0), new DateTime(2026, 9, 30, 23, 59, 0)),
        };
        return new SessionData(new SessionInfo(code, "CFG", "JUIN 2026", "CERTIFICAT DE FORMATION GÉNÉRALE", "VERSAILLES"),
            schools, examList, candidateList, grades, windows);
    }
}
