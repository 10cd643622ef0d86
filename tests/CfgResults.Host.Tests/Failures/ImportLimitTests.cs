using System.IO.Compression;
using System.Text;
using CfgResults.Engine.Demo;
using CfgResults.Engine.Import;
using CfgResults.Host.Pages.Gestion;

namespace CfgResults.Host.Tests.Failures;

/// <summary>
/// Issue 11, « One long CSV line kills the import »: a 325 KB zip whose notes.csv ends with one 200 MiB line gave
/// HTTP 500 and an OutOfMemoryException (the record reader doubled its buffer without a cap).
/// </summary>
public sealed class ImportLimitTests
{
    [Fact]
    public void Zip_WithA200MiBLine_IsReportedAtItsLine_WithBoundedMemory()
    {
        var source = Directory.CreateTempSubdirectory("cfgresults-longue-ligne-").FullName;
        var extracted = Directory.CreateTempSubdirectory("cfgresults-longue-ligne-x-").FullName;
        try
        {
            SessionFolderWriter.Write(DemoSessionGenerator.Generate(new DemoOptions(Candidates: 20, Seed: 3, Now: DateTimeOffset.UtcNow)), source);
            var notesLines = File.ReadAllLines(Path.Combine(source, "notes.csv")).Length;
            using var zip = new MemoryStream();
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var file in Directory.GetFiles(source).Where(f => !f.EndsWith("notes.csv", StringComparison.Ordinal)))
                    archive.CreateEntryFromFile(file, Path.GetFileName(file));
                using var notes = archive.CreateEntry("notes.csv", CompressionLevel.Optimal).Open();
                notes.Write(File.ReadAllBytes(Path.Combine(source, "notes.csv")));
                var chunk = Encoding.ASCII.GetBytes(new string('9', 1024 * 1024));
                for (var i = 0; i < 200; i++) notes.Write(chunk);
                notes.Write("\r\n"u8);
            }
            Assert.True(zip.Length < 1024 * 1024, $"archive de {zip.Length} octets");
            zip.Position = 0;
            Assert.Empty(SessionZip.Extract(zip, extracted));

            var before = GC.GetAllocatedBytesForCurrentThread();
            var result = SessionFolderReader.Read(extracted);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.False(result.Succeeded);
            var error = Assert.Single(result.Errors);
            Assert.Equal(ImportErrorCode.FieldTooLong, error.Code);
            Assert.Equal("notes.csv", error.File);
            Assert.Equal(notesLines + 1, error.Line);
            Assert.NotNull(error.Column);
            Assert.StartsWith($"notes.csv({notesLines + 1}, {error.Column}): valeur trop longue", error.ToString());
            Assert.True(allocated < 64L * 1024 * 1024, $"{allocated / (1024 * 1024)} Mo alloués pour lire 200 Mo");
        }
        finally
        {
            Directory.Delete(source, true);
            Directory.Delete(extracted, true);
        }
    }
}
