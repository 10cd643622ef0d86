using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CfgResults.Engine.Tests.Documents;

/// <summary>
/// Debian's PDF tools run on a rendered PDF (poppler's pdfinfo and pdftotext, qpdf; installed on first use when absent):
/// independent readers of what the renderer writes.
/// </summary>
internal static partial class PdfTools
{
    /// <summary>Runs the tool on the PDF, written to a temporary file put where "{}" is in the arguments, else last.</summary>
    public static (int ExitCode, string Output) Run(string tool, byte[] pdf, params string[] args)
    {
        var file = Path.Combine(Path.GetTempPath(), $"cfg-{Guid.NewGuid():N}.pdf");
        try
        {
            File.WriteAllBytes(file, pdf);
            var info = new ProcessStartInfo(CfgResults.Tests.Shared.DebianPackages.Tool(tool)) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args) info.ArgumentList.Add(a == "{}" ? file : a);
            if (!args.Contains("{}")) info.ArgumentList.Add(file);
            if (tool == "pdftotext") info.ArgumentList.Add("-");
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>`pdfinfo FILE` as key → value.</summary>
    public static Dictionary<string, string> Info(byte[] pdf) =>
        Run("pdfinfo", pdf, "-enc", "UTF-8").Output.Split('\n')
            .Where(l => l.Contains(':'))
            .Select(l => (Key: l[..l.IndexOf(':')], Value: l[(l.IndexOf(':') + 1)..].Trim()))
            .DistinctBy(p => p.Key)
            .ToDictionary(p => p.Key, p => p.Value);

    /// <summary>
    /// The structure tree as `pdfinfo -struct-text` prints it: one line per element, two spaces of indent per
    /// level, the element type only ("TH", "Table"); attributes and texts left out.
    /// </summary>
    public static List<string> StructureOutline(byte[] pdf) =>
        StructureLines(pdf).Where(l => !l.Trim().StartsWith('"') && !l.Trim().StartsWith('/'))
            .Select(l => Element().Match(l) is { Success: true } m ? m.Groups[1].Value + m.Groups[2].Value : l)
            .ToList();

    /// <summary>The texts of the structure tree in tree order (what a screen reader reads).</summary>
    public static List<string> StructureTexts(byte[] pdf) =>
        StructureLines(pdf).Select(l => l.Trim()).Where(l => l.StartsWith('"')).Select(l => l.Trim('"').Trim()).ToList();

    public static int CountAttribute(byte[] pdf, string attribute) =>
        StructureLines(pdf).Count(l => l.Trim() == attribute);

    static string[] StructureLines(byte[] pdf)
    {
        var (code, output) = Run("pdfinfo", pdf, "-enc", "UTF-8", "-struct-text");
        Assert.True(code == 0, output);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>`qpdf --check`: exit code 0 and no warning.</summary>
    public static void AssertQpdfClean(byte[] pdf)
    {
        var (code, output) = Run("qpdf", pdf, "--check");
        Assert.True(code == 0, output);
        Assert.DoesNotContain("WARNING", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("No syntax or stream encoding errors found", output);
    }

    [GeneratedRegex(@"^(\s*)(\w+)")]
    private static partial Regex Element();
}
