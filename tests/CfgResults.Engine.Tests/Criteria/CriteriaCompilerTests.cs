using System.Data;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Definitions;
using Microsoft.Data.Sqlite;

namespace CfgResults.Engine.Tests.Criteria;

/// <summary>
/// Runs the compiled SQL on a real database built from the migration and a handful of rows.
/// The database is behind <see cref="OpenSeeded"/> so that a PostgreSQL subclass can run the same tests.
/// </summary>
public abstract class CriteriaCompilerTestsBase : IDisposable
{
    readonly IDbConnection connection;

    protected CriteriaCompilerTestsBase()
    {
        connection = OpenSeeded();
    }

    /// <summary>An open connection on a database with the schema of 001_initial.sql, filled with <see cref="Seed"/>.</summary>
    protected abstract IDbConnection OpenSeeded();

    public void Dispose()
    {
        connection.Dispose();
        GC.SuppressFinalize(this);
    }

    // Candidates of session 1 (session 2 holds a decoy with the same number, to prove the joins are per session).
    //  number       last / first names   born        school     cat.        state    spec   group red fraud repl result
    //  01000000001  DUPONT / émile       2010-03-15  0783546F   scolaire    Inscrit  -      G1    0   0     0    Admis
    //  01000000002  DURAND / Zoé         2011-07-01  0783546F   individuel  Annulé   SEGPA  G2    1   0     0    -
    //  01000000003  MARTIN / Noël        2009-12-31  0910001A   scolaire    Inscrit  SEGPA  G1    0   1     0    Refusé
    //  01000000004  O'BRIEN / Seán       2010-06-05  0910001A   scolaire    Inscrit  ULIS   G1    0   0     1    Absent
    //  01000000005  D_ASSAS / Léa        2010-01-01  0783546F   scolaire    Inscrit  -      G2    0   0     0    Admis
    //  02000000006  LEFÈVRE / Chloé      2012-02-29  0783546F   individuel  Inscrit  -      G1    0   0     0    -
    protected static void Seed(IDbConnection db)
    {
        Execute(db, "INSERT INTO sessions (id, code, domain, label, title, academy, imported_at) VALUES (1, 'CFG-2026-06', 'CFG', 'JUIN 2026', 'CFG', 'VERSAILLES', '2026-06-01T08:00:00.000Z')");
        Execute(db, "INSERT INTO sessions (id, code, domain, label, title, academy, imported_at) VALUES (2, 'CFG-2025-06', 'CFG', 'JUIN 2025', 'CFG', 'VERSAILLES', '2025-06-01T08:00:00.000Z')");
        foreach (var (session, code, mode) in new[] { (1, "FR", "Saisie"), (1, "MA", "Saisie"), (1, "TOT", "Calculée"), (1, "ORAL", "Non notée"), (2, "FR", "Saisie") })
            Execute(db, "INSERT INTO exams (session_id, code, label, grading_mode, max_points_centi, display_order) VALUES (@s, @c, @c, @m, 2000, 1)",
                ("@s", session), ("@c", code), ("@m", mode));

        Candidate(db, 1, "01000000001", "DUPONT", "émile", "2010-03-15", "1234567890A", "0783546F", "scolaire", "Inscrit", null, "G1", 0, 0, 0, "Admis");
        Candidate(db, 1, "01000000002", "DURAND", "Zoé", "2011-07-01", null, "0783546F", "individuel", "Annulé", "SEGPA", "G2", 1, 0, 0, null);
        Candidate(db, 1, "01000000003", "MARTIN", "Noël", "2009-12-31", "123456789AB", "0910001A", "scolaire", "Inscrit", "SEGPA", "G1", 0, 1, 0, "Refusé");
        Candidate(db, 1, "01000000004", "O'BRIEN", "Seán", "2010-06-05", null, "0910001A", "scolaire", "Inscrit", "ULIS", "G1", 0, 0, 1, "Absent");
        Candidate(db, 1, "01000000005", "D_ASSAS", "Léa", "2010-01-01", null, "0783546F", "scolaire", "Inscrit", null, "G2", 0, 0, 0, "Admis");
        Candidate(db, 1, "02000000006", "LEFÈVRE", "Chloé", "2012-02-29", null, "0783546F", "individuel", "Inscrit", null, "G1", 0, 0, 0, null);
        Candidate(db, 2, "01000000001", "DECOY", "Autre", "2000-01-01", null, "0910001A", "scolaire", "Inscrit", null, "G1", 0, 0, 0, "Admis");

        Grade(db, 1, "01000000001", "FR", "Inscrit", "0783546F");
        Grade(db, 1, "01000000001", "TOT", "Inscrit", null);
        Grade(db, 1, "01000000002", "FR", "Bénéfice", null);
        Grade(db, 1, "01000000003", "FR", "Inscrit", "0910001A");
        Grade(db, 1, "01000000003", "ORAL", "Dispensé", null);
        Grade(db, 1, "01000000005", "MA", "Inscrit", "0783546F");
        Grade(db, 1, "02000000006", "FR", "Inscrit", "0910001A");
        Grade(db, 2, "01000000001", "FR", "Inscrit", "0783546F");
    }

