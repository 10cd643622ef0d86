using System.Text;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Tests.Support;
using Dapper;
using Npgsql;

namespace CfgResults.Engine.Tests.Publishing;

/// <summary>
/// Issue 9, item 1: a data directory of the previous release (schema 002, documents and run outputs as files under
/// DATA/files with their SHA-256 recorded) is migrated at start: every document still downloads byte-identical, and a
/// file that was changed or lost is reported (storage_migration_issues), never served or silently accepted.
/// </summary>
public sealed class FolderMigrationTests
{
    [Theory, InlineData(SqlDialect.Sqlite), InlineData(SqlDialect.Postgres)]
    public async Task AFolderBasedDataDirectory_IsMigratedAtStart_DocumentsDownloadByteIdentical_AndMismatchesAreReported(SqlDialect dialect)
    {
        var dataDir = Directory.CreateTempSubdirectory("cfgresults-legacy-").FullName;
        string? connection = null;
        PostgresDatabaseHandle? pg = null;
        try
        {
            if (dialect == SqlDialect.Postgres)
            {
                var created = await PostgresServer.CreateDatabaseAsync("legacy");
                pg = new PostgresDatabaseHandle(created);
                connection = new NpgsqlConnectionStringBuilder(await PostgresServer.AdminConnectionStringAsync()) { Database = created.DatabaseName }.ConnectionString;
            }
            // The previous release: its schema, its files.
            var legacy = DatabaseFactory.Create(dataDir, connection);
            await Migrator.MigrateAsync(legacy, upTo: 2);
            var files = Path.Combine(dataDir, "files");
            var documents = new Dictionary<long, byte[]>();
            long tampered, missing;
            byte[] csv = Encoding.UTF8.GetBytes("\uFEFFNom;Note\r\nDUPONT;12,5\r\n");
            await using (var cn = await legacy.OpenAsync())
            {
                async Task<long> Version(string candidate, byte[] recorded, byte[]? onDisk)
                {
                    var path = $"documents/CFG-2026-06/{candidate}/releve-notes-v1.pdf";
                    if (onDisk is not null)
                    {
                        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(files, path))!);
                        await File.WriteAllBytesAsync(Path.Combine(files, path), onDisk);
                    }
                    var documentId = await cn.ExecuteScalarAsync<long>(
                        "INSERT INTO documents (session_code, candidate_number, kind) VALUES ('CFG-2026-06', @candidate, 'releve-notes') RETURNING id", new { candidate });
                    return await cn.ExecuteScalarAsync<long>("""
                        INSERT INTO document_versions (document_id, version, content_hash, file_sha256, storage_path, bytes, generated_at, available_from, publisher, run_id)
                        VALUES (@documentId, 1, 'h', @sha, @path, @bytes, '2026-06-01T08:00:00.000Z', '2026-06-02T08:00:00.000Z', 'Service Examens et Concours', 'ancienne')
                        RETURNING id
                        """, new { documentId, sha = BlobStore.Sha256(recorded), path, bytes = recorded.Length });
                }
                for (var i = 1; i <= 5; i++)
                {
                    var pdf = Encoding.UTF8.GetBytes($"%PDF-1.4\n% relevé de notes du candidat {i}\n%%EOF\n");
                    documents[await Version($"00000{i}", pdf, pdf)] = pdf;
                }
                var original = Encoding.UTF8.GetBytes("%PDF-1.4\n% publié par le Service A\n%%EOF\n");
                tampered = await Version("000006", original, Encoding.UTF8.GetBytes("%PDF-1.4\n% publié par le Service B\n%%EOF\n"));
                missing = await Version("000007", original, null);
                Directory.CreateDirectory(Path.Combine(files, "runs", "r1"));
                await File.WriteAllBytesAsync(Path.Combine(files, "runs", "r1", "notes.csv"), csv);
                await cn.ExecuteAsync("""
                    INSERT INTO runs (id, definition_id, definition_version, template_versions, session_code, caller, parameters, criteria, state,
                                      progress_done, progress_total, created_at, output_path, output_name, output_content_type, output_sha256, output_bytes)
                    VALUES ('r1', 'extraction-notes', 1, '{}', 'CFG-2026-06', 'etablissement:0783546F:etab', '{}', '[]', 'Succeeded', 0, 0,
                            '2026-06-01T08:00:00.000Z', 'runs/r1/notes.csv', 'notes.csv', 'text/csv; charset=utf-8', @sha, @bytes)
                    """, new { sha = BlobStore.Sha256(csv), bytes = csv.Length });
            }
            (legacy as IDisposable)?.Dispose();

            // The new release starts on that folder.
            var engine = await TestEngine.OpenAsync(new EngineOptions { DataDir = dataDir, PostgresConnection = connection }, TimeProvider.System);
            try
            {
                Assert.Equal(6, engine.FolderMigration.Migrated);
                var issues = engine.FolderMigration.Issues.OrderBy(i => i.Owner, StringComparer.Ordinal).ToList();
                Assert.Equal(2, issues.Count);
                var changed = Assert.Single(issues, i => i.Owner == $"version:{tampered}");
                Assert.Equal(FolderMigration.HashMismatch, changed.Problem);
                Assert.Equal(BlobStore.Sha256(Encoding.UTF8.GetBytes("%PDF-1.4\n% publié par le Service B\n%%EOF\n")), changed.ActualSha256);
                Assert.Equal(FolderMigration.MissingFile, Assert.Single(issues, i => i.Owner == $"version:{missing}").Problem);

                foreach (var (id, bytes) in documents)
                {
                    var (_, content) = await engine.DocumentAccess.OpenAsync(Caller.Manager("gestionnaire"), id);
                    await using (content)
                    {
                        using var ms = new MemoryStream();
                        await content.CopyToAsync(ms);
                        Assert.Equal(bytes, ms.ToArray());
                    }
                }
                Assert.Equal(csv, await engine.Blobs.ReadAllAsync(BlobStore.Sha256(csv)));
                // The changed file is neither served nor kept under any name.
                var refused = await Assert.ThrowsAsync<StoredContentMissingException>(() => engine.DocumentAccess.OpenAsync(Caller.Manager("gestionnaire"), tampered));
                Assert.Contains("absent de la base", refused.Message);
                Assert.False(await engine.Blobs.ExistsAsync(changed.ActualSha256!));
            }
            finally
            {
                (engine.Database as IDisposable)?.Dispose();
            }

            // Started again: nothing more to do, the issues stay recorded once.
            var again = await TestEngine.OpenAsync(new EngineOptions { DataDir = dataDir, PostgresConnection = connection }, TimeProvider.System);
            try
            {
                Assert.Equal(0, again.FolderMigration.Migrated);
                Assert.Empty(again.FolderMigration.Issues);
                Assert.Equal(2, (await new FolderMigration(again.Database, again.Blobs, again.Files, TimeProvider.System).ListIssuesAsync()).Count);
            }
            finally
            {
                (again.Database as IDisposable)?.Dispose();
            }
        }
        finally
        {
            if (pg is not null) await pg.DisposeAsync();
            Directory.Delete(dataDir, true);
        }
    }

    sealed class PostgresDatabaseHandle(Engine.Data.Postgres.PostgresDatabase database) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresServer.DropDatabaseAsync(database);
        }
    }
}
