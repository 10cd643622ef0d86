using System.Xml.Linq;
using CfgResults.Engine.Data;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace CfgResults.Host.Setup;

/// <summary>
/// The ASP.NET Core Data Protection key ring in the product's database (table <c>data_protection_keys</c>, SQLite or
/// PostgreSQL), so that every host pointed at one database protects and unprotects with the same keys: a sign-in
/// cookie or an antiforgery token issued by one host is accepted by another, and no key lives on a host's disk.
/// Keys of a previous release (<c>DATA/keys/*.xml</c>) are copied in once, so that signed-in users stay signed in.
/// </summary>
public sealed class DatabaseKeyRing(IDatabase db, TimeProvider clock, string? legacyFolder = null) : IXmlRepository
{
    int _legacyImported;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        ImportLegacyOnce();
        using var cn = db.OpenAsync().GetAwaiter().GetResult();
        using var cmd = cn.CreateCommand();
        cmd.CommandText = "SELECT xml FROM data_protection_keys ORDER BY id";
        using var reader = cmd.ExecuteReader();
        var list = new List<XElement>();
        while (reader.Read()) list.Add(XElement.Parse(reader.GetString(0)));
        return list;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var cn = db.OpenAsync().GetAwaiter().GetResult();
        Insert(cn, element.ToString(SaveOptions.DisableFormatting), friendlyName);
    }

    void Insert(System.Data.Common.DbConnection cn, string xml, string friendlyName)
    {
        using var cmd = cn.CreateCommand();
        // Two hosts creating a key at once: the names differ (key ids), both are kept; a same name twice is one key.
        cmd.CommandText = "INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@name, @xml, @at) ON CONFLICT (friendly_name) DO NOTHING";
        Add(cmd, "@name", friendlyName);
        Add(cmd, "@xml", xml);
        Add(cmd, "@at", Engine.Data.StoreFormat.Instant(clock.GetUtcNow()));
        cmd.ExecuteNonQuery();
    }

    static void Add(System.Data.Common.DbCommand cmd, string name, string value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.DbType = System.Data.DbType.String;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    void ImportLegacyOnce()
    {
        if (legacyFolder is null || Interlocked.Exchange(ref _legacyImported, 1) == 1 || !Directory.Exists(legacyFolder)) return;
        using var cn = db.OpenAsync().GetAwaiter().GetResult();
        foreach (var file in Directory.EnumerateFiles(legacyFolder, "key-*.xml").Order(StringComparer.Ordinal))
            Insert(cn, XElement.Load(file).ToString(SaveOptions.DisableFormatting), Path.GetFileNameWithoutExtension(file)[4..]);
    }
}
