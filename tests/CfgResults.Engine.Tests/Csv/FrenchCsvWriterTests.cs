using System.Diagnostics;
using System.Text;
using CfgResults.Engine.Csv;
using CfgResults.Engine.Templates;
using CsvHelper;
using Xunit.Abstractions;

namespace CfgResults.Engine.Tests.Csv;

[Collection(MemoryMeasurementCollection.Name)]
public sealed class FrenchCsvWriterTests(ITestOutputHelper output)
{
    static readonly CsvReaderOptions FrenchRead = new() { Separator = ';', HasHeader = false };

    static List<string[]> ReadBack(byte[] bytes)
    {
        using var reader = CsvReader.Create(new MemoryStream(bytes), FrenchRead);
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        return rows;
    }

    static byte[] Write(Action<FrenchCsvWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new FrenchCsvWriter(stream)) write(writer);
        return stream.ToArray();
    }

    [Fact]
    public void Output_StartsWithBom_UsesSemicolons_AndEndsRecordsWithCrLf()
    {
        var bytes = Write(w => { w.WriteHeader(["Nom", "Note"]); w.WriteText("Zoé"); w.WriteNumber(12.5m); w.EndRow(); });
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        Assert.Equal("Nom;Note\r\nZoé;12,5\r\n", Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
    }

    public static TheoryData<string, string> TextCells() => new()
    {
        { "Dupont; Fils", "Dupont; Fils" },
        { "O\"Neil", "O\"Neil" },
        { "ligne 1\r\nligne 2", "ligne 1\r\nligne 2" },
        { "=1+1", "'=1+1" },
        { "+33 1 23", "'+33 1 23" },
        { "-foo", "'-foo" },
        { "@SUM(A1)", "'@SUM(A1)" },
        { "\tx", "'\tx" },
        { "\rx", "'\rx" },
        { "＝1+1", "'＝1+1" },
        { "＋1", "'＋1" },
        { "－1", "'－1" },
        { "＠x", "'＠x" },
        { "-12,5", "-12,5" },
        { "-3", "-3" },
        { "12,50", "12,50" },
        { "-03", "'-03" },
        { "-1 234", "'-1 234" },
        { "AB", "AB" },
        { "", "" },
        { "a=b", "a=b" },
    };

    [Theory]
    [MemberData(nameof(TextCells))]
    public void TextCell_RoundTrips_NeutralisedOnlyWhenItCouldBeAFormula(string written, string readBack)
    {
        var rows = ReadBack(Write(w => { w.WriteText("avant"); w.WriteText(written); w.WriteText("après"); w.EndRow(); }));
        Assert.Equal(["avant", readBack, "après"], Assert.Single(rows));
    }

    [Fact]
    public void Numbers_AreWrittenUntouched_EvenWhenNegative()
    {
        var rows = ReadBack(Write(w => { w.WriteNumber(-12.5m); w.WriteNumber(-3L); w.WriteNumber(0.1 + 0.2); w.WriteNumber(200m); w.EndRow(); }));
        Assert.Equal(["-12,5", "-3", "0,3", "200"], Assert.Single(rows));
    }

    [Fact]
    public void Dates_AreFrench()
    {
        var rows = ReadBack(Write(w => { w.WriteDate(new DateTime(2018, 6, 5)); w.WriteDate(new DateTime(2019, 7, 1, 8, 0, 0)); w.EndRow(); }));
        Assert.Equal(["05/06/2018", "01/07/2019 08:00"], Assert.Single(rows));
    }

    [Fact]
    public void RowsWithDifferentCellCounts_AreRefused()
    {
        Assert.Throws<CsvShapeException>(() => Write(w =>
        {
            w.WriteHeader(["a", "b"]);
            w.WriteText("1"); w.EndRow();
        }));
    }

    [Fact]
    public void ByteLimit_StopsTheFile()
    {
        using var stream = new MemoryStream();
        using var writer = new FrenchCsvWriter(stream, byteLimit: 10_000);
        Assert.Throws<CsvSizeLimitException>(() =>
        {
            for (var i = 0; i < 100_000; i++) { writer.WriteText("0123456789"); writer.EndRow(); }
            writer.Flush();
        });
        Assert.True(stream.Length <= 10_000);
    }

    static readonly IReadOnlyDictionary<string, object?> Empty = new Dictionary<string, object?>();

    static TemplateEngine CsvEngine(string template, TemplateLimits? limits = null) =>
        new(new InMemoryTemplateSource().Set("extraction-notes/colonnes.sbn", template), limits ?? TemplateLimits.Default);

    [Fact]
    public void CsvTemplate_LoopingPastTheCsvLoopLimit_IsStopped()
    {
        // The shipped limit fits a million extraction rows; a small one shows that it is enforced, with its place.
        var limits = TemplateLimits.Default with { CsvLoopLimit = 1_000 };
        var e = Assert.Throws<TemplateRenderException>(() => CsvEngine("{{ for i in 1..2000 }}{{ end }}", limits)
            .RenderCsv("extraction-notes/colonnes.sbn", Empty, Stream.Null, CancellationToken.None));
        Assert.Equal(TemplateErrorCodes.LoopLimit, e.Code);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void CsvTemplate_RoundTrips_HostileCells()
    {
        var model = new Dictionary<string, object?>
        {
            ["eleves"] = new List<object?>
            {
                new Dictionary<string, object?> { ["nom"] = "Dupont; \"Fils\"\nbis", ["note"] = -12.5m, ["remarque"] = "-foo" },
                new Dictionary<string, object?> { ["nom"] = "=1+1", ["note"] = "-12,5", ["remarque"] = "＝1" },
            },
        };
        using var stream = new MemoryStream();
        var count = CsvEngine("""
            {{ csv_header ["Nom", "Note", "Remarque"] }}
            {{ for e in eleves }}{{ csv_row [e.nom, e.note, e.remarque] }}
            {{ end }}
            """).RenderCsv("extraction-notes/colonnes.sbn", model, stream, CancellationToken.None);

        Assert.Equal(2, count);
        Assert.Equal(
            [["Nom", "Note", "Remarque"], ["Dupont; \"Fils\"\nbis", "-12,5", "'-foo"], ["'=1+1", "-12,5", "'＝1"]],
            ReadBack(stream.ToArray()));
    }

    [Theory]
    [InlineData("{{ csv_header ['a'] }}oups{{ csv_row [1] }}", TemplateErrorCodes.CsvTextOutput)]
    [InlineData("{{ csv_header ['a'] }}{{ 'texte' }}", TemplateErrorCodes.CsvTextOutput)]
    [InlineData("{{ csv_header ['a', 'b'] }}{{ csv_row [1] }}", TemplateErrorCodes.CsvShape)]
    [InlineData("{{ csv_row [1] }}{{ csv_header ['a'] }}", TemplateErrorCodes.CsvShape)]
    [InlineData("{{ csv_row [] }}", TemplateErrorCodes.CsvShape)]
    [InlineData("{{ csv_row [[1, 2]] }}", TemplateErrorCodes.FunctionArgument)]
    [InlineData("{{ csv_header ['a'] }}{{ csv_cell 1 }}", TemplateErrorCodes.CsvShape)]
    [InlineData("{{ csv_cell 1 }}{{ csv_header ['a'] }}", TemplateErrorCodes.CsvShape)]
    [InlineData("{{ csv_end_row }}", TemplateErrorCodes.CsvShape)]
    [InlineData("{{ csv_cell [1, 2] }}", TemplateErrorCodes.FunctionArgument)]
    [InlineData("{{ csv_cells [1, {a: 2}] }}", TemplateErrorCodes.FunctionArgument)]
    [InlineData("{{ csv_cells 'pas une liste' }}", TemplateErrorCodes.FunctionArgument)]
    [InlineData("{{ csv_row 'pas une liste' }}", TemplateErrorCodes.FunctionArgument)]
    [InlineData("{{ csv_header ['a', 1] }}", TemplateErrorCodes.FunctionArgument)]
    [InlineData("{{ csv_cell 1 2 }}", TemplateErrorCodes.FunctionArgument)]
    [InlineData("{{ csv_header ['a', 'b'] }}{{ csv_cell 1; csv_end_row }}", TemplateErrorCodes.CsvShape)]
    public void CsvTemplate_BreakingTheContract_IsAnError(string template, string code)
    {
        var e = Assert.Throws<TemplateRenderException>(() => CsvEngine(template).RenderCsv("extraction-notes/colonnes.sbn", Empty, Stream.Null, CancellationToken.None));
        Assert.True(code == e.Code, e.Message);
        Assert.True(e.Line >= 1, e.Message);
    }

    [Fact]
    public void CsvTemplate_CallingAFunctionWithTheWrongNumberOfArguments_IsSaidInFrench()
    {
        var e = Assert.Throws<TemplateRenderException>(() => CsvEngine("{{ csv_header ['a'] }}{{ csv_cell 1 2 }}")
            .RenderCsv("extraction-notes/colonnes.sbn", Empty, Stream.Null, CancellationToken.None));
        Assert.Equal(TemplateErrorCodes.FunctionArgument, e.Code);
        Assert.Equal("nombre d'arguments incorrect dans « csv_cell 1 2 » : 2 donné(s), 1 attendu(s)", e.Error.Message);
    }

    [Fact]
    public void CsvTemplate_WritingCellByCell_GivesTheSameFileAsWholeRows()
    {
        const string model = "{{ eleves = [{nom: '=Dupont', note: 12.5, notes: [10, 'AB']}, {nom: 'Durand', note: 8, notes: [null, 20]}] }}";
        var byRow = Render(model + "{{ csv_header ['Nom', 'Note', 'E1', 'E2'] }}{{ for e in eleves; csv_row [e.nom, e.note, e.notes[0], e.notes[1]]; end }}");
        var byCell = Render(model + "{{ csv_header ['Nom', 'Note', 'E1', 'E2'] }}{{ for e in eleves; csv_cell e.nom; csv_cell e.note; csv_cells e.notes; csv_end_row; end }}");
        Assert.Equal(byRow, byCell);
        Assert.Equal([["Nom", "Note", "E1", "E2"], ["'=Dupont", "12,5", "10", "AB"], ["Durand", "8", "", "20"]], ReadBack(byCell));

        static byte[] Render(string template)
        {
            using var stream = new MemoryStream();
            Assert.Equal(2, CsvEngine(template).RenderCsv("extraction-notes/colonnes.sbn", Empty, stream, CancellationToken.None));
            return stream.ToArray();
        }
    }

    [Fact]
    public void CsvTemplate_IsStoppedAtItsByteLimit()
    {
        var engine = new TemplateEngine(new InMemoryTemplateSource().Set("x/t.sbn",
            "{{ for i in 1..1000000 }}{{ csv_row ['0123456789'] }}{{ end }}"), TemplateLimits.Default with { CsvByteLimit = 100_000 });
        var e = Assert.Throws<TemplateRenderException>(() => engine.RenderCsv("x/t.sbn", Empty, Stream.Null, CancellationToken.None));
        Assert.Equal(TemplateErrorCodes.CsvSize, e.Code);
    }

    /// <summary>A million rows streamed from a lazy source through a template: time is reported, memory must stay flat.</summary>
    [Fact]
    public void MillionRows_StreamThroughTheTemplate_WithFlatMemory()
    {
        const int rows = 1_000_000;
        static IEnumerable<IReadOnlyDictionary<string, object?>> Rows()
        {
            for (var i = 0; i < rows; i++)
                yield return new Dictionary<string, object?>
                {
                    ["ine"] = "0" + i.ToString("D10"), ["nom"] = "Dupont", ["prenom"] = "Zoé",
                    ["naissance"] = new DateOnly(2008, 1 + i % 12, 1 + i % 28), ["note"] = (i % 400) / 20m, ["remarque"] = i % 7 == 0 ? "=1+1" : "",
                };
        }
        var engine = CsvEngine("""
            {{ csv_header ["INE", "Nom", "Prénom", "Né le", "Note", "Remarque"] }}
            {{ for e in eleves }}
              {{ csv_row [e.ine, e.nom | upper_name, e.prenom, e.naissance, e.note, e.remarque] }}
            {{ end }}
            """);
        var model = new Dictionary<string, object?> { ["eleves"] = TemplateRows.Stream(Rows(), "eleves") };
        var sink = new PeakMemorySink();

        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        var count = engine.RenderCsv("extraction-notes/colonnes.sbn", model, sink, CancellationToken.None);
        clock.Stop();

        Assert.Equal(rows, count);
        Assert.Equal(rows + 1, sink.Lines);
        var peak = sink.PeakManagedBytes - baseline;
        output.WriteLine($"{rows:N0} rows, {sink.Bytes:N0} bytes in {clock.Elapsed.TotalSeconds:0.00} s; managed heap above baseline at most {peak / 1024 / 1024} MiB");
        // The file is ~60 MB; holding it (or the rows) would show far above this.
        Assert.True(peak < 48L * 1024 * 1024, $"peak {peak:N0} bytes");
    }

    /// <summary>Counts what is written and samples the heap now and then, keeping nothing.</summary>
    sealed class PeakMemorySink : Stream
    {
        public long Bytes, Lines, PeakManagedBytes;
        long _nextSample;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Bytes;
        public override long Position { get => Bytes; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Bytes += buffer.Length;
            Lines += buffer.Count((byte)'\n');
            if (Bytes >= _nextSample)
            {
                _nextSample = Bytes + 4 * 1024 * 1024;
                PeakManagedBytes = Math.Max(PeakManagedBytes, GC.GetTotalMemory(forceFullCollection: true));
            }
        }
    }
}

/// <summary>
/// Tests that measure the managed heap (a process-wide figure) run alone, after the parallel ones: another test
/// allocating at the same moment would be counted as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "Mesures de mémoire";
}
