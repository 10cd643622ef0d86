using System.Text;
using System.Text.RegularExpressions;
using CfgResults.Engine.Running;

namespace CfgResults.Engine.Steps;

/// <summary>
/// Makes the rendered file a download of the run (stored in the database when the run completes). The file name is set by the server from the
/// definition (`notes-{{ etablissement.uai }}.csv`), never from the caller, and reduced to safe characters.
/// </summary>
[StepKind("deliver.download")]
public sealed partial class DeliverDownload : StepKind<DeliverDownload.Options>
{
    public sealed record Options(string FileName);

    protected override async Task ExecuteAsync(Options options, RunContext context, CancellationToken ct)
    {
        var rendered = context.Rendered ?? throw new InvalidOperationException("deliver.download demande un rendu avant lui");
        // A file name says what it holds (issue 13 item 5): `notes-0783546F-CFG-78-JUIN-2026.csv`.
        var name = SafeFileName(Placeholders.Resolve(Placeholders.ResolveParameters(options.FileName, context.Parameters), context), rendered.Extension);
        var relative = $"runs/{context.RunId}/{name}";
        string sha;
        long bytes;
        await using (var fs = File.OpenRead(rendered.TempPath))
        {
            sha = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(fs, ct));
            bytes = fs.Length;
        }
        // Stored in the database with the run's final row (RunStore.CompleteAsync), not under the data folder.
        context.Output = new RunOutput(relative, name, rendered.ContentType, sha, bytes) { ContentFile = rendered.TempPath };
    }

    public static string SafeFileName(string name, string extension)
    {
        var folded = name.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder();
        foreach (var ch in folded)
        {
            if (char.GetUnicodeCategory(ch) == System.Globalization.UnicodeCategory.NonSpacingMark) continue;
            sb.Append(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '-');
        }
        var safe = Dashes().Replace(sb.ToString(), "-").Trim('-', '.');
        if (safe.Length == 0) safe = "edition";
        if (safe.Length > 100) safe = safe[..100];
        if (safe.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) return safe;
        // A name written for another format (`notes.csv` when the caller asked for a workbook) takes the rendered one.
        foreach (var other in OutputExtensions)
            if (safe.Length > other.Length && safe.EndsWith(other, StringComparison.OrdinalIgnoreCase)) return safe[..^other.Length] + extension;
        return safe + extension;
    }

    static readonly string[] OutputExtensions = [".csv", ".xlsx", ".pdf", ".zip"];

    [GeneratedRegex("-{2,}")]
    private static partial Regex Dashes();
}
