using System.Xml.Linq;
using CfgResults.Engine.Data;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace CfgResults.Host.Setup;

/// <summary>
/// The ASP.NET Core Data Protection key ring in the product's database (<see cref="KeyRingStore"/>), so that every
/// host pointed at one database protects and unprotects with the same keys: a sign-in cookie or an antiforgery token
/// issued by one host is accepted by another, and no key lives on a host's disk. Keys of a previous release
/// (<c>DATA/keys/*.xml</c>) are copied in once, so that signed-in users stay signed in.
/// </summary>
public sealed class DatabaseKeyRing(KeyRingStore store, string? legacyFolder = null) : IXmlRepository
{
    int _legacyImported;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        ImportLegacyOnce();
        return store.ListXml().Select(x => XElement.Parse(x)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName) =>
        store.Add(element.ToString(SaveOptions.DisableFormatting), friendlyName);

    void ImportLegacyOnce()
    {
        if (legacyFolder is null || Interlocked.Exchange(ref _legacyImported, 1) == 1 || !Directory.Exists(legacyFolder)) return;
        store.AddAll(Directory.EnumerateFiles(legacyFolder, "key-*.xml").Order(StringComparer.Ordinal)
            .Select(file => (XElement.Load(file).ToString(SaveOptions.DisableFormatting), Path.GetFileNameWithoutExtension(file)[4..])));
    }
}