    static void Candidate(IDbConnection db, int session, string number, string last, string first, string birth, string? ine, string school,
        string category, string state, string? speciality, string group, int red, int fraud, int replacement, string? result) =>
        Execute(db, """
            INSERT INTO candidates (session_id, number, registration_number, version, last_name, first_names, birth_date, ine,
                registration_school, category, state, speciality, decision_group, red_list, fraud_suspected, replacement_session, result)
            VALUES (@session, @number, '001', '01', @last, @first, @birth, @ine, @school, @category, @state, @speciality, @grp, @red, @fraud, @repl, @result)
            """,
            ("@session", session), ("@number", number), ("@last", last), ("@first", first), ("@birth", birth), ("@ine", ine),
            ("@school", school), ("@category", category), ("@state", state), ("@speciality", speciality), ("@grp", group),
            ("@red", red), ("@fraud", fraud), ("@repl", replacement), ("@result", result));

    static void Grade(IDbConnection db, int session, string number, string exam, string position, string? centre) =>
        Execute(db, "INSERT INTO grades (session_id, candidate_number, exam_code, position, centre_uai, note_kind, points_centi) VALUES (@s, @n, @e, @p, @c, 'Points', 1000)",
            ("@s", session), ("@n", number), ("@e", exam), ("@p", position), ("@c", centre));

