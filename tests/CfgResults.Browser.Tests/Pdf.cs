using System.Text;
using UglyToad.PdfPig;

namespace CfgResults.Browser.Tests;

/// <summary>A downloaded PDF read back as a person reads it: its words, page after page, separated by spaces.</summary>
static class Pdf
{
    public static string Text(byte[] pdf)
    {
        Assert.True(pdf.Length > 4 && Encoding.ASCII.GetString(pdf, 0, 5) == "%PDF-", "le fichier n'est pas un PDF");
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }
}
