namespace CfgResults.Engine.Hosting;

/// <summary>The definitions and templates shipped with the product.</summary>
public static class ShippedFiles
{
    public static (string Definitions, string Templates) Locate(EngineOptions options)
    {
        if (options.DefinitionsDir is { } d && options.TemplatesDir is { } t) return (d, t);
        var root = FindRoot() ?? throw new DirectoryNotFoundException(
            "Dossiers « definitions » et « templates » introuvables : lancez le programme depuis le dépôt ou indiquez leur emplacement.");
        return (options.DefinitionsDir ?? Path.Combine(root, "definitions"), options.TemplatesDir ?? Path.Combine(root, "templates"));
    }

    static string? FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, "definitions")) && Directory.Exists(Path.Combine(dir.FullName, "templates")))
                    return dir.FullName;
        }
        return null;
    }

    public static IEnumerable<(string Name, string Content)> Definitions(string dir) =>
        Directory.EnumerateFiles(dir, "*.yaml").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileNameWithoutExtension(f), File.ReadAllText(f)));

    public static IEnumerable<(string Name, string Content)> Templates(string dir) =>
        Directory.EnumerateFiles(dir, "*.sbn", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(dir, f).Replace('\\', '/'), File.ReadAllText(f)));
}