    protected static void Execute(IDbConnection db, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) AddParameter(command, name, value);
        command.ExecuteNonQuery();
    }

    static void AddParameter(IDbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
    }

    List<string> Query(string sql, params SqlFilter[] filters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var filter in filters)
            foreach (var (name, value) in filter.Parameters) AddParameter(command, name, value);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(reader.GetString(0));
        return rows;
    }

    /// <summary>Candidate numbers of session 1 selected by the criteria, in order.</summary>
    List<string> Candidates(params EffectiveCriterion[] criteria)
    {
        var filter = CriteriaCompiler.CompileCandidateFilter(criteria);
        return Query($"SELECT c.number FROM candidates c WHERE c.session_id = 1 AND {filter.Sql} ORDER BY c.number", filter);
    }

    static string[] N(params int[] suffixes) =>
        suffixes.Select(s => (s == 6 ? "0200000000" : "0100000000") + s).ToArray();

    static EffectiveCriterion C(string field, CriterionOperator op, params string[] values) => EffectiveCriterion.Create(field, op, values);

    [Fact]
    public void NoCriteria_SelectsEveryone() => Assert.Equal(N(1, 2, 3, 4, 5, 6), Candidates());

    [Fact]
    public void Equals_OnAnEnumeration_MatchesItsCanonicalSpelling_WhateverTheCaseAndAccents() =>
        Assert.Equal(N(2), Candidates(C("etat", CriterionOperator.Equals, "annule")));

    [Fact]
    public void In_And_NotIn_OnAnEnumeration()
    {
        Assert.Equal(N(1, 3, 5), Candidates(C("resultat", CriterionOperator.In, "Admis", "REFUSÉ")));
        // Candidates with no result yet are not "Admis": not_in keeps them.
        Assert.Equal(N(2, 3, 4, 6), Candidates(C("resultat", CriterionOperator.NotIn, "Admis")));
    }

    [Fact]
    public void Present_False_SelectsTheCandidatesNotDeliberated() =>
        Assert.Equal(N(2, 6), Candidates(C("resultat", CriterionOperator.Present, "non")));

    [Fact]
    public void Present_True_OnANullableCode() =>
        Assert.Equal(N(1, 3), Candidates(C("ine", CriterionOperator.Present, "O")));

    [Theory]
    [InlineData("liste_rouge", "N", new[] { 1, 3, 4, 5, 6 })]
    [InlineData("liste_rouge", "oui", new[] { 2 })]
    [InlineData("presomption_fraude", "false", new[] { 1, 2, 4, 5, 6 })]
    [InlineData("session_remplacement", "O", new[] { 4 })]
    public void Equals_OnABoolean_AcceptsONOuiNonTrueFalse(string field, string value, int[] expected) =>
        Assert.Equal(N(expected), Candidates(C(field, CriterionOperator.Equals, value)));

    [Fact]
    public void Between_OnDates_IncludesBothBounds_InEitherWriting() =>
        Assert.Equal(N(1, 4, 5), Candidates(C("date_naissance", CriterionOperator.Between, "01/01/2010", "2010-06-05")));

    [Fact]
    public void Equals_OnADate() =>
        Assert.Equal(N(6), Candidates(C("date_naissance", CriterionOperator.Equals, "29/02/2012")));

    [Fact]
    public void Names_AreComparedIgnoringCaseAndAccents()
    {
        Assert.Equal(N(1), Candidates(C("prenoms", CriterionOperator.Equals, "EMILE")));
        Assert.Equal(N(6), Candidates(C("nom", CriterionOperator.Equals, "lefevre")));
        Assert.Equal(N(6), Candidates(C("nom", CriterionOperator.Equals, "Lefèvre")));
        Assert.Equal(N(3), Candidates(C("prenoms", CriterionOperator.StartsWith, "noe")));
    }

    [Fact]
    public void StartsWith_TreatsLikeWildcardsAsPlainCharacters()
    {
        Assert.Equal(N(1, 2, 5), Candidates(C("nom", CriterionOperator.StartsWith, "d")));
        // "_" is LIKE's one-character wildcard: unescaped, "D_" would also match DUPONT and DURAND.
        Assert.Equal(N(5), Candidates(C("nom", CriterionOperator.StartsWith, "D_")));
        Assert.Empty(Candidates(C("nom", CriterionOperator.StartsWith, "%")));
        Assert.Equal(N(4), Candidates(C("nom", CriterionOperator.StartsWith, "O'")));
    }

    [Fact]
    public void StartsWith_OnCandidateNumbers() =>
        Assert.Equal(N(6), Candidates(C("numero_candidat", CriterionOperator.StartsWith, "02")));

    [Fact]
    public void Codes_AreComparedExactly_AfterUpperCasingWhereStoredUpperCase()
    {
        Assert.Equal(N(1, 2, 5, 6), Candidates(C("etablissement_inscription", CriterionOperator.Equals, "0783546f")));
        Assert.Equal(N(2, 3), Candidates(C("specialite", CriterionOperator.Equals, "SEGPA")));
        Assert.Equal(N(1, 5, 6), Candidates(C("specialite", CriterionOperator.NotIn, "SEGPA", "ULIS")));
        Assert.Equal(N(2, 5), Candidates(C("groupe_decision", CriterionOperator.In, "G2")));
        Assert.Equal(N(2, 6), Candidates(C("categorie", CriterionOperator.Equals, "Individuel")));
    }

    [Fact]
    public void GradeCriteria_MustHoldOnTheSameGradeRow_ForCandidateSelection()
    {
        // Sat (Inscrit) an épreuve in centre 0783546F: 01 and 05. 03 sat elsewhere; 02 has a Bénéfice without a centre.
        Assert.Equal(N(1, 5), Candidates(
            C("centre_epreuve", CriterionOperator.Equals, "0783546F"),
            C("position_epreuve", CriterionOperator.Equals, "Inscrit")));
        Assert.Equal(N(1), Candidates(C("mode_notation", CriterionOperator.In, "Calculée")));
        Assert.Equal(N(1, 2, 3, 6), Candidates(C("epreuve", CriterionOperator.Equals, "FR")));
        // Candidate and grade criteria together: school 0783546F's students who sat an épreuve in 0910001A.
        Assert.Equal(N(6), Candidates(
            C("etablissement_inscription", CriterionOperator.Equals, "0783546F"),
            C("centre_epreuve", CriterionOperator.Equals, "0910001A")));
    }

    [Fact]
    public void GradeFilter_SelectsGradeRows_AndComposesWithACandidateFilter()
    {
        EffectiveCriterion[] criteria =
        [
            C("etablissement_inscription", CriterionOperator.Equals, "0783546F"),
            C("mode_notation", CriterionOperator.In, "Saisie", "Calculée"),
            C("position_epreuve", CriterionOperator.In, "Inscrit", "Bénéfice"),
        ];
        // The candidate filter's EXISTS and the grade filter both use parameters: distinct prefixes keep them apart.
        var candidates = CriteriaCompiler.CompileCandidateFilter(criteria, "p");
        var grades = CriteriaCompiler.CompileGradeFilter(criteria, "gp");

        var rows = Query($"""
            SELECT g.candidate_number || ' ' || g.exam_code FROM candidates c
            JOIN grades g ON g.session_id = c.session_id AND g.candidate_number = c.number
            JOIN exams e ON e.session_id = g.session_id AND e.code = g.exam_code
            WHERE c.session_id = 1 AND {candidates.Sql} AND {grades.Sql}
            ORDER BY g.candidate_number, g.exam_code
            """, candidates, grades);

        Assert.Equal(["01000000001 FR", "01000000001 TOT", "01000000002 FR", "01000000005 MA", "02000000006 FR"], rows);
    }

    [Theory]
    [InlineData("nom", "' OR 1=1 --")]
    [InlineData("prenoms", "x' OR 'a'='a")]
    [InlineData("groupe_decision", "G1' OR '1'='1")]
    [InlineData("specialite", "SEGPA'); DROP TABLE candidates; --")]
    public void InjectionAttempts_AreJustValuesThatMatchNothing(string field, string value)
    {
        var criterion = C(field, CriterionOperator.Equals, value);
        var filter = CriteriaCompiler.CompileCandidateFilter([criterion]);

        Assert.Empty(Candidates(criterion));
        Assert.DoesNotContain(value.Trim(), filter.Sql);
        Assert.DoesNotContain("1=1", filter.Sql);
        Assert.Equal(N(1, 2, 3, 4, 5, 6), Candidates()); // the table is still there
    }

    [Fact]
    public void Sql_CarriesNoValue_OnlyNumberedParameters()
    {
        var filter = CriteriaCompiler.CompileCandidateFilter(
        [
            C("etat", CriterionOperator.In, "Inscrit", "Annulé"),
            C("liste_rouge", CriterionOperator.Equals, "non"),
            C("nom", CriterionOperator.StartsWith, "DU"),
            C("centre_epreuve", CriterionOperator.Equals, "0783546F"),
        ]);

        Assert.Equal(["@p0", "@p1", "@p2", "@p3", "@p4"], filter.Parameters.Select(p => p.Key));
        Assert.Equal(new object[] { "Inscrit", "Annulé", 0, "DU%", "0783546F" }, filter.Parameters.Select(p => p.Value));
        Assert.DoesNotContain("Inscrit", filter.Sql);
        Assert.DoesNotContain("0783546F", filter.Sql);
        Assert.StartsWith("(c.state IN (@p0, @p1)) AND (c.red_list = @p2) AND (", filter.Sql);
    }

    [Fact]
    public void FoldName_RemovesAccentsAndUpperCases() =>
        Assert.Equal("EMILE LEFEVRE NOEL OE AE", CriteriaCompiler.FoldName(" Émile Lefèvre noël œ æ "));

    [Fact]
    public void ParameterPrefix_IsChecked_BecauseItIsWrittenIntoTheSql() =>
        Assert.Throws<ArgumentException>(() => CriteriaCompiler.CompileCandidateFilter([], "p; DROP"));
}

public sealed class SqliteCriteriaCompilerTests : CriteriaCompilerTestsBase
{
    protected override IDbConnection OpenSeeded()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, MigrationScript("Sqlite"));
        Seed(connection);
        return connection;
    }

    /// <summary>The migration embedded in the engine assembly, as the store applies it.</summary>
    internal static string MigrationScript(string dialect)
    {
        var assembly = typeof(CriteriaCompiler).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith($"{dialect}.001_initial.sql", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
