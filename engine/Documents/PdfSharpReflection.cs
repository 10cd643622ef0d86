using System.Reflection;
using PdfSharp.Pdf;

namespace CfgResults.Engine.Documents;

/// <summary>
/// PDFsharp creates its typed dictionaries and arrays through <c>Type.GetConstructor(…).Invoke</c> on every access. The
/// runtime keeps a type's reflection cache only as long as something references it (a weak handle), so with the many
/// collections of a publication the constructors were looked up afresh, and each new <see cref="ConstructorInfo"/>
/// compiled a new invocation stub (a dynamic method, finalized later): about a tenth of the drawing time went to the
/// finalizer thread. Holding every PDFsharp object type's constructors keeps those caches, and their stubs, for good.
/// Found when PDFsharp drew the transcripts; it now matters to <see cref="TaggedPdfMerger"/>, which reads published PDFs
/// back with PDFsharp for a bulk file.
/// </summary>
internal static class PdfSharpReflection
{
    static readonly ConstructorInfo[][] Constructors = typeof(PdfObject).Assembly.GetTypes()
        .Where(t => typeof(PdfItem).IsAssignableFrom(t) && !t.IsAbstract && !t.ContainsGenericParameters)
        .Select(t => t.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        .ToArray();

    /// <summary>Loads the constructors once (the first call); afterwards a field read.</summary>
    public static int EnsureAnchored() => Constructors.Length;
}
