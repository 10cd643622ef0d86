using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using CfgResults.Engine.Demo;
using CfgResults.Engine.Domain;
using Npgsql;
using NpgsqlTypes;

namespace CfgResults.Bench;

/// <summary>
/// Scenario 5: demo generation + SessionStore.ReplaceSessionAsync (one transaction; prepared inserts on
/// SQLite, binary COPY on PostgreSQL). Baseline: the same generation, then a hand-written bulk load of the
/// same candidates and grades (session row, then one prepared INSERT per row on SQLite / binary COPY on
/// PostgreSQL, one transaction) with none of the store's work (schools, exams, windows, replacing an
/// existing session, ANALYZE). SQLite: a fresh store per repetition. PostgreSQL: one database, a new
/// session code per repetition.
/// </summary>
public static class ImportScenario
{
    public static async Task<ResultRow> RunAsync(int candidates, int warmups, int reps, string? postgres)
    {
        var label = postgres is null ? "SQLite" : "PostgreSQL";
        BenchStore? store = postgres is null ? null : await BenchStore.OpenAsync("import-pg", postgres);
        var sequence = 0;
        var generation = new List<double>();
        async Task Fresh()
        {
            if (postgres is not null) return;
            if (store is not null) await store.DisposeAsync();
            store = await BenchStore.OpenAsync("import");
        }
        SessionData Generate()
        {
            var sw = Stopwatch.StartNew();
            var data = DemoSessionGenerator.Generate(new DemoOptions(candidates, 1, DateTimeOffset.UtcNow));
            generation.Add(sw.Elapsed.TotalSeconds);
            var code = $"BENCH-{Environment.ProcessId}-{Interlocked.Increment(ref sequence)}";
            return data with { Session = data.Session with { Code = code } };
        }
        try
        {
            var engine = await Harness.MeasureAsync(warmups, reps, async () =>
            {
                var data = Generate();
                await store!.Engine.Sessions.ReplaceSessionAsync(data);
            }, Fresh);
            var generationSeconds = generation.Order().ElementAt(generation.Count / 2);
            var baseline = await Harness.MeasureAsync(warmups, reps, async () =>
            {
                var data = Generate();
                await using var cn = await store!.Engine.Database.OpenAsync();
                if (cn is NpgsqlConnection npgsql) await CopyByHandAsync(npgsql, data);
                else InsertByHand(cn, data);
            }, Fresh);
            var grades = DemoSessionGenerator.Generate(new DemoOptions(Math.Min(candidates, 1000), 1, DateTimeOffset.UtcNow)).Grades.Count * (candidates / (double)Math.Min(candidates, 1000));
            return new ResultRow($"5. Import demo session ({label})", $"{Format.Count(candidates)} candidates, ~{Format.Count((long)grades)} grades", engine, baseline,
                $"of which generation {generationSeconds:0.00} s (median); {Format.Count((long)(candidates / engine.Seconds))} candidates/s");
        }
        finally
        {
            if (store is not null) await store.DisposeAsync();
        }
    }

    static long InsertSession(DbConnection cn, DbTransaction tx, SessionInfo s)
    {
        using var cmd = cn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO sessions (code, domain, label, title, academy, imported_at) VALUES (@c, @d, @l, @t, @a, @i) RETURNING id";
        foreach (var (name, value) in new[] { ("c", s.Code), ("d", s.Domain), ("l", s.Label), ("t", s.Title), ("a", s.Academy), ("i", DateTime.UtcNow.ToString("O")) })
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    static void InsertByHand(DbConnection cn, SessionData data)
    {
        using var tx = cn.BeginTransaction();
        var id = InsertSession(cn, tx, data.Session);
        using (var cmd = cn.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO candidates VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16)";
            var ps = Enumerable.Range(0, 17).Select(i => { var p = cmd.CreateParameter(); p.ParameterName = $"p{i}"; cmd.Parameters.Add(p); return p; }).ToArray();
            cmd.Prepare();
            ps[0].Value = id;
            foreach (var c in data.Candidates)
            {
                ps[1].Value = c.Number; ps[2].Value = c.RegistrationNumber; ps[3].Value = c.Version; ps[4].Value = c.LastName;
                ps[5].Value = c.FirstNames; ps[6].Value = c.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                ps[7].Value = (object?)c.Ine ?? DBNull.Value; ps[8].Value = c.RegistrationSchoolUai; ps[9].Value = French.Name(c.Category);
                ps[10].Value = French.Name(c.State); ps[11].Value = (object?)c.Speciality ?? DBNull.Value; ps[12].Value = c.DecisionGroup;
                ps[13].Value = c.RedList ? 1 : 0; ps[14].Value = c.FraudSuspected ? 1 : 0; ps[15].Value = c.ReplacementSession ? 1 : 0;
                ps[16].Value = c.Result is { } r ? French.Name(r) : DBNull.Value;
                cmd.ExecuteNonQuery();
            }
        }
        using (var cmd = cn.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO grades VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6)";
            var ps = Enumerable.Range(0, 7).Select(i => { var p = cmd.CreateParameter(); p.ParameterName = $"p{i}"; cmd.Parameters.Add(p); return p; }).ToArray();
            cmd.Prepare();
            ps[0].Value = id;
            foreach (var g in data.Grades)
            {
                ps[1].Value = g.CandidateNumber; ps[2].Value = g.ExamCode; ps[3].Value = French.Name(g.Position);
                ps[4].Value = (object?)g.CentreUai ?? DBNull.Value; ps[5].Value = g.Value.Kind.ToString();
                ps[6].Value = g.Value.Points is { } p ? (object)(long)(p * 100) : DBNull.Value;
                cmd.ExecuteNonQuery();
            }
        }
        tx.Commit();
    }

    static async Task CopyByHandAsync(NpgsqlConnection cn, SessionData data)
    {
        await using var tx = await cn.BeginTransactionAsync();
        var id = InsertSession(cn, tx, data.Session);
        using (var w = cn.BeginBinaryImport("COPY candidates FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var c in data.Candidates)
            {
                w.StartRow();
                w.Write(id, NpgsqlDbType.Bigint);
                w.Write(c.Number); w.Write(c.RegistrationNumber); w.Write(c.Version); w.Write(c.LastName); w.Write(c.FirstNames);
                w.Write(c.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                if (c.Ine is null) w.WriteNull(); else w.Write(c.Ine);
                w.Write(c.RegistrationSchoolUai); w.Write(French.Name(c.Category)); w.Write(French.Name(c.State));
                if (c.Speciality is null) w.WriteNull(); else w.Write(c.Speciality);
                w.Write(c.DecisionGroup);
                w.Write(c.RedList ? 1 : 0, NpgsqlDbType.Integer); w.Write(c.FraudSuspected ? 1 : 0, NpgsqlDbType.Integer);
                w.Write(c.ReplacementSession ? 1 : 0, NpgsqlDbType.Integer);
                if (c.Result is { } r) w.Write(French.Name(r)); else w.WriteNull();
            }
            w.Complete();
        }
        using (var w = cn.BeginBinaryImport("COPY grades FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var g in data.Grades)
            {
                w.StartRow();
                w.Write(id, NpgsqlDbType.Bigint);
                w.Write(g.CandidateNumber); w.Write(g.ExamCode); w.Write(French.Name(g.Position));
                if (g.CentreUai is null) w.WriteNull(); else w.Write(g.CentreUai);
                w.Write(g.Value.Kind.ToString());
                if (g.Value.Points is { } p) w.Write((int)(p * 100), NpgsqlDbType.Integer); else w.WriteNull();
            }
            w.Complete();
        }
        await tx.CommitAsync();
    }
}
