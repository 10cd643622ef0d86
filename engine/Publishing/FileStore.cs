using System.Security.Cryptography;

namespace CfgResults.Engine.Publishing;

/// <summary>
/// Generated files under the data folder, written atomically (temp file, flush, rename) with their SHA-256,
/// so that no partial file is ever visible under its final name.
/// </summary>
public sealed class FileStore(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Writes bytes at a path relative to the root; returns the SHA-256 (lower-case hex).</summary>
    public async Task<string> WriteAtomicAsync(string relativePath, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var full = Resolve(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Written in tmp/ (same file system) and renamed into place: a killed process leaves no stray file among the documents.
        var temp = NewTempFile();
        await using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await fs.WriteAsync(content, ct);
            await fs.FlushAsync(ct);
            fs.Flush(flushToDisk: true);
        }
        File.Move(temp, full, overwrite: true);
        return Convert.ToHexStringLower(SHA256.HashData(content.Span));
    }

    /// <summary>Moves a finished temp file into place; returns its SHA-256 and size.</summary>
    public async Task<(string Sha256, long Bytes)> CommitAsync(string tempFile, string relativePath, CancellationToken ct = default)
    {
        var full = Resolve(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string sha;
        long bytes;
        await using (var fs = File.OpenRead(tempFile))
        {
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(fs, ct));
            bytes = fs.Length;
        }
        File.Move(tempFile, full, overwrite: true);
        return (sha, bytes);
    }

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
