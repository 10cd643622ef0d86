using System.IO.Compression;
using CfgResults.Engine.Import;

namespace CfgResults.Host.Pages.Gestion;

/// <summary>
/// Unpacks an uploaded session (.zip of the interchange folder, IMPORT-FORMAT.md) into a fresh folder, after
/// checking every entry (SECURITY.md rows 4 and 7): only the known file names, at the root or in one single
/// folder; no `..`, no absolute or drive path, no backslash; a bounded number of entries and a bounded
/// uncompressed size, counted on the bytes actually inflated (an entry's declared size can lie). Nothing
/// of an entry's path reaches the disk: each file is written under its known name only.
/// </summary>
public static class SessionZip
{
    /// <summary>Largest upload accepted by default (`CfgResults:MaxSessionUploadMegabytes`; the page's request limit follows it).</summary>
    public const long MaxUploadBytes = 200L * 1024 * 1024;

    /// <summary>Largest total once inflated: a brevet-size session (850 000 candidates) is about 400 MB of CSV.</summary>
    public const long MaxUncompressedBytes = 2L * 1024 * 1024 * 1024;

    public const int MaxEntries = 20;

    /// <summary>Every problem of the archive (French), or none and the folder now holds the session's files.</summary>
    public static IReadOnlyList<string> Extract(Stream zip, string folder, long maxUncompressedBytes = MaxUncompressedBytes)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            return ["Le fichier n'est pas une archive .zip lisible."];
        }
        using (archive)
        {
            var errors = new List<string>();
            var entries = archive.Entries;
            if (entries.Count > MaxEntries)
                return [$"L'archive contient {entries.Count} éléments ; au plus {MaxEntries} sont admis (les fichiers {string.Join(", ", InterchangeFormat.Files)})."];

            var folders = new HashSet<string>(StringComparer.Ordinal);
            var files = new List<(ZipArchiveEntry Entry, string Name)>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            long declared = 0;
            foreach (var entry in entries)
            {
                var path = entry.FullName;
                if (Reason(path) is { } reason)
                {
                    errors.Add($"« {Printable(path)} » : {reason}.");
                    continue;
                }
                var segments = path.TrimEnd('/').Split('/');
                if (path.EndsWith('/'))
                {
                    if (segments.Length != 1) errors.Add($"« {Printable(path)} » : un seul niveau de dossier est admis.");
                    else folders.Add(segments[0]);
                    continue;
                }
                if (segments.Length > 2)
                {
                    errors.Add($"« {Printable(path)} » : un seul niveau de dossier est admis.");
                    continue;
                }
                var name = segments[^1];
                if (!InterchangeFormat.Files.Contains(name, StringComparer.Ordinal))
                {
                    errors.Add($"« {Printable(path)} » : fichier inattendu (attendus : {string.Join(", ", InterchangeFormat.Files)}).");
                    continue;
                }
                if (!seen.Add(name))
                {
                    errors.Add($"« {Printable(path)} » : fichier en double.");
                    continue;
                }
                folders.Add(segments.Length == 2 ? segments[0] : "");
                declared += entry.Length;
                files.Add((entry, name));
            }
            if (folders.Count > 1)
                errors.Add("Les fichiers doivent être tous à la racine de l'archive ou tous dans un même dossier.");
            if (declared > maxUncompressedBytes)
                errors.Add($"L'archive décompressée ferait {Megabytes(declared)} ; au plus {Megabytes(maxUncompressedBytes)} sont admis.");
            if (errors.Count == 0 && files.Count == 0)
                errors.Add($"L'archive ne contient aucun des fichiers attendus ({string.Join(", ", InterchangeFormat.Files)}).");
            if (errors.Count > 0) return errors;

            long remaining = maxUncompressedBytes;
            foreach (var (entry, name) in files)
            {
                using var input = entry.Open();
                using var output = new FileStream(Path.Combine(folder, name), FileMode.CreateNew, FileAccess.Write);
                // At most the declared size and what is left of the total: a header that lies is caught here.
                var limit = Math.Min(entry.Length, remaining);
                var copied = CopyAtMost(input, output, limit + 1);
                if (copied > limit)
                    return [$"« {Printable(entry.FullName)} » : taille décompressée supérieure à celle annoncée ou à la limite de {Megabytes(maxUncompressedBytes)} ; archive refusée."];
                remaining -= copied;
            }
            return [];
        }
    }

    /// <summary>Why an entry path is refused, or null.</summary>
    static string? Reason(string path)
    {
        if (path.Length == 0) return "nom vide";
        if (path.Length > 260) return "nom trop long";
        if (path.Any(char.IsControl)) return "caractère de contrôle interdit";
        if (path.Contains('\\')) return "barre oblique inverse interdite";
        if (path.StartsWith('/') || path.Contains(':')) return "chemin absolu interdit";
        var segments = path.TrimEnd('/').Split('/');
        if (segments.Any(s => s is ".." or "." or "")) return "segment « .. », « . » ou vide interdit";
        return null;
    }

    static long CopyAtMost(Stream input, Stream output, long max)
    {
        var buffer = new byte[81920];
        long total = 0;
        while (total < max)
        {
            var read = input.Read(buffer, 0, (int)Math.Min(buffer.Length, max - total));
            if (read == 0) break;
            output.Write(buffer, 0, read);
            total += read;
        }
        return total;
    }

    static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.#} Mo".Replace('.', ',');

    static string Printable(string path) => new(path.Select(c => char.IsControl(c) ? '?' : c).Take(120).ToArray());
}
