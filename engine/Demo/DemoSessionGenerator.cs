using System.Globalization;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Identifiers;

namespace CfgResults.Engine.Demo;

/// <summary>
/// What demo session to make: how many candidates (10 to 1,000,000), which seed, and "now" (windows open around it).
/// <paramref name="MinPerSchool"/>..<paramref name="MaxPerSchool"/>: candidates a school (30 to 60 by default); smaller
/// schools give as many schools as a national session with fewer candidates (a test of page weight).
/// </summary>
public sealed record DemoOptions(int Candidates, int Seed, DateTimeOffset Now, int MinPerSchool = 30, int MaxPerSchool = 60)
{
    public const int MinCandidates = 10;
    public const int MaxCandidates = 1_000_000;
}

/// <summary>
/// Makes a realistic CFG session of the académie de Versailles, the same for the same options:
/// SEGPA collèges, EREA, LP and lycées of 30 to 60 candidates; French names with accents, hyphens,
/// apostrophes, compound names and homonyms; about 85 % scolaires and 15 % individuels; results that
/// follow the rule (admis at 200 points of 400); and the cases the guard rails are for: liste rouge,
/// présomption de fraude, session de remplacement, Bénéfice, Dispensé, AB, Annulé, candidates who sat
/// in another school's centre, and one decision group partly not deliberated yet.
/// </summary>
public static class DemoSessionGenerator
{
    /// <summary>The memo's school, always the first of the demo.</summary>
    public static readonly School MemoSchool = new("0783546F", "CLG", "FRANCO ALLEMAND", "BUC");

    /// <summary>Shares, so tests and people can see what "realistic" was taken to mean.</summary>
    public const double IndividualShare = 0.15, RedListShare = 0.02, FraudShare = 0.005, ReplacementShare = 0.005,
        CancelledShare = 0.01, OtherCentreShare = 0.05, AbsentEverywhereShare = 0.01, AbsentOralShare = 0.02,
        ExemptedLanguageShare = 0.02, BenefitShare = 0.10;

    /// <summary>The decision group in which part of the schools are not deliberated yet (empty result).</summary>
    public const string PendingDecisionGroup = "CFG-95";

    /// <summary>Admission threshold of the CFG: 200 points of 400 (arrêté du 19 juillet 2016).</summary>
    public const decimal PassMark = 200m;

    // Scolaires: the 8 components of the socle, each 10/20/25/30 points (mastery levels 1–4), and the oral /160.
    // Individuels: written French and written maths, each given 120 points here so that, with the same oral /160,
    // their total is also /400 and the same pass mark applies (the arrêté gives the papers, not this scale).
    public static readonly IReadOnlyList<Exam> Exams =
    [
        new("D1-FR", "Comprendre, s'exprimer en utilisant la langue française à l'oral et à l'écrit", GradingMode.Entered, 30, 1, "Français"),
        new("D1-LVE", "Comprendre, s'exprimer en utilisant une langue étrangère ou régionale", GradingMode.Entered, 30, 2, "Langue vivante"),
        new("D1-MATH", "Comprendre, s'exprimer en utilisant les langages mathématiques, scientifiques et informatiques", GradingMode.Entered, 30, 3, "Mathématiques"),
        new("D1-ARTS", "Comprendre, s'exprimer en utilisant les langages des arts et du corps", GradingMode.Entered, 30, 4, "Arts et corps"),
        new("D2", "Les méthodes et outils pour apprendre", GradingMode.Entered, 30, 5, "Méthodes et outils"),
        new("D3", "La formation de la personne et du citoyen", GradingMode.Entered, 30, 6, "Formation citoyenne"),
        new("D4", "Les systèmes naturels et les systèmes techniques", GradingMode.Entered, 30, 7, "Sciences et techniques"),
        new("D5", "Les représentations du monde et l'activité humaine", GradingMode.Entered, 30, 8, "Monde et activité humaine"),
        new("ECRIT-FR", "Épreuve écrite de français", GradingMode.Entered, 120, 9, "Écrit de français"),
        new("ECRIT-MATH", "Épreuve écrite de mathématiques", GradingMode.Entered, 120, 10, "Écrit de mathématiques"),
        new("ORAL", "Épreuve orale", GradingMode.Entered, 160, 11, "Oral"),
        new("TOTAL", "Total des points", GradingMode.Computed, 400, 12, "Total"),
    ];

