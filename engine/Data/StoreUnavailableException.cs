using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CfgResults.Engine.Data;

/// <summary>
/// The store cannot be used at all: the SQLite file is corrupted or unreadable, or the PostgreSQL server is
/// unreachable or refuses the connection. The message is one French sentence naming the file or the server
/// (never the connection string, which may hold a password); the command line and <c>serve</c> print it
/// alone and exit with <c>5</c> (SECURITY.md row 20).
/// </summary>
public sealed class StoreUnavailableException(string message, Exception inner) : Exception(message, inner)
{
    /// <summary>Turns a failure met while opening the store into one sentence, or null when it is not a store failure.</summary>
    public static StoreUnavailableException? From(Exception e, string dataDir, string? postgresConnection)
    {
        if (!string.IsNullOrWhiteSpace(postgresConnection))
        {
            if (e is not (NpgsqlException or SocketException or TimeoutException or ArgumentException)) return null;
            string server;
            string database;
            try
            {
                var b = new NpgsqlConnectionStringBuilder(postgresConnection);
                server = $"{b.Host ?? "localhost"}:{b.Port}";
                database = b.Database ?? b.Username ?? "";
            }
            catch (ArgumentException)
            {
                return new StoreUnavailableException("La chaîne de connexion PostgreSQL (--db) est illisible : vérifiez sa forme « Host=…;Port=…;Username=…;Database=… ».", e);
            }
            return e is PostgresException pg
                ? new StoreUnavailableException(
                    $"Le serveur PostgreSQL {server} refuse l'accès à la base « {database} » ({pg.SqlState}) : vérifiez l'utilisateur, le mot de passe et le nom de la base.", e)
                : new StoreUnavailableException(
                    $"Le serveur PostgreSQL {server} (base « {database} ») est injoignable : vérifiez qu'il est démarré et que l'adresse donnée par --db est la bonne.", e);
        }
        var file = Path.GetFullPath(Path.Combine(dataDir, DatabaseFactory.SqliteFileName));
        return e switch
        {
            SqliteException { SqliteErrorCode: 11 or 26 } => new StoreUnavailableException(
                $"Le fichier de données {file} est endommagé (ce n'est pas une base SQLite lisible) : restaurez-le depuis une sauvegarde ou indiquez un autre dossier avec --data.", e),
            SqliteException or UnauthorizedAccessException or IOException => new StoreUnavailableException(
                $"Le fichier de données {file} ne peut pas être ouvert (droits, disque plein ou dossier en lecture seule) : vérifiez le dossier donné par --data.", e),
            DbException => new StoreUnavailableException(
                $"Le fichier de données {file} ne peut pas être lu : restaurez-le depuis une sauvegarde ou indiquez un autre dossier avec --data.", e),
            _ => null,
        };
    }
}
