using PdfSharp.Drawing;
using PdfSharp.Fonts;

namespace CfgResults.Engine.Documents;

/// <summary>The four faces the layout uses.</summary>
public enum FontFace { Regular = 0, Bold = 1, Italic = 2, BoldItalic = 3 }

/// <summary>
/// The fonts of every generated document. PDFsharp has one font resolver per process
/// (<see cref="GlobalFontSettings.FontResolver"/>): it is installed once, on first use, from one folder
/// (default <see cref="DefaultFolder"/>, Debian's fonts-dejavu-core). Call <see cref="Configure"/> at start-up
/// to choose another folder; asking for a different folder later is an error rather than a silent no-op.
/// </summary>
public static class DocumentFonts
{
    public const string DefaultFolder = "/usr/share/fonts/truetype/dejavu";

    /// <summary>The family name our layout asks PDFsharp for; unrelated to any system family name.</summary>
    internal const string Family = "CfgResults Sans";

    static readonly Lock Gate = new();
    static string? _folder;
    static FolderFontResolver? _resolver;

    /// <summary>Chooses the font folder for this process (idempotent for the same folder).</summary>
    public static void Configure(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var full = Path.GetFullPath(folder);
        lock (Gate)
        {
            if (_folder is not null)
            {
                if (!string.Equals(_folder, full, StringComparison.Ordinal))
                    throw new InvalidOperationException(DocumentMessages.FontFolderAlreadyConfigured(_folder, full));
                return;
            }
            Install(full);
        }
    }

    /// <summary>Installs the resolver over the default folder unless one of ours is installed already.</summary>
    internal static void EnsureInstalled()
    {
        if (Volatile.Read(ref _resolver) is not null) return;
        lock (Gate)
        {
            if (_resolver is null) Install(_folder ?? DefaultFolder);
        }
    }

    /// <summary>The folder in use (after first use or <see cref="Configure"/>).</summary>
    public static string? Folder => _folder;

    static void Install(string folder)
    {
        var resolver = new FolderFontResolver(folder);
        var current = GlobalFontSettings.FontResolver;
        if (current is not null and not FolderFontResolver)
            throw new InvalidOperationException(DocumentMessages.ForeignFontResolver(current.GetType().FullName ?? "?"));
        if (current is null)
            GlobalFontSettings.FontResolver = resolver;
        else
            resolver = (FolderFontResolver)current;
        _folder = folder;
        Volatile.Write(ref _resolver, resolver);
    }

    internal static XFontStyleEx Style(FontFace face) => face switch
    {
        FontFace.Bold => XFontStyleEx.Bold,
        FontFace.Italic => XFontStyleEx.Italic,
        FontFace.BoldItalic => XFontStyleEx.BoldItalic,
        _ => XFontStyleEx.Regular,
    };

    /// <summary>
    /// Resolves our family to the DejaVu Sans files of one folder. Regular and bold are required (a clear
    /// French error names the missing file); the oblique faces are used when present, simulated otherwise.
    /// </summary>
    sealed class FolderFontResolver : IFontResolver
    {
        static readonly string[] Files = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"];
        readonly string _folder;
        readonly bool[] _present = new bool[4];
        readonly byte[]?[] _bytes = new byte[]?[4];

        public FolderFontResolver(string folder)
        {
            _folder = folder;
            for (int i = 0; i < Files.Length; i++)
            {
                var path = Path.Combine(folder, Files[i]);
                _present[i] = File.Exists(path);
                if (!_present[i] && i < 2) throw new InvalidOperationException(DocumentMessages.FontMissing(path));
            }
        }

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
        {
            if (!string.Equals(familyName, Family, StringComparison.Ordinal)) return null;
            int index = (bold ? 1 : 0) + (italic ? 2 : 0);
            if (_present[index]) return new FontResolverInfo(Files[index]);
            // No oblique file: draw the upright face slanted.
            return new FontResolverInfo(Files[bold ? 1 : 0], mustSimulateBold: false, mustSimulateItalic: true);
        }

        public byte[]? GetFont(string faceName)
        {
            int index = Array.IndexOf(Files, faceName);
            if (index < 0) return null;
            var bytes = Volatile.Read(ref _bytes[index]);
            if (bytes is not null) return bytes;
            var path = Path.Combine(_folder, faceName);
            if (!File.Exists(path)) throw new InvalidOperationException(DocumentMessages.FontMissing(path));
            bytes = File.ReadAllBytes(path);
            Volatile.Write(ref _bytes[index], bytes);
            return bytes;
        }
    }
}