    static readonly string[] SocleCodes = ["D1-FR", "D1-LVE", "D1-MATH", "D1-ARTS", "D2", "D3", "D4", "D5"];
    static readonly decimal[] MasteryPoints = [10, 20, 25, 30];

    /// <summary>Convenience for tests of other areas: a small session around <paramref name="now"/>.</summary>
    public static SessionData Generate(int candidates, int seed, DateTimeOffset now) => Generate(new DemoOptions(candidates, seed, now));

    public static SessionData Generate(DemoOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (o.Candidates is < DemoOptions.MinCandidates or > DemoOptions.MaxCandidates)
            throw new ArgumentOutOfRangeException(nameof(o), o.Candidates, $"entre {DemoOptions.MinCandidates} et {DemoOptions.MaxCandidates} candidats");

        var rng = new DemoRandom(o.Seed);
        var paris = TimeZoneInfo.ConvertTime(o.Now, ParisTimeZone()).DateTime;
        var year = paris.Year;
        var session = new SessionInfo($"CFG-{year}-06", "CFG", $"JUIN {year}", "CERTIFICAT DE FORMATION GÉNÉRALE", "VERSAILLES");

        if (o.MinPerSchool < 1 || o.MaxPerSchool < 2 * o.MinPerSchool)
            throw new ArgumentOutOfRangeException(nameof(o), $"candidats par établissement : {o.MinPerSchool} à {o.MaxPerSchool} (au moins 1, le maximum au moins le double du minimum)");
        var plan = PlanSchools(rng, o.Candidates, o.MinPerSchool, o.MaxPerSchool);
        var schools = plan.Select(p => p.School).ToArray();
        var byDepartment = plan.GroupBy(p => p.Department).ToDictionary(g => g.Key, g => g.Select(p => p.School.Uai).ToArray());
        var pendingSchools = plan.Where(p => "CFG-" + p.Department == PendingDecisionGroup)
            .Select((p, i) => (p.School.Uai, i)).Where(x => x.i % 2 == 0).Select(x => x.Uai).ToHashSet();

        var candidates = new List<Candidate>(o.Candidates);
        var grades = new List<Grade>(o.Candidates * 10);
        var serialByDepartment = new Dictionary<string, int>();
        var yy = (year % 100).ToString("00", CultureInfo.InvariantCulture);
        var memo = 0;
        foreach (var p in plan)
        {
            string? previousLast = null, previousFirst = null;
            for (var k = 0; k < p.Size; k++)
            {
                var serial = serialByDepartment[p.Department] = serialByDepartment.GetValueOrDefault(p.Department) + 1;
                var number = $"0{p.Department}{yy}{serial:000000}";
                var isMemo = p.School == MemoSchool && memo < DemoNames.MemoExample.Length;
                var c = NewCandidate(rng, number, p, year, isMemo, pendingSchools.Contains(p.School.Uai));
                if (isMemo)
                    c = c with { LastName = DemoNames.MemoExample[memo].LastName, FirstNames = DemoNames.MemoExample[memo++].FirstNames };
                else if (previousLast is not null && (rng.Chance(0.01) || (p.School == MemoSchool && k == DemoNames.MemoExample.Length + 1)))
                    c = c with { LastName = previousLast, FirstNames = previousFirst! }; // homonyms: same names, another person
                previousLast = c.LastName;
                previousFirst = c.FirstNames;
                var centre = !isMemo && rng.Chance(OtherCentreShare) ? OtherCentre(rng, byDepartment[p.Department], schools, p.School.Uai) : p.School.Uai;
                c = AddGrades(rng, c, centre, isMemo, grades);
                candidates.Add(c);
            }
        }

        var today = paris.Date;
        var opens = today.AddDays(-7).AddHours(8);
        var closes = today.AddDays(30).AddHours(18);
        var windows = new[] { ServiceKind.GradeExtraction, ServiceKind.SchoolPublication, ServiceKind.CandidatePublication }
            .Select(k => new ServiceWindow(k, null, opens, closes)).ToArray();

        return new SessionData(session, schools, Exams, candidates, grades, windows);
    }

    static TimeZoneInfo ParisTimeZone() => TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    sealed record SchoolPlan(School School, string Department, int Size);

