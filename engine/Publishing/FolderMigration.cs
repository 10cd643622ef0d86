using CfgResults.Engine.Data;
using CfgResults.Engine.Running;
using CfgResults.Engine.Data.Queries;

namespace CfgResults.Engine.Publishing;

/// <summary>What the start-up migration of a folder-based data directory found wrong: never silently accepted.</summary>
/// <param name="Owner">`version:&lt;id&gt;` (a document version) or `run:&lt;id&gt;` (a run's output).</param>
public sealed record FolderMigrationIssue(string Owner, string Path, string ExpectedSha256, string? ActualSha256, string Problem);

public sealed record FolderMigrationReport(int Migrated, IReadOnlyList<FolderMigrationIssue> Issues)
{
    public static readonly FolderMigrationReport Nothing = new(0, []);
}

/// <summary>
/// At start: a data folder of the previous release kept documents and run outputs as files under <c>DATA/files</c>,
/// their SHA-256 recorded in the database. Each file still named by a version or run and not yet in the store is read,
/// hashed and stored in the database only when its hash is the recorded one; a missing file or a different hash is
/// recorded in <c>storage_migration_issues</c> (once) and reported, and that document answers « contenu absent » rather than
/// serving other bytes. Safe to run at every start: once done, it is one query that finds nothing.
/// </summary>
public sealed class FolderMigration(IDatabase db, BlobStore blobs, FileStore files, TimeProvider clock)
{
    public const string MissingFile = "fichier absent du dossier de données";
    public const string HashMismatch = "empreinte SHA-256 différente de celle enregistrée : fichier modifié ou remplacé";
    public const string RefusedPath = "chemin refusé (hors du dossier de données)";

    public async Task<FolderMigrationReport> RunAsync(CancellationToken ct = default)
    {
        // Only a folder of the previous release has these: a new host (with its own, empty folder) never reports another host's files.
        if (!Directory.Exists(Path.Combine(files.Root, "documents")) && !Directory.Exists(Path.Combine(files.Root, "runs"))) return FolderMigrationReport.Nothing;
        List<(string Owner, string Path, string Sha)> pending;
        await using (var cn = await db.OpenAsync(ct))
            pending = await DocumentQueries.PendingFolderContentsAsync(cn, ct);
        if (pending.Count == 0) return FolderMigrationReport.Nothing;

        var migrated = 0;
        var issues = new List<FolderMigrationIssue>();
        foreach (var (owner, path, expected) in pending)
        {
            ct.ThrowIfCancellationRequested();
            string full;
            try { full = files.Resolve(path); }
            catch (ArgumentException) { issues.Add(new(owner, path, expected, null, RefusedPath)); continue; }
            if (!File.Exists(full)) { issues.Add(new(owner, path, expected, null, MissingFile)); continue; }
            await using var cn = await db.OpenAsync(ct);
            await using var tx = await cn.BeginTransactionAsync(ct);
            var (actual, _) = await blobs.PutFileAsync(cn, tx, full, ct);
            if (actual != expected)
            {
                await tx.RollbackAsync(ct); // the other bytes are not kept under any name
                issues.Add(new(owner, path, expected, actual, HashMismatch));
                continue;
            }
            await tx.CommitAsync(ct);
            migrated++;
        }
        if (issues.Count > 0)
        {
            await using var cn = await db.OpenAsync(ct);
            foreach (var i in issues)
                await DocumentQueries.RecordMigrationIssueAsync(cn, i.Owner, i.Path, i.ExpectedSha256, i.ActualSha256, i.Problem,
                    StoreFormat.Instant(clock.GetUtcNow()), ct);
        }
        return new FolderMigrationReport(migrated, issues);
    }

    /// <summary>Everything recorded so far (for the operator: the command line prints it).</summary>
    public async Task<IReadOnlyList<FolderMigrationIssue>> ListIssuesAsync(CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return (await DocumentQueries.MigrationIssuesAsync(cn, ct))
            .Select(r => new FolderMigrationIssue(r.Owner, r.Path, r.Expected, r.Actual, r.Problem)).ToList();
    }
}
