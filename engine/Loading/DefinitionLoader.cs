using System.Text;
using CfgResults.Engine.Definitions;

namespace CfgResults.Engine.Loading;

/// <summary>The definition when it is valid (then Diagnostics is empty), else null and every error found.</summary>
public sealed record LoadResult(WorkflowDefinition? Definition, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Definition is not null;
}

/// <summary>The valid definitions of a folder, and the errors of the others (a bad file does not hide the good ones).</summary>
public sealed record FolderLoadResult(IReadOnlyList<WorkflowDefinition> Definitions, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>Limits applied before and while parsing (SECURITY.md row 7).</summary>
public sealed record DefinitionLoaderOptions
{
    /// <summary>Bigger files are refused before any parsing. A real definition is a few KiB.</summary>
    public int MaxBytes { get; init; } = 256 * 1024;

    /// <summary>Collections nested deeper are refused. A definition needs 5 levels (steps → step → option → list → map).</summary>
    public int MaxDepth { get; init; } = 12;

    /// <summary>At most this many diagnostics per file are returned, then CFG029.</summary>
    public int MaxDiagnostics { get; init; } = 100;
}

/// <summary>
/// YAML definition → <see cref="WorkflowDefinition"/>: parse (refusing what a definition never needs),
/// then validate against the criteria catalogue, the step kinds and the templates, reporting every
/// error at once with file(line,column) and a code. Never throws on bad input.
/// </summary>
public sealed class DefinitionLoader(IStepKindCatalog steps, ITemplateChecker templates, DefinitionLoaderOptions? options = null)
{
    readonly DefinitionLoaderOptions limits = options ?? new DefinitionLoaderOptions();
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>fileName is used in diagnostics and gives the expected id (`definitions/extraction-notes.yaml` → `extraction-notes`).</summary>
    public LoadResult LoadText(string fileName, string text)
    {
        // Counting bytes is a plain pass over the text: the cap holds before the parser sees anything.
        var size = Encoding.UTF8.GetByteCount(text);
        if (size > limits.MaxBytes) return TooLarge(fileName, size);
        var diagnostics = new List<Diagnostic>();
        var root = new SafeYamlReader(fileName, limits.MaxDepth, diagnostics).Read(text);
        WorkflowDefinition? definition = null;
        // A tree that failed to parse would only add misleading "missing key" errors.
        if (!diagnostics.Any(d => d.Code is DiagnosticCodes.YamlSyntax or DiagnosticCodes.UnclosedBracket or DiagnosticCodes.NotOneMapping or DiagnosticCodes.TooDeep))
            definition = new DefinitionBinder(fileName, ExpectedId(fileName), diagnostics, steps, templates).Bind(root);
        return Result(fileName, diagnostics.Count == 0 ? definition : null, diagnostics);
    }

    /// <summary>Reads at most MaxBytes + 1 bytes, so an oversized upload is refused without being read whole.</summary>
    public LoadResult LoadStream(string fileName, Stream stream)
    {
        if (stream.CanSeek && stream.Length - stream.Position > limits.MaxBytes)
            return TooLarge(fileName, stream.Length - stream.Position);
        var buffer = new byte[limits.MaxBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0) read += n;
        if (read > limits.MaxBytes) return TooLarge(fileName, read);
        return LoadBytes(fileName, buffer.AsSpan(0, read));
    }

    public LoadResult LoadFile(string path, string? displayName = null)
    {
        var name = displayName ?? path;
        try
        {
            var info = new FileInfo(path);
            if (info.Length > limits.MaxBytes) return TooLarge(name, info.Length);
            using var stream = info.OpenRead();
            return LoadStream(name, stream);
        }
        catch (IOException e)
        {
            return Result(name, null, [Messages.At(new SourceLocation(name, 1, 1), DiagnosticCodes.FileUnreadable, e.Message)]);
        }
        catch (UnauthorizedAccessException e)
        {
            return Result(name, null, [Messages.At(new SourceLocation(name, 1, 1), DiagnosticCodes.FileUnreadable, e.Message)]);
        }
    }

    /// <summary>Every `*.yaml` of the folder (not its subfolders), in name order; ids must be unique.</summary>
    public FolderLoadResult LoadFolder(string directory)
    {
        var definitions = new List<WorkflowDefinition>();
        var diagnostics = new List<Diagnostic>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var result = LoadFile(path);
            diagnostics.AddRange(result.Diagnostics);
            if (result.Definition is not { } definition) continue;
            if (seen.TryGetValue(definition.Id, out var first))
            {
                diagnostics.Add(Messages.At(definition.Location, DiagnosticCodes.DuplicateDefinitionId, definition.Id, first));
                continue;
            }
            seen[definition.Id] = path;
            definitions.Add(definition);
        }
        return new FolderLoadResult(definitions, diagnostics);
    }

    LoadResult LoadBytes(string fileName, ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(Encoding.UTF8.Preamble)) bytes = bytes[Encoding.UTF8.Preamble.Length..];
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Result(fileName, null, [Messages.At(new SourceLocation(fileName, 1, 1), DiagnosticCodes.InvalidEncoding)]);
        }
        return LoadText(fileName, text);
    }

    LoadResult TooLarge(string fileName, long size) =>
        Result(fileName, null, [Messages.At(new SourceLocation(fileName, 1, 1), DiagnosticCodes.FileTooLarge, size, limits.MaxBytes)]);

    /// <summary>Diagnostics of the definition's own file in reading order, then those of the templates it names.</summary>
    LoadResult Result(string fileName, WorkflowDefinition? definition, List<Diagnostic> diagnostics)
    {
        var ordered = diagnostics
            .Select((d, i) => (d, i))
            .OrderBy(x => x.d.Location.File == fileName ? 0 : 1)
            .ThenBy(x => x.d.Location.File == fileName ? x.d.Location.Line : 0)
            .ThenBy(x => x.d.Location.File == fileName ? x.d.Location.Column : 0)
            .ThenBy(x => x.i)
            .Select(x => x.d)
            .ToList();
        if (ordered.Count > limits.MaxDiagnostics)
        {
            ordered = ordered.Take(limits.MaxDiagnostics).ToList();
            ordered.Add(Messages.At(ordered[^1].Location, DiagnosticCodes.TooManyErrors, limits.MaxDiagnostics));
        }
        return new LoadResult(definition, ordered);
    }

    static string ExpectedId(string fileName) => Path.GetFileNameWithoutExtension(fileName.Replace('\\', '/'));
}
