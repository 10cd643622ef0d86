namespace CfgResults.Engine.Publishing;

/// <summary>
/// The data folder's files: only what a host may lose (temp files of renders in progress). Generated documents
/// live in the database (<see cref="Data.BlobStore"/>); files under <c>documents/</c> and <c>runs/</c> are read
/// once, by the start-up migration of a data folder from a previous release.
/// </summary>
public sealed class FileStore(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>A temp file inside the store (same file system, so the final rename is atomic).</summary>
    public string NewTempFile()
    {
        var dir = Path.Combine(Root, "tmp");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, Guid.NewGuid().ToString("N") + ".tmp");
    }

    /// <summary>Removes temp files left by processes that stopped (old enough not to be another worker's current file).</summary>
    public int CleanStaleTempFiles(TimeSpan olderThan)
    {
        var dir = Path.Combine(Root, "tmp");
        if (!Directory.Exists(dir)) return 0;
        var removed = 0;
        foreach (var f in Directory.EnumerateFiles(dir, "*.tmp"))
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(f) > olderThan)
            {
                File.Delete(f);
                removed++;
            }
        return removed;
    }

    public Stream OpenRead(string relativePath) => File.OpenRead(Resolve(relativePath));

    public bool Exists(string relativePath) => File.Exists(Resolve(relativePath));

    /// <summary>Paths are made by the product only; anything that would leave the root is refused.</summary>
    public string Resolve(string relativePath)
    {
        if (Path.IsPathRooted(relativePath) || relativePath.Contains("..", StringComparison.Ordinal) || relativePath.Contains('\0'))
            throw new ArgumentException($"chemin refusé : {relativePath}");
        var full = Path.GetFullPath(Path.Combine(Root, relativePath));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"chemin refusé : {relativePath}");
        return full;
    }
}
