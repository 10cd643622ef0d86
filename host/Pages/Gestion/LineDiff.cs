namespace CfgResults.Host.Pages.Gestion;

public enum DiffKind { Same, Removed, Added }

/// <summary>One line of a diff, with its number in the old text, the new text, or both.</summary>
public sealed record DiffLine(DiffKind Kind, int? OldNumber, int? NewNumber, string Text);

/// <summary>A run of diff lines shown together; <see cref="SkippedBefore"/> unchanged lines are hidden before it.</summary>
public sealed record DiffHunk(int SkippedBefore, IReadOnlyList<DiffLine> Lines);

/// <summary>
/// Line diff between two versions of a definition or template: the longest common subsequence of lines
/// (after trimming the common head and tail, which is most of it for an edit), everything else removed or added.
/// Beyond <see cref="MaxCells"/> comparisons the middle is shown as all removed then all added, which is
/// still correct, only less precise.
/// </summary>
public static class LineDiff
{
    public const long MaxCells = 4_000_000;

    public static IReadOnlyList<DiffLine> Compute(string oldText, string newText)
    {
        var a = Lines(oldText);
        var b = Lines(newText);
        int head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head]) head++;
        int tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[a.Length - 1 - tail] == b[b.Length - 1 - tail]) tail++;

        var result = new List<DiffLine>(a.Length + b.Length);
        for (int i = 0; i < head; i++) result.Add(new DiffLine(DiffKind.Same, i + 1, i + 1, a[i]));
        Middle(a, b, head, a.Length - tail, head, b.Length - tail, result);
        for (int k = tail; k > 0; k--)
            result.Add(new DiffLine(DiffKind.Same, a.Length - k + 1, b.Length - k + 1, a[a.Length - k]));
        return result;
    }

    /// <summary>Changed lines with <paramref name="context"/> unchanged lines around them; empty when the texts are equal.</summary>
    public static IReadOnlyList<DiffHunk> Hunks(IReadOnlyList<DiffLine> lines, int context = 3)
    {
        var keep = new bool[lines.Count];
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Kind == DiffKind.Same) continue;
            for (int j = Math.Max(0, i - context); j <= Math.Min(lines.Count - 1, i + context); j++) keep[j] = true;
        }
        var hunks = new List<DiffHunk>();
        List<DiffLine>? current = null;
        int skipped = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            if (!keep[i])
            {
                if (current is not null) { hunks.Add(new DiffHunk(skipped, current)); current = null; skipped = 0; }
                skipped++;
                continue;
            }
            current ??= [];
            current.Add(lines[i]);
        }
        if (current is not null) hunks.Add(new DiffHunk(skipped, current));
        return hunks;
    }

    static void Middle(string[] a, string[] b, int a0, int a1, int b0, int b1, List<DiffLine> result)
    {
        int n = a1 - a0, m = b1 - b0;
        if ((long)n * m > MaxCells || n == 0 || m == 0)
        {
            for (int i = a0; i < a1; i++) result.Add(new DiffLine(DiffKind.Removed, i + 1, null, a[i]));
            for (int j = b0; j < b1; j++) result.Add(new DiffLine(DiffKind.Added, null, j + 1, b[j]));
            return;
        }
        // lcs[i, j] = length of the LCS of a[a0+i..a1) and b[b0+j..b1): walk forward from the top-left.
        var lcs = new int[n + 1, m + 1];
        for (int i = n - 1; i >= 0; i--)
            for (int j = m - 1; j >= 0; j--)
                lcs[i, j] = a[a0 + i] == b[b0 + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        int x = 0, y = 0;
        while (x < n && y < m)
        {
            if (a[a0 + x] == b[b0 + y]) { result.Add(new DiffLine(DiffKind.Same, a0 + x + 1, b0 + y + 1, a[a0 + x])); x++; y++; }
            else if (lcs[x + 1, y] >= lcs[x, y + 1]) { result.Add(new DiffLine(DiffKind.Removed, a0 + x + 1, null, a[a0 + x])); x++; }
            else { result.Add(new DiffLine(DiffKind.Added, null, b0 + y + 1, b[b0 + y])); y++; }
        }
        for (; x < n; x++) result.Add(new DiffLine(DiffKind.Removed, a0 + x + 1, null, a[a0 + x]));
        for (; y < m; y++) result.Add(new DiffLine(DiffKind.Added, null, b0 + y + 1, b[b0 + y]));
    }

    /// <summary>Lines without their ends (CRLF or LF); a final line end does not make an empty last line.</summary>
    public static string[] Lines(string text)
    {
        if (text.Length == 0) return [];
        var lines = text.Replace("\r\n", "\n").Split('\n');
        return lines[^1].Length == 0 ? lines[..^1] : lines;
    }
}
