namespace CfgResults.Engine.Templates;

/// <summary>
/// The shipped `templates/` folder. A name is validated before any file access; then the resolved path,
/// symbolic links followed, must still lie under the root, so a link pointing outside is refused too.
/// </summary>
public sealed class FolderTemplateSource : ITemplateSource
{
    /// <summary>Larger templates are refused: no legitimate template comes near it.</summary>
    public const long MaxTemplateBytes = 1024 * 1024;

    readonly string _root;

    public FolderTemplateSource(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"dossier de modèles introuvable : {full}");
        _root = Path.TrimEndingDirectorySeparator(ResolveLinks(full)) + Path.DirectorySeparatorChar;
    }

    public string Root => _root;

    public string? Read(string name)
    {
        TemplateName.Validate(name);
        var candidate = Path.GetFullPath(Path.Combine(_root, name.Replace('/', Path.DirectorySeparatorChar)));
        if (!IsUnderRoot(candidate)) throw new TemplateNameException(name, "chemin hors du dossier des modèles");
        if (!File.Exists(candidate)) return null;

        var resolved = ResolveLinks(candidate);
        if (!IsUnderRoot(resolved)) throw new TemplateNameException(name, "lien symbolique hors du dossier des modèles");

        var info = new FileInfo(resolved);
        if (info.Length > MaxTemplateBytes) throw new TemplateNameException(name, $"modèle trop volumineux (plus de {MaxTemplateBytes} octets)");
        return File.ReadAllText(resolved);
    }

    public IEnumerable<string> List()
    {
        foreach (var file in Directory.EnumerateFiles(_root, "*.sbn", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');
            // Files whose names break the rule cannot be read, so they are not listed either.
            if (TemplateName.IsValid(name)) yield return name;
        }
    }

    bool IsUnderRoot(string fullPath) => fullPath.StartsWith(_root, StringComparison.Ordinal);

    /// <summary>Follows symbolic links on every segment of the path, so a linked folder is resolved too.</summary>
    static string ResolveLinks(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? "/";
        var current = root;
        foreach (var segment in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, segment);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                if (target is not null) current = ResolveLinks(Path.GetFullPath(target.FullName));
            }
        }
        return current;
    }
}