    static List<SchoolPlan> PlanSchools(DemoRandom rng, int total, int min, int max)
    {
        var plans = new List<SchoolPlan>();
        var used = new HashSet<string> { MemoSchool.Uai[..7] };
        var remaining = total;
        while (remaining > 0)
        {
            // 30 to 60 candidates a school (by default); the last one takes what is left so that no school is tiny.
            var size = remaining <= max ? remaining : rng.Next(min, Math.Min(max, remaining - min) + 1);
            remaining -= size;
            if (plans.Count == 0)
            {
                plans.Add(new SchoolPlan(MemoSchool, "78", size));
                continue;
            }
            // The first schools go round the four départements so that even a small demo has every decision group.
            var department = plans.Count < DemoNames.Departments.Length ? DemoNames.Departments[plans.Count] : PickDepartment(rng);
            string digits;
            do digits = $"0{department.Code}{rng.Next(10000):0000}";
            while (!used.Add(digits));
            var roll = rng.NextDouble();
            var type = roll < 0.70 ? "CLG" : roll < 0.80 ? "EREA" : roll < 0.92 ? "LP" : "LYC";
            var school = new School(Uai.Complete(digits), type, rng.Pick(DemoNames.SchoolNames), rng.Pick(department.Towns));
            plans.Add(new SchoolPlan(school, department.Code, size));
        }
        return plans;
    }

    static (string Code, double Weight, string[] Towns) PickDepartment(DemoRandom rng)
    {
        var roll = rng.NextDouble();
        foreach (var d in DemoNames.Departments)
        {
            if (roll < d.Weight) return d;
            roll -= d.Weight;
        }
        return DemoNames.Departments[^1];
    }

    static string OtherCentre(DemoRandom rng, string[] department, School[] all, string own)
    {
        var pool = department.Length > 1 ? department : all.Select(s => s.Uai).ToArray();
        if (pool.Length < 2) return own;
        string centre;
        do centre = pool[rng.Next(pool.Length)];
        while (centre == own);
        return centre;
    }

    static Candidate NewCandidate(DemoRandom rng, string number, SchoolPlan p, int year, bool isMemo, bool pending)
    {
        var individual = !isMemo && rng.Chance(IndividualShare);
        var birthYear = individual ? year - rng.Next(16, 56) : year - 16 + (rng.Chance(0.3) ? (rng.Chance(0.5) ? 1 : -1) : 0);
        var birth = new DateOnly(birthYear, 1, 1).AddDays(rng.Next(365));
        var version = rng.Chance(0.8) ? "01" : rng.Chance(0.7) ? "02" : "03";
        var cancelled = !isMemo && rng.Chance(CancelledShare);
        return new Candidate(
            number, "001", version, rng.Pick(DemoNames.LastNames), FirstNames(rng), birth, DemoIne(rng, individual),
            p.School.Uai, individual ? CandidateCategory.Individual : CandidateCategory.SchoolPupil,
            cancelled ? RegistrationState.Cancelled : RegistrationState.Registered, null, "CFG-" + p.Department,
            RedList: !isMemo && rng.Chance(RedListShare), FraudSuspected: !isMemo && rng.Chance(FraudShare),
            ReplacementSession: !isMemo && rng.Chance(ReplacementShare),
            Result: pending ? null : Result.Absent); // placeholder; AddGrades sets the real result
    }

    static string FirstNames(DemoRandom rng)
    {
        var count = rng.Chance(0.55) ? 1 : rng.Chance(0.75) ? 2 : 3;
        var names = new List<string>(count);
        while (names.Count < count)
        {
            var n = rng.Pick(DemoNames.FirstNames);
            if (!names.Contains(n)) names.Add(n);
        }
        return string.Join(' ', names);
    }

    static string? DemoIne(DemoRandom rng, bool individual)
    {
        var roll = rng.NextDouble();
        string Digits(int n) => string.Create(n, rng, (span, r) => { for (var i = 0; i < span.Length; i++) span[i] = (char)('0' + r.Next(10)); });
        char Letter() => (char)('A' + rng.Next(26));
        if (individual)
            return roll < 0.40 ? Ine.CompleteBea(Digits(10)) : roll < 0.50 ? $"{Digits(4)}A{Digits(5)}{Letter()}" : null;
        return roll < 0.90 ? Ine.CompleteBea(Digits(10)) : roll < 0.98 ? $"{Digits(9)}{Letter()}{Letter()}" : null;
    }

