using System.Text;
using CfgResults.Engine.Documents;
using UglyToad.PdfPig;

namespace CfgResults.Engine.Tests.Documents;

/// <summary>Markup samples shaped like what the transcript templates emit, and PDF helpers.</summary>
internal static class Samples
{
    public static readonly PdfRenderOptions Options = new(new DateTimeOffset(2018, 6, 5, 14, 30, 0, TimeSpan.FromHours(2)), "tests/releve-1");

    public const string Transcript = """
        <document title="Relevé de notes" author="Rectorat de Versailles" subject="CFG session 2018" lang="fr">
          <header><p align="right" size="8">Académie de Versailles — Certificat de formation générale</p></header>
          <footer><p align="center" size="8">Page <page-number/> / <page-count/></p></footer>
          <h1>Relevé de notes</h1>
          <p>Candidat : <b>Françoise Œlgaard-Éloïse</b>, née le 12/03/2002 — « élève » de l’établissement Saint-Exupéry (ç, è, É, œ, –, ’).</p>
          <table widths="70,30">
            <thead><tr><th>Épreuve</th><th align="right">Note</th></tr></thead>
            <tbody>
              <tr><td>Français</td><td align="right">12,5</td></tr>
              <tr><td>Mathématiques</td><td align="right">14</td></tr>
              <tr><td>Histoire-géographie et éducation civique</td><td align="right">9,75</td></tr>
            </tbody>
          </table>
          <p bold="true">Résultat : Admis</p>
          <signature><p>Fait à BUC, le 05/06/2018</p><p>Pour le recteur et par délégation</p></signature>
        </document>
        """;

    public static string BigTable(int rows, int columns = 3, string? widths = "50,25,25")
    {
        var sb = new StringBuilder(rows * 64);
        sb.Append("<document title=\"Grand tableau\"><footer><p align=\"center\" size=\"8\">Page <page-number/> / <page-count/></p></footer>");
        sb.Append("<table").Append(widths is null ? "" : $" widths=\"{widths}\"").Append("><thead><tr>");
        for (int c = 0; c < columns; c++) sb.Append("<th>Colonne ").Append(c + 1).Append("</th>");
        sb.Append("</tr></thead><tbody>\n");
        for (int r = 0; r < rows; r++)
        {
            sb.Append("<tr>");
            for (int c = 0; c < columns; c++) sb.Append("<td>L").Append(r + 1).Append("-C").Append(c + 1).Append("</td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody></table></document>");
        return sb.ToString();
    }

    public static byte[] Pdf(string markup, PdfRenderOptions? options = null)
    {
        using var ms = new MemoryStream();
        DocumentPipeline.RenderPdf(markup, options ?? Options, ms);
        return ms.ToArray();
    }

    /// <summary>Text of each page as PdfPig reads it back (words joined by spaces).</summary>
    public static List<string> PageTexts(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList();
    }
}
