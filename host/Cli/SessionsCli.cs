using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Sessions;

namespace CfgResults.Host.Cli;

/// <summary>
/// `sessions list | close | reopen | archive | unarchive | purge`, and the one way every verb that reads session data
/// picks its session: `--session CODE`, else the session in progress for the caller, named on stderr when the store
/// holds several.
/// </summary>
public static class SessionsCli
{
    public const string Help =
        "sessions list [--archivees] : les sessions chargées, leur état et leur durée de conservation ; les purges faites. "
        + "sessions close CODE | reopen CODE | archive CODE | unarchive CODE : clôture (consultation seule : ni import ni publication), réouverture, "
        + "archivage (une session close, masquée des sélecteurs), désarchivage. sessions purge CODE --confirm CODE : supprime les données d'une session "
        + "close ou archivée (candidats, notes, fenêtres, éditions et leurs fichiers, relevés non encore disponibles) ; les relevés publiés sont conservés. "
        + "Sortie 3 si la session n'est pas dans le bon état.";

    /// <summary>The session a verb reads: `--session`, else the caller's session in progress (said on <paramref name="stderr"/> when there are several).</summary>
    public static async Task<string> ResolveAsync(SessionResolver resolver, Caller caller, CliArgs args, TextWriter stderr)
    {
        var choice = await resolver.ChooseAsync(caller, args.Option("session"));
        if (choice.Unknown) throw new CliException($"aucune session « {choice.Requested} » pour {caller}");
        var session = choice.Current ?? throw new CliException("aucune session chargée");
        if (choice.DefaultAmongSeveral)
            stderr.WriteLine($"Session utilisée : {session.Code} ({session.Label}), la session en cours ; --session CODE pour une autre "
                + $"({string.Join(", ", choice.Offered.Where(s => s != session).Select(s => s.Code))}).");
        return session.Code;
    }

    public static async Task<int> RunAsync(SessionLifecycle lifecycle, SessionCatalog catalog, TimeProvider clock, CliArgs args, TextWriter stdout, TextWriter stderr)
    {
        args.Allow("confirm", "archivees");
        var sub = args.Positional(0, "list | close | reopen | archive | unarchive | purge");
        const string Actor = "ligne-de-commande";
        try
        {
            switch (sub)
            {
                case "list":
                    await ListAsync(catalog, clock, args.Option("archivees") is not null, stdout);
                    return ExitCodes.Done;
                case "close":
                    await lifecycle.CloseAsync(args.Positional(1, "CODE"), Actor);
                    stdout.WriteLine($"Session {args.Positionals[1]} close : consultation seule (ni import ni publication), les documents restent téléchargeables.");
                    return ExitCodes.Done;
                case "reopen":
                    await lifecycle.ReopenAsync(args.Positional(1, "CODE"), Actor);
                    stdout.WriteLine($"Session {args.Positionals[1]} rouverte.");
                    return ExitCodes.Done;
                case "archive":
                    await lifecycle.ArchiveAsync(args.Positional(1, "CODE"), Actor);
                    stdout.WriteLine($"Session {args.Positionals[1]} archivée : masquée des sélecteurs, toujours consultable par son code.");
                    return ExitCodes.Done;
                case "unarchive":
                    await lifecycle.UnarchiveAsync(args.Positional(1, "CODE"), Actor);
                    stdout.WriteLine($"Session {args.Positionals[1]} désarchivée (close).");
                    return ExitCodes.Done;
                case "purge":
                {
                    var code = args.Positional(1, "CODE");
                    var counts = await lifecycle.PurgeAsync(code, args.Option("confirm"), Actor);
                    stdout.WriteLine($"Session {code} purgée : {counts.Describe()}.");
                    return ExitCodes.Done;
                }
                default:
                    throw new CliException($"sous-verbe inconnu « {sub} » (list, close, reopen, archive, unarchive, purge)");
            }
        }
        catch (SessionLifecycleException e)
        {
            stderr.WriteLine($"refusé : {e.Message}");
            return ExitCode(e.Refusal);
        }
    }

    public static int ExitCode(SessionRefusal refusal) => refusal == SessionRefusal.WrongState ? ExitCodes.RefusedByGate : ExitCodes.InvalidInput;

    static async Task ListAsync(SessionCatalog catalog, TimeProvider clock, bool archived, TextWriter stdout)
    {
        var sessions = await catalog.ListAsync(withCounts: true);
        var verdicts = Retention.Evaluate(sessions, RetentionPolicy.Default, clock.GetUtcNow());
        foreach (var v in verdicts.Where(v => archived || !v.Session.IsArchived))
            stdout.WriteLine($"{v.Session.Code}\t{v.Session.Label}\t{SessionStatusNames.French(v.Session.Status)}\t{v.Session.CandidateCount} candidat(s)\t"
                + (v.Expired ? "conservation dépassée : " + v.Reason + " ; purge proposée" : v.Reason));
        if (sessions.Count == 0) stdout.WriteLine("Aucune session chargée.");
        foreach (var p in await catalog.ListPurgesAsync())
            stdout.WriteLine($"{p.Code}\t{p.Label}\tpurgée le {Engine.Domain.ParisTime.ToLocal(p.PurgedAt):dd/MM/yyyy HH:mm} par {p.PurgedBy}\t{p.Counts.Describe()}");
    }
}
