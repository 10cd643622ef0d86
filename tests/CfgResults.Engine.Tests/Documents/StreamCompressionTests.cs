using System.Text.Json;
using CfgResults.Engine.Documents;
using CfgResults.Engine.Tests.Documents.Fonts;

namespace CfgResults.Engine.Tests.Documents;

/// <summary>
/// How a document's streams are stored (issue 9, item 6: the drawing made cheaper without changing what is
/// published). The renderer writes contents plain and fonts compressed, and <c>ObjectStreams</c> compresses the rest once. The QR code is an
/// image of one pixel per module, scaled without interpolation.
/// </summary>
public sealed class StreamCompressionTests
{
    static string TranscriptWithQr() => TranscriptSample.Markup().Replace("</document>", """
        <p size="9">Code de vérification : 7K2M-QX9D-4HTR</p>
        <qr value="https://resultats.example.fr/verification/7K2M-QX9D-4HTR" size="60" alt="Code QR de vérification du relevé"/>
        </document>
        """);

    /// <summary>Each stream object of the file with its dictionary, as qpdf reads them (objects in object streams included).</summary>
    static List<(string Name, JsonElement Dict)> StreamDictionaries(byte[] pdf)
    {
        using var json = JsonDocument.Parse(PdfTools.Run("qpdf", pdf, "--json=2", "--json-key=qpdf").Output);
        return json.RootElement.GetProperty("qpdf")[1].EnumerateObject()
            .Where(o => o.Value.TryGetProperty("stream", out _))
            .Select(o => (o.Name, o.Value.GetProperty("stream").GetProperty("dict").Clone()))
            .ToList();
    }

    [Fact]
    public void EveryStream_IsOneCompleteZlibStream_ExceptTheXmpMetadata()
    {
        var pdf = Samples.Pdf(TranscriptWithQr());

        var streams = StreamDictionaries(pdf);
        Assert.True(streams.Count >= 6, $"{streams.Count} streams"); // contents, two fonts, image, metadata, object and xref streams
        foreach (var (name, dict) in streams)
        {
            bool metadata = dict.TryGetProperty("/Type", out var type) && type.GetString() == "/Metadata";
            bool filtered = dict.TryGetProperty("/Filter", out var filter);
            if (metadata) Assert.False(filtered, $"{name}: the XMP metadata stays readable");
            else Assert.True(filtered && filter.GetString() == "/FlateDecode", $"{name}: {dict}");
        }
        // qpdf inflates every stream and finds each complete (a stream without its Adler-32 trailer is reported).
        PdfTools.AssertQpdfClean(pdf);
        Assert.InRange(pdf.Length, 5_000, 20 * 1024);
    }

    [Fact]
    public void QrCode_IsOnePixelPerModule_ScaledWithoutInterpolation()
    {
        var pdf = Samples.Pdf(TranscriptWithQr());

        // page num type width height color comp bpc enc interp …
        var image = Assert.Single(PdfTools.Run("pdfimages", pdf, "-list").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int width = int.Parse(image[3]), height = int.Parse(image[4]);
        Assert.Equal(width, height);
        // A version-3 or -4 code (29 or 33 modules) with its quiet zone of 4 modules on each side: one pixel each.
        Assert.Contains(width, new[] { 29 + 8, 33 + 8 });
        Assert.Equal("no", image[9]);
    }

    [Fact]
    public void ALongTable_KeepsEveryObjectReachable_BeyondWhatOneObjectStreamIndexHolds()
    {
        // 17,000 rows: more than 65,535 small objects (a structure element per row and per cell), more than the
        // cross-reference stream's 2-byte index within one object stream can number. Each object stream now holds at
        // most 8,192 objects; before, one stream held them all and every index past 65,535 was cut to 16 bits.
        var pdf = Samples.Pdf(Samples.BigTable(17_000));

        PdfTools.AssertQpdfClean(pdf);
        var objectStreams = StreamDictionaries(pdf)
            .Where(s => s.Dict.TryGetProperty("/Type", out var t) && t.GetString() == "/ObjStm")
            .Select(s => s.Dict.GetProperty("/N").GetInt32())
            .ToList();
        Assert.True(objectStreams.Count >= 8, $"{objectStreams.Count} object streams: {string.Join(",", objectStreams)}");
        Assert.All(objectStreams, n => Assert.InRange(n, 1, 8_192));
        Assert.Contains("L17000-C3", PdfTools.Run("pdftotext", pdf).Output);
        // poppler finds a packed object by its index within its stream: the last cell of the structure tree too.
        Assert.Contains(PdfTools.StructureTexts(pdf), line => line.Contains("L17000-C3", StringComparison.Ordinal));
    }

    [Fact]
    public void HtmlPreview_ScalesTheQrCode_PixelByPixel()
    {
        var html = HtmlPreview.Render(TranscriptWithQr());

        Assert.Contains("image-rendering:pixelated", html);
    }
}
