using CfgResults.Engine.Data;
using CfgResults.Engine.Demo;
using CfgResults.Engine.Import;
using CfgResults.Engine.Tests.Support;

namespace CfgResults.Engine.Tests.Foundation;

/// <summary>Import and export through the real store, on both databases.</summary>
public sealed class ImportStoreTests
{
    static readonly DateTimeOffset Now = new(2026, 6, 20, 10, 0, 0, TimeSpan.FromHours(2));

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task ImportExportImportExport_GivesIdenticalFiles(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect);
        var store = new SessionStore(db.Database);
        var first = Temp();
        SessionFolderWriter.Write(DemoSessionGenerator.Generate(new DemoOptions(Candidates: 400, Seed: 7, Now: Now)), first);

        var a = await ImportThenExportAsync(store, first);
        var b = await ImportThenExportAsync(store, a);
        AssertSameFiles(a, b);
        // The export streams candidates and grades from the store; loading the whole session writes the same bytes.
        var loaded = Temp();
        SessionFolderWriter.Write((await store.LoadSessionAsync("CFG-2026-06"))!, loaded);
        AssertSameFiles(b, loaded);
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task AFailingImport_LeavesThePreviousSessionByteForByte(SqlDialect dialect)
    {
        await using var db = await TestDatabases.CreateAsync(dialect);
        var store = new SessionStore(db.Database);
        var good = Temp();
        SessionFolderWriter.Write(DemoSessionGenerator.Generate(new DemoOptions(Candidates: 300, Seed: 3, Now: Now)), good);
        var before = await ImportThenExportAsync(store, good);

        // The same session code, with one grade over its barème on the last line of notes.csv.
        var bad = Temp();
        foreach (var f in Directory.GetFiles(good)) File.Copy(f, Path.Combine(bad, Path.GetFileName(f)));
        var notes = File.ReadAllLines(Path.Combine(bad, "notes.csv")).ToList();
        var cells = notes[^1].Split(';');
        cells[^1] = "999";
        notes[^1] = string.Join(';', cells);
        File.WriteAllLines(Path.Combine(bad, "notes.csv"), notes);
        var result = SessionFolderReader.Read(bad);
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("notes.csv", notes.Count, "note"), (error.File, error.Line, error.Column));

        var after = Temp();
        SessionFolderWriter.Write((await store.LoadSessionAsync("CFG-2026-06"))!, after);
        AssertSameFiles(before, after);
    }

    [Fact]
    public async Task Export_OfAnUnknownSession_WritesNothing()
    {
        await using var db = await TestDatabases.CreateAsync(SqlDialect.Sqlite);
        var folder = Path.Combine(Temp(), "export");
        Assert.False(await new SessionStore(db.Database).ReadRowsAsync("INCONNUE", rows => SessionFolderWriter.Write(rows, folder)));
        Assert.False(Directory.Exists(folder));
    }

    static async Task<string> ImportThenExportAsync(SessionStore store, string folder)
    {
        var read = SessionFolderReader.Read(folder);
        Assert.True(read.Succeeded, string.Join(Environment.NewLine, read.Errors));
        await store.ReplaceSessionAsync(read.Session!);
        var export = Temp();
        Assert.True(await store.ReadRowsAsync(read.Session!.Session.Code, rows => SessionFolderWriter.Write(rows, export)));
        return export;
    }

    static void AssertSameFiles(string a, string b)
    {
        var names = Directory.GetFiles(a).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(names, Directory.GetFiles(b).Select(Path.GetFileName).Order().ToArray());
        foreach (var n in names) Assert.True(File.ReadAllBytes(Path.Combine(a, n!)).SequenceEqual(File.ReadAllBytes(Path.Combine(b, n!))), $"{n} diffère");
    }

    static string Temp() => Directory.CreateTempSubdirectory("cfgresults-import-").FullName;
}
