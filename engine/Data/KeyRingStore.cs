using System.Data.Common;

namespace CfgResults.Engine.Data;

/// <summary>
/// The ASP.NET Core Data Protection key ring's rows (table <c>data_protection_keys</c>, SQLite or PostgreSQL): every
/// host pointed at one database reads and adds the same keys. Synchronous, as the key ring's repository interface is.
/// </summary>
public sealed class KeyRingStore(IDatabase db, TimeProvider clock)
{
    /// <summary>Every key's XML, oldest first.</summary>
    public IReadOnlyList<string> ListXml()
    {
        using var cn = db.OpenAsync().GetAwaiter().GetResult();
        using var cmd = cn.CreateCommand();
        cmd.CommandText = "SELECT xml FROM data_protection_keys ORDER BY id";
        using var reader = cmd.ExecuteReader();
        var list = new List<string>();
        while (reader.Read()) list.Add(reader.GetString(0));
        return list;
    }

    /// <summary>Adds a key under its friendly name (its key id); a name already stored is kept as it is.</summary>
    public void Add(string xml, string friendlyName)
    {
        using var cn = db.OpenAsync().GetAwaiter().GetResult();
        Insert(cn, xml, friendlyName);
    }

    /// <summary>Adds several keys over one connection (the key files of a previous release).</summary>
    public void AddAll(IEnumerable<(string Xml, string FriendlyName)> keys)
    {
        using var cn = db.OpenAsync().GetAwaiter().GetResult();
        foreach (var (xml, name) in keys) Insert(cn, xml, name);
    }

    void Insert(DbConnection cn, string xml, string friendlyName)
    {
        using var cmd = cn.CreateCommand();
        // Two hosts creating a key at once: the names differ (key ids), both are kept; a same name twice is one key.
        cmd.CommandText = "INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@name, @xml, @at) ON CONFLICT (friendly_name) DO NOTHING";
        Add(cmd, "@name", friendlyName);
        Add(cmd, "@xml", xml);
        Add(cmd, "@at", StoreFormat.Instant(clock.GetUtcNow()));
        cmd.ExecuteNonQuery();
    }

    static void Add(DbCommand cmd, string name, string value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.DbType = System.Data.DbType.String;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
