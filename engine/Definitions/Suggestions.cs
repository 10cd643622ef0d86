namespace CfgResults.Engine.Definitions;

/// <summary>"Did you mean": the closest known name by edit distance, when it is close enough to be a typo.</summary>
internal static class Suggestions
{
    public static string? Closest(string input, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var d = Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (candidate, d);
        }
        // A third of the length (at least 2) covers swapped, missing or doubled letters
        // (render.pfd → render.pdf) without proposing unrelated names.
        var limit = Math.Max(2, input.Length / 3);
        return bestDistance <= limit && bestDistance > 0 ? best : null;
    }

    /// <summary>Optimal string alignment distance: Levenshtein plus transposition of two neighbours.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