    /// <summary>Adds the candidate's notes.csv rows and returns the candidate with the result they imply.</summary>
    static Candidate AddGrades(DemoRandom rng, Candidate c, string centre, bool isMemo, List<Grade> grades)
    {
        var pending = c.Result is null;
        var individual = c.Category == CandidateCategory.Individual;
        var codes = individual ? ["ECRIT-FR", "ECRIT-MATH", "ORAL"] : SocleCodes.Append("ORAL");

        // Cancelled or sitting a later replacement session: registered here, nothing graded.
        if (c.State == RegistrationState.Cancelled || c.ReplacementSession)
        {
            foreach (var code in codes.Append("TOTAL"))
                grades.Add(new Grade(c.Number, code, ExamPosition.Registered, code == "TOTAL" ? null : centre, GradeValue.NotEntered));
            return c with { Result = null };
        }

        var absentEverywhere = !isMemo && rng.Chance(AbsentEverywhereShare);
        // Ability drives every grade so that a candidate's grades hang together; memo pupils are all admitted.
        var ability = isMemo ? 0.85 : Math.Clamp(0.55 + 0.2 * rng.NextGaussian(), 0.05, 1.0);
        var total = 0m;
        var anyPoints = false;
        var benefitCode = individual && rng.Chance(BenefitShare) ? (rng.Chance(0.5) ? "ECRIT-FR" : "ECRIT-MATH") : null;
        var oralPending = pending && rng.Chance(0.3);
        foreach (var code in codes)
        {
            Grade g;
            if (absentEverywhere)
                g = new Grade(c.Number, code, ExamPosition.Registered, centre, GradeValue.Absent);
            else if (code == "D1-LVE" && !isMemo && rng.Chance(ExemptedLanguageShare))
                g = new Grade(c.Number, code, ExamPosition.Exempted, null, GradeValue.Exempted);
            else if (code == benefitCode)
                g = new Grade(c.Number, code, ExamPosition.Benefit, null, GradeValue.Of(Scaled(rng, 120, Math.Max(ability, 0.55))));
            else if (code == "ORAL" && oralPending)
                g = new Grade(c.Number, code, ExamPosition.Registered, centre, GradeValue.NotEntered);
            else if (code == "ORAL" && !isMemo && rng.Chance(AbsentOralShare))
                g = new Grade(c.Number, code, ExamPosition.Registered, centre, GradeValue.Absent);
            else
            {
                var points = code switch
                {
                    "ORAL" => Scaled(rng, 160, ability),
                    "ECRIT-FR" or "ECRIT-MATH" => Scaled(rng, 120, ability),
                    _ => Mastery(rng, ability),
                };
                g = new Grade(c.Number, code, ExamPosition.Registered, centre, GradeValue.Of(points));
            }
            if (g.Value.Kind == GradeKind.Points) { total += g.Value.Points!.Value; anyPoints = true; }
            grades.Add(g);
        }

        if (pending)
        {
            grades.Add(new Grade(c.Number, "TOTAL", ExamPosition.Registered, null, GradeValue.NotEntered));
            return c with { Result = null };
        }
        grades.Add(new Grade(c.Number, "TOTAL", ExamPosition.Registered, null, anyPoints ? GradeValue.Of(total) : GradeValue.Absent));
        var result = !anyPoints ? Result.Absent : total >= PassMark ? Result.Admitted : Result.Refused;
        return c with { Result = result };
    }

    /// <summary>A socle component: 10, 20, 25 or 30 points for mastery levels 1 to 4.</summary>
    static decimal Mastery(DemoRandom rng, double ability)
    {
        var x = ability + 0.22 * rng.NextGaussian();
        var level = x < 0.25 ? 0 : x < 0.45 ? 1 : x < 0.7 ? 2 : 3;
        return MasteryPoints[level];
    }

    /// <summary>Points out of <paramref name="max"/> in half points, around the ability.</summary>
    static decimal Scaled(DemoRandom rng, int max, double ability)
    {
        var x = Math.Clamp(ability + 0.12 * rng.NextGaussian(), 0, 1);
        return Math.Round((decimal)(x * max) * 2, MidpointRounding.AwayFromZero) / 2;
    }
}
