using System.Globalization;
using CfgResults.Engine.Statistics;
using ScottPlot;

namespace CfgResults.Host.Pages.Tableau;

/// <summary>
/// The dashboard's charts, drawn on the server as SVG with ScottPlot (no script in the page). Each chart is shown as
/// an image with a short text alternative, followed on the page by the table of its figures (for screen readers and
/// for anyone who wants the numbers). Fonts: DejaVu Sans from the system when present, as the PDFs use.
/// </summary>
public static class DashboardCharts
{
    const string FontFamily = "DejaVu Sans";
    static readonly CultureInfo Fr = CultureInfo.GetCultureInfo("fr-FR");
    static readonly Color Bar = Color.FromHex("#000091");      // bleu France
    static readonly Color PassLine = Color.FromHex("#CE0500");  // rouge Marianne
    static readonly Lock FontsLock = new();
    static bool _fontsLoaded;

    /// <summary>Number of candidates per bin of totals, with the pass mark drawn as a vertical line.</summary>
    public static string TotalsHistogram(SessionStatistics stats, int width = 720, int height = 360)
    {
        var plot = NewPlot();
        var bars = stats.Totals.Select(b => new ScottPlot.Bar
        {
            Position = (double)(b.From + b.To) / 2,
            Value = b.Count,
            Size = (double)(b.To - b.From) * 0.92,
            FillColor = Bar,
            LineWidth = 0,
        }).ToList();
        plot.Add.Bars(bars);
        var line = plot.Add.VerticalLine((double)stats.PassMark, 2, PassLine);
        line.Text = $"{Points(stats.PassMark)} points";
        line.LabelFontColor = Colors.White;
        line.LabelBackgroundColor = PassLine;
        plot.XLabel($"Total des points (sur {Points(stats.TotalMax)})");
        plot.YLabel("Candidats");
        plot.Axes.Margins(bottom: 0);
        plot.Axes.SetLimitsX(0, (double)stats.TotalMax);
        return plot.GetSvgXml(width, height);
    }

    /// <summary>Pass rate (admitted among pronounced results) per school or per decision group, as horizontal bars.</summary>
    public static string PassRates(IReadOnlyList<(string Label, decimal? Rate)> rows, int width = 720) =>
        HorizontalBars([.. rows.Select(r => (r.Label, r.Rate, r.Rate is { } rate ? rate.ToString("0.0", Fr) + " %" : "—"))],
            "Taux de réussite (%)", 125, width); // room for the value labels past 100 %

    /// <summary>Average of each épreuve as a share of its barème, labelled « 23,24 / 30 ».</summary>
    public static string ExamAverages(IReadOnlyList<ExamFigures> exams, int width = 720) =>
        HorizontalBars([.. exams.Select(e => (e.Code, e.Average is { } a && e.MaxPoints > 0 ? 100 * a / e.MaxPoints : (decimal?)null,
                e.Average is { } avg ? $"{Points(avg)} / {Points(e.MaxPoints)}" : "—"))],
            "Moyenne, en % du barème", 135, width); // room for « 264,98 / 400 » past 100 %

    /// <summary>One bar per row, top to bottom in the rows' order, each with its value written at its end (« — » for none).</summary>
    static string HorizontalBars(IReadOnlyList<(string Label, decimal? Value, string Text)> rows, string axis, double axisMax, int width)
    {
        var plot = NewPlot();
        var height = Math.Clamp(60 + 28 * rows.Count, 160, 1200);
        var bars = rows.Select((r, i) => new ScottPlot.Bar
        {
            Position = rows.Count - 1 - i,
            Value = (double)(r.Value ?? 0),
            FillColor = Bar,
            LineWidth = 0,
            Label = r.Text,
        }).ToList();
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plottable.ValueLabelStyle.FontSize = 11;
        plot.Axes.Left.SetTicks([.. rows.Select((_, i) => (double)(rows.Count - 1 - i))], [.. rows.Select(r => r.Label)]);
        plot.Axes.SetLimitsX(0, axisMax);
        plot.XLabel(axis);
        plot.Axes.Margins(left: 0);
        return plot.GetSvgXml(width, height);
    }

    public static string Points(decimal value) => (value / 1.0000000000000000000000000000m).ToString("0.##", Fr);

    static Plot NewPlot()
    {
        LoadFonts();
        var plot = new Plot();
        plot.Font.Set(FontFamily);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        return plot;
    }

    static void LoadFonts()
    {
        lock (FontsLock)
        {
            if (_fontsLoaded) return;
            const string dir = "/usr/share/fonts/truetype/dejavu";
            if (File.Exists(Path.Combine(dir, "DejaVuSans.ttf")))
            {
                Fonts.AddFontFile(FontFamily, Path.Combine(dir, "DejaVuSans.ttf"), bold: false, italic: false);
                if (File.Exists(Path.Combine(dir, "DejaVuSans-Bold.ttf")))
                    Fonts.AddFontFile(FontFamily, Path.Combine(dir, "DejaVuSans-Bold.ttf"), bold: true, italic: false);
            }
            _fontsLoaded = true;
        }
    }
}
