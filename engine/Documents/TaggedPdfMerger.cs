using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;
using PdfSharp.UniversalAccessibility;

namespace CfgResults.Engine.Documents;

/// <summary>
/// Concatenates tagged PDFs (the published transcripts of a bulk file) page by page, keeping what makes them
/// accessible: each source's structure tree becomes a Sect element of the merged document, in order, with its
/// page references and parent tree entries moved to the copied pages. The pages themselves are copied as they
/// are (PDFsharp import), so the bulk file shows exactly what was published. A source without a structure
/// tree (a file published before documents were tagged) contributes its pages only.
/// </summary>
public sealed class TaggedPdfMerger : IDisposable
{
    readonly PdfDocument _output = new();
    readonly List<PdfDictionary> _sections = [];
    readonly List<(PdfPage Page, PdfArray? Parents)> _pages = [];

    public TaggedPdfMerger() => PdfSharpReflection.EnsureAnchored();

    public int PageCount => _output.PageCount;

    public void Append(Stream pdf)
    {
        using var source = PdfReader.Open(pdf, PdfDocumentOpenMode.Import);
        var pages = new Dictionary<PdfObjectID, PdfPage>();
        var added = new List<PdfPage>();
        foreach (var page in source.Pages)
        {
            var copy = _output.AddPage(page);
            pages[page.Reference!.ObjectID] = copy;
            added.Add(copy);
        }
        var root = source.Internals.Catalog.Elements.GetDictionary("/StructTreeRoot");
        if (root is null)
        {
            foreach (var copy in added) _pages.Add((copy, null));
            return;
        }

        var clones = new Dictionary<PdfObjectID, PdfDictionary>();
        var section = NewElement("/Sect");
        var kids = new PdfArray(_output);
        foreach (var top in Items(root.Elements["/K"]))
        {
            // The source's Document element is replaced by this Sect: its children are copied under it.
            var element = Resolve(top);
            if (element is null) continue;
            var children = element.Elements.GetName("/S") == "/Document" ? Items(element.Elements["/K"]) : [top];
            foreach (var child in children)
                if (Copy(child, section, pages, clones) is { } item) kids.Elements.Add(item);
        }
        section.Elements["/K"] = kids;
        _sections.Add(section);

        var parentTree = new Dictionary<int, PdfArray>();
        CollectNumbers(root.Elements.GetDictionary("/ParentTree"), parentTree);
        for (int i = 0; i < source.PageCount; i++)
        {
            var sourcePage = source.Pages[i];
            PdfArray? parents = null;
            if (sourcePage.Elements.ContainsKey("/StructParents") && parentTree.TryGetValue(sourcePage.Elements.GetInteger("/StructParents"), out var old))
            {
                parents = new PdfArray(_output);
                foreach (var item in old.Elements)
                    parents.Elements.Add(item is PdfReference r && clones.TryGetValue(r.ObjectID, out var clone) ? clone.Reference! : PdfNull.Value);
            }
            _pages.Add((added[i], parents));
        }
    }

    /// <summary>Builds the structure tree root (PDFsharp's <see cref="UAManager"/>) and saves the merged document.</summary>
    public void Save(Stream output, string title, DateTime createdAt)
    {
        var ua = UAManager.ForDocument(_output);
        var document = ua.StructureTreeElementDocument;
        var kids = new PdfArray(_output);
        foreach (var section in _sections)
        {
            section.Elements.SetReference("/P", document);
            kids.Elements.Add(section.Reference!);
        }
        document.Elements["/K"] = kids;
        var parentTree = (PdfNumberTreeNode)ua.StructureTreeRoot.Elements.GetDictionary("/ParentTree")!;
        int key = 0;
        foreach (var (page, parents) in _pages)
        {
            page.Elements.Remove("/StructParents");
            if (parents is null) continue;
            page.Elements.SetInteger("/StructParents", key);
            parentTree.AddNumber(key++, parents);
        }
        ua.StructureTreeRoot.Elements.SetInteger("/ParentTreeNextKey", key);
        ua.SetDocumentLanguage("fr-FR");
        _output.Info.Title = title;
        _output.Info.CreationDate = createdAt;
        _output.Info.ModificationDate = createdAt;

        using var buffer = new MemoryStream();
        _output.Save(buffer, closeStream: false);
        output.Write(ObjectStreams.Pack(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    public void Dispose() => _output.Dispose();

    PdfDictionary NewElement(string type)
    {
        var element = new PdfDictionary(_output);
        _output.Internals.AddObject(element);
        element.Elements.SetName("/Type", "/StructElem");
        element.Elements.SetName("/S", type);
        return element;
    }

    /// <summary>
    /// Copies a structure item into the output: elements are cloned (their /P set to <paramref name="parent"/>),
    /// page references point at the copied pages, marked-content references and attributes are copied.
    /// </summary>
    PdfItem? Copy(PdfItem item, PdfDictionary parent, Dictionary<PdfObjectID, PdfPage> pages, Dictionary<PdfObjectID, PdfDictionary> clones)
    {
        switch (item)
        {
            case PdfReference r when pages.TryGetValue(r.ObjectID, out var page):
                return page.Reference;
            case PdfReference r when r.Value is PdfDictionary d && d.Elements.ContainsKey("/S"):
                if (clones.TryGetValue(r.ObjectID, out var done)) return done.Reference;
                var clone = new PdfDictionary(_output);
                _output.Internals.AddObject(clone);
                clones[r.ObjectID] = clone;
                foreach (var key in d.Elements.Keys)
                {
                    if (key == "/P") clone.Elements.SetReference("/P", parent);
                    else if (Copy(d.Elements[key]!, clone, pages, clones) is { } value) clone.Elements[key] = value;
                }
                return clone.Reference;
            case PdfReference:
                return null; // not a page of this source nor a structure element: nothing to point at
            case PdfArray a:
                var array = new PdfArray(_output);
                foreach (var e in a.Elements)
                    if (Copy(e, parent, pages, clones) is { } value) array.Elements.Add(value);
                return array;
            case PdfDictionary d:
                var dictionary = new PdfDictionary(_output);
                foreach (var key in d.Elements.Keys)
                    if (Copy(d.Elements[key]!, parent, pages, clones) is { } value) dictionary.Elements[key] = value;
                return dictionary;
            default:
                return item; // numbers, names, strings: plain values
        }
    }

    static PdfDictionary? Resolve(PdfItem item) => item as PdfDictionary ?? (item as PdfReference)?.Value as PdfDictionary;

    static IEnumerable<PdfItem> Items(PdfItem? item) => item switch
    {
        null => [],
        PdfArray a => a.Elements,
        PdfReference { Value: PdfArray a } => a.Elements,
        _ => [item],
    };

    /// <summary>A number tree's (key, array) pairs, following /Kids.</summary>
    static void CollectNumbers(PdfDictionary? node, Dictionary<int, PdfArray> into)
    {
        if (node is null) return;
        var nums = Items(node.Elements["/Nums"]).ToList();
        for (int i = 0; i + 1 < nums.Count; i += 2)
        {
            if (nums[i] is PdfInteger key && (nums[i + 1] as PdfArray ?? (nums[i + 1] as PdfReference)?.Value as PdfArray) is { } array)
                into[key.Value] = array;
        }
        foreach (var kid in Items(node.Elements["/Kids"]))
            CollectNumbers(Resolve(kid), into);
    }
}
