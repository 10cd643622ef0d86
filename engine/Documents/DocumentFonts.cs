using CfgResults.Engine.Documents.Fonts;
using PdfSharp.Fonts;

namespace CfgResults.Engine.Documents;

/// <summary>The four faces the layout uses.</summary>
public enum FontFace { Regular = 0, Bold = 1, Italic = 2, BoldItalic = 3 }

/// <summary>
/// The fonts of every generated document. PDFsharp has one font resolver per process
/// (<see cref="GlobalFontSettings.FontResolver"/>): it is installed once, on first use, from one folder
/// (default <see cref="DefaultFolder"/>, Debian's fonts-dejavu-core). Call <see cref="Configure"/> at start-up
/// to choose another folder; asking for a different folder later is an error rather than a silent no-op.
/// <para>
/// By default (<see cref="UseCompactFonts"/>) the family is compact copies of the DejaVu faces, built in
/// memory at first use by <see cref="TrueTypeSubsetter"/>: only the characters of <see cref="CompactFontSet"/>,
/// no hinting. PDFsharp measures them (<see cref="FontMetrics"/>) and <see cref="PdfRenderer"/> embeds the subset
/// of them a document draws. The compact faces would draw a character outside the set as DejaVu's .notdef box, so
/// <see cref="LayoutEngine"/> lays out and draws a document that needs such a character (a Romanian or Greek
/// name…) entirely with <see cref="FullFamily"/>, which always resolves to the complete faces
/// (<see cref="LayoutEngine.FontFamilyFor"/>, <see cref="CompactFontSet.Covers"/>).
/// </para>
/// </summary>
public static class DocumentFonts
{
    public const string DefaultFolder = "/usr/share/fonts/truetype/dejavu";

    /// <summary>The family name our layout asks PDFsharp for; unrelated to any system family name.</summary>
    internal const string Family = "CfgResults Sans";

    /// <summary>Always the complete DejaVu faces, whatever <see cref="UseCompactFonts"/> says.</summary>
    internal const string FullFamily = "CfgResults Sans Complet";

    static readonly Lock Gate = new();
    static string? _folder;
    static FolderFontResolver? _resolver;
    static bool _compact = true;

    /// <summary>
    /// True (default): <see cref="Family"/> uses the compact faces. PDFsharp caches fonts for the life of the
    /// process, so this is chosen once, before the first document; changing it afterwards is an error.
    /// </summary>
    public static bool UseCompactFonts
    {
        get => Volatile.Read(ref _compact);
        set
        {
            lock (Gate)
            {
                if (_resolver is not null && value != _compact)
                    throw new InvalidOperationException(FontMessages.CompactSwitchTooLate(_compact));
                _compact = value;
            }
        }
    }

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
        var resolver = new FolderFontResolver(folder, _compact);
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

    /// <summary>
    /// The font file a PDF embeds (a subset of) for one face of <paramref name="family"/>, as PDFsharp would be given
    /// it, and whether the slant must be simulated (no oblique file in the folder).
    /// </summary>
    internal static (byte[] File, bool SimulateItalic) FaceFile(string family, FontFace face)
    {
        EnsureInstalled();
        var resolver = Volatile.Read(ref _resolver)!;
        var info = resolver.ResolveTypeface(family, (face & FontFace.Bold) != 0, (face & FontFace.Italic) != 0)
            ?? throw new ArgumentException(DocumentMessages.UnknownFontFamily(family), nameof(family));
        return (resolver.GetFont(info.FaceName) ?? throw new InvalidOperationException(DocumentMessages.UnknownFontFamily(family)), info.MustSimulateItalic);
    }

    /// <summary>
    /// Resolves our families to the DejaVu Sans files of one folder. Regular and bold are required (a clear
    /// French error names the missing file); the oblique faces are used when present, simulated otherwise.
    /// Face names: the file name for a complete face, <see cref="CompactPrefix"/> + file name for a compact one.
    /// </summary>
    sealed class FolderFontResolver : IFontResolver
    {
        static readonly string[] Files = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"];
        const string CompactPrefix = "compact:";
        /// <summary>The compact faces are named "DejaVu Sans Compact …" so PDFsharp can hold them beside the full ones.</summary>
        const string CompactNameSuffix = "Compact";
        readonly string _folder;
        readonly bool _compact;
        readonly bool[] _present = new bool[4];
        readonly byte[]?[] _bytes = new byte[]?[4];
        readonly Lazy<byte[]>?[] _compactBytes = new Lazy<byte[]>?[4];

        public FolderFontResolver(string folder, bool compact)
        {
            _folder = folder;
            _compact = compact;
            for (int i = 0; i < Files.Length; i++)
            {
                int index = i;
                // Built on first use of the face (a few milliseconds). PublicationOnly: two threads may both build
                // it (same bytes, one kept), and a failure is not cached, like a missing folder elsewhere here.
                _compactBytes[i] = new Lazy<byte[]>(
                    () => TrueTypeSubsetter.Subset(FullFont(index), CompactFontSet.CodePoints, CompactNameSuffix, notdefAdvanceOneEm: true),
                    LazyThreadSafetyMode.PublicationOnly);
            }
            for (int i = 0; i < Files.Length; i++)
            {
                var path = Path.Combine(folder, Files[i]);
                _present[i] = File.Exists(path);
                if (!_present[i] && i < 2) throw new InvalidOperationException(DocumentMessages.FontMissing(path));
            }
        }

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
        {
            bool compact;
            if (string.Equals(familyName, Family, StringComparison.Ordinal)) compact = _compact;
            else if (string.Equals(familyName, FullFamily, StringComparison.Ordinal)) compact = false;
            else return null;
            string prefix = compact ? CompactPrefix : "";
            int index = (bold ? 1 : 0) + (italic ? 2 : 0);
            if (_present[index]) return new FontResolverInfo(prefix + Files[index]);
            // No oblique file: draw the upright face slanted.
            return new FontResolverInfo(prefix + Files[bold ? 1 : 0], mustSimulateBold: false, mustSimulateItalic: true);
        }

        public byte[]? GetFont(string faceName)
        {
            bool compact = faceName.StartsWith(CompactPrefix, StringComparison.Ordinal);
            int index = Array.IndexOf(Files, compact ? faceName[CompactPrefix.Length..] : faceName);
            if (index < 0) return null;
            return compact ? _compactBytes[index]!.Value : FullFont(index);
        }

        byte[] FullFont(int index)
        {
            var bytes = Volatile.Read(ref _bytes[index]);
            if (bytes is not null) return bytes;
            var path = Path.Combine(_folder, Files[index]);
            if (!File.Exists(path)) throw new InvalidOperationException(DocumentMessages.FontMissing(path));
            bytes = File.ReadAllBytes(path);
            Volatile.Write(ref _bytes[index], bytes);
            return bytes;
        }
    }
}
