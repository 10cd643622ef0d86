using System.Text;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Demo;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Import;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;
using CfgResults.Engine.Sessions;
using CfgResults.Engine.Versioning;
using CfgResults.Engine.Data;

namespace CfgResults.Host.Cli;

/// <summary>
/// The verbs of the command line other than `serve`. Each writes results on stdout, every error on
/// stderr one line each with its place, and exits 0 done, 2 invalid input, 3 refused by a gate, 4 not allowed.
/// </summary>
public static class Cli
{
    public static readonly string[] Verbs = ["serve", "import", "export", "demo", "run", "definitions", "documents", "users", "sessions"];

    public const string GeneralHelp = """
        CfgResults — Gérer les résultats (CFG)

        Utilisation : cfgresults [--data DOSSIER] [--db CONNEXION] VERBE [ARGUMENTS]

          serve [--urls URL]          lance le serveur web (par défaut)
          import DOSSIER [--replace]  importe une session (format d'échange CSV) ; --replace pour remplacer une session de même code
          export SESSION DOSSIER      exporte une session dans le format d'échange
          demo [--candidates N] [--seed S] [--export DOSSIER]
                                      génère une session de démonstration (et l'importe, sauf --export)
          run ACTIVITE --as APPELANT [--session CODE] [--set NOM=VALEUR]… [--criterion CHAMP=V1,V2]… [--retirer-critere CHAMP]… [--out FICHIER]
                                      exécute une activité (APPELANT : etablissement:UAI, gestionnaire, candidat:NUMERO)
          definitions validate [DOSSIER]
                                      valide les définitions (toutes les erreurs, fichier(ligne,colonne))
          documents --as APPELANT [--candidat NUMERO] [--session CODE]
          documents get ID --as APPELANT --out FICHIER
                                      liste ou télécharge les documents publiés visibles par l'appelant
          sessions list | close CODE | reopen CODE | archive CODE | unarchive CODE | purge CODE --confirm CODE
                                      cycle de vie des sessions (clôture, archivage, purge)
          users list | add LOGIN --role ROLE [--uai UAI] [--candidat NUMERO] [--password MDP]
                | disable LOGIN | enable LOGIN | reset LOGIN [--password MDP]

        Options globales :
          --data DOSSIER              dossier des données (base SQLite et fichiers), par défaut ./data
          --db CONNEXION              base PostgreSQL (chaîne de connexion Npgsql) au lieu de SQLite
        Sans --session, run et documents prennent la session en cours et la nomment s'il y en a plusieurs.
        Les chemins sont pris depuis le dossier où la commande est tapée. Configuration : section CfgResults
        (appsettings, variables CfgResults__DataDir, CfgResults__Db), comme serve ; --data et --db l'emportent.
        Codes de sortie : 0 terminé, 2 entrée invalide (dont fichier ou dossier introuvable), 3 refusé (service fermé, document pas encore disponible), 4 non autorisé,
          5 magasin de données endommagé, illisible ou injoignable (une phrase nomme le fichier ou le serveur), 6 publication de la même session déjà en cours.
        """;

    static readonly Dictionary<string, string> VerbHelp = new()
    {
        ["serve"] = "serve [--urls URL] : lance le serveur web sur le magasin choisi (SQLite intégré par défaut). Au premier lancement sur un magasin vide, une session de démonstration est chargée.",
        ["sessions"] = SessionsCli.Help,
        ["import"] = "import DOSSIER [--replace] : une session de même code n'est remplacée qu'avec --replace (les relevés publiés et les autres sessions sont conservés). Importe le dossier de fichiers CSV d'une session (session.csv, etablissements.csv, epreuves.csv, candidats.csv, notes.csv, fenetres.csv facultatif). Tout ou rien : chaque erreur est listée avec fichier, ligne et colonne.",
        ["export"] = "export SESSION DOSSIER : écrit la session SESSION dans DOSSIER au format d'échange.",
        ["demo"] = "demo [--candidates N] [--seed S] [--export DOSSIER] [--replace] : génère une session de démonstration déterministe (N candidats, 2 000 par défaut) et l'importe, ou l'écrit dans DOSSIER.",
        ["run"] = "run ACTIVITE --as APPELANT [--session CODE] [--set NOM=VALEUR]… [--criterion CHAMP=V1,V2]… [--retirer-critere CHAMP]… [--out FICHIER] : exécute une activité. Valeurs comme dans le format d'échange (O/N, JJ/MM/AAAA, JJ/MM/AAAA HH:MM). --criterion liste_rouge=O,N (oui et non) ne filtre plus ; --retirer-critere retire un critère non verrouillé, comme la page. Sortie 3 si un service est fermé, 2 si un paramètre ou un critère verrouillé est refusé.",
        ["definitions"] = "definitions validate [DOSSIER] : valide chaque définition du dossier (definitions/ par défaut) ; affiche toutes les erreurs « fichier(ligne,colonne): error CODE: message » ; sortie 2 s'il y en a.",
        ["documents"] = "documents --as APPELANT [--candidat NUMERO] [--session CODE] : liste les documents publiés visibles. documents get ID --as APPELANT --out FICHIER : télécharge (sortie 3 avant la date de disponibilité, 4 pour le document d'un autre).",
        ["users"] = "users list | add LOGIN --role etablissement|gestionnaire|candidat [--uai UAI] [--candidat NUMERO] [--password MDP] | disable LOGIN | enable LOGIN | reset LOGIN [--password MDP]",
    };

    public static async Task<int> RunAsync(CliArgs args, TextWriter stdout, TextWriter stderr, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        if (args.Help)
        {
            stdout.WriteLine(VerbHelp.TryGetValue(args.Verb, out var h) ? h : GeneralHelp);
            return ExitCodes.Done;
        }
        try
        {
            switch (args.Verb)
            {
                case "definitions" when args.Positionals.FirstOrDefault() == "validate":
                    args.Allow();
                    return ValidateDefinitions(args, stdout, stderr);
            }
            if (!VerbHelp.ContainsKey(args.Verb)) throw new CliException($"verbe inconnu « {args.Verb} » (connus : {string.Join(", ", Verbs)})");
            await using var engine = await StartEngineAsync(args, clock);
            T Get<T>() where T : notnull => engine.GetRequiredService<T>();
            return args.Verb switch
            {
                "import" => await ImportAsync(Get<SessionLifecycle>(), args, stdout, stderr),
                "export" => await ExportAsync(Get<SessionStore>(), args, stdout),
                "demo" => await DemoAsync(Get<SessionLifecycle>(), args, stdout, stderr, clock),
                "run" => await RunActivityAsync(Get<Runner>(), Get<IDefinitionSource>(), Get<SessionResolver>(), Get<BlobStore>(), args, stdout, stderr),
                "documents" => await DocumentsAsync(Get<DocumentAccess>(), Get<CandidateSearch>(), Get<SessionResolver>(), args, stdout, stderr),
                "users" => await UsersAsync(Get<UserStore>(), Get<AuditLog>(), args, stdout),
                "sessions" => await SessionsCli.RunAsync(Get<SessionLifecycle>(), Get<SessionCatalog>(), clock, args, stdout, stderr),
                _ => throw new CliException($"« {args.Verb} » attend un sous-verbe (voir --help)"),
            };
        }
        catch (CliException e)
        {
            stderr.WriteLine($"erreur : {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (RunInputException e)
        {
            foreach (var d in e.Errors) stderr.WriteLine(d.ToString());
            return ExitCodes.InvalidInput;
        }
        catch (FormatException e)
        {
            stderr.WriteLine($"erreur : {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (AccountException e)
        {
            stderr.WriteLine($"erreur : {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (QuotaExceededException e)
        {
            stderr.WriteLine(e.Message);
            return ExitCodes.RefusedByGate;
        }
        catch (NotAllowedException e)
        {
            stderr.WriteLine($"non autorisé : {e.Message}");
            return ExitCodes.NotAllowed;
        }
        catch (Engine.Running.PublicationBusyException e)
        {
            stderr.WriteLine($"refusé : {e.Message}");
            return ExitCodes.PublicationBusy;
        }
        catch (Engine.Data.StoreUnavailableException e)
        {
            stderr.WriteLine($"erreur : {e.Message}");
            return ExitCodes.StoreUnavailable;
        }
        catch (System.Data.Common.DbException e)
        {
            stderr.WriteLine($"erreur : {Engine.Data.StoreUnavailableException.From(e, args.Option("data") ?? "data", args.Option("db"))?.Message ?? "le magasin de données a refusé l'opération : rien n'a été changé."}");
            return ExitCodes.StoreUnavailable;
        }
        catch (IOException e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            // The paths a verb reads are checked first (CliSetup); this is the one line for anything that slipped through.
            stderr.WriteLine($"erreur : fichier ou dossier introuvable{(e is FileNotFoundException { FileName: { } f } ? $" : « {f} »" : "")}");
            return ExitCodes.InvalidInput;
        }
    }

    /// <summary>The container `serve` builds for the engine (<see cref="EngineServiceRegistration.AddCfgResultsEngine(IServiceCollection, EngineOptions)"/>), started as `serve` starts it.</summary>
    public static async Task<ServiceProvider> StartEngineAsync(CliArgs args, TimeProvider clock)
    {
        var services = new ServiceCollection().AddSingleton(clock).AddCfgResultsEngine(CliSetup.EngineOptions(args));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        try
        {
            await provider.GetRequiredService<EngineStartup>().InitializeAsync();
            return provider;
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    static async Task<int> ImportAsync(SessionLifecycle lifecycle, CliArgs args, TextWriter stdout, TextWriter stderr)
    {
        args.Allow("replace");
        var folder = CliSetup.ExistingFolder(args.Positional(0, "DOSSIER"), "dossier de session");
        var result = SessionFolderReader.Read(folder);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors) stderr.WriteLine(Path.Combine(folder, e.ToString()));
            stderr.WriteLine($"{result.Errors.Count} erreur(s) : rien n'a été importé.");
            return ExitCodes.InvalidInput;
        }
        var data = result.Session!;
        ImportOutcome outcome;
        try
        {
            outcome = await lifecycle.ImportAsync(data, args.Option("replace") is not null, "ligne-de-commande", $"dossier {folder}");
        }
        catch (SessionLifecycleException e)
        {
            stderr.WriteLine($"refusé : {e.Message}" + (e.Refusal == SessionRefusal.NeedsConfirmation ? " (option --replace)" : ""));
            return SessionsCli.ExitCode(e.Refusal);
        }
        stdout.WriteLine($"Session {data.Session.Code} importée : {data.Schools.Count} établissements, {data.Candidates.Count} candidats, {data.Grades.Count} notes"
            + $" (liste rouge : {outcome.Summary.RedListAdded} ajout(s), {outcome.Summary.RedListRemoved} retrait(s))."
            + (outcome.Replaced is null ? "" : " Elle remplace la session de même code ; les relevés publiés et les autres sessions sont conservés."));
        return ExitCodes.Done;
    }

    static async Task<int> ExportAsync(SessionStore sessions, CliArgs args, TextWriter stdout)
    {
        args.Allow();
        var code = args.Positional(0, "SESSION");
        var folder = args.Positional(1, "DOSSIER");
        if (!await sessions.ReadRowsAsync(code, rows => SessionFolderWriter.Write(rows, folder)))
            throw new CliException($"aucune session « {code} »");
        stdout.WriteLine($"Session {code} exportée dans {folder}.");
        return ExitCodes.Done;
    }

    static async Task<int> DemoAsync(SessionLifecycle lifecycle, CliArgs args, TextWriter stdout, TextWriter stderr, TimeProvider clock)
    {
        args.Allow("candidates", "seed", "export", "replace");
        var count = ParseInt(args.Option("candidates") ?? "2000", "--candidates", 10, 1_000_000);
        var seed = ParseInt(args.Option("seed") ?? "1", "--seed", int.MinValue, int.MaxValue);
        var data = DemoSessionGenerator.Generate(new DemoOptions(Candidates: count, Seed: seed, Now: clock.GetUtcNow()));
        if (args.Option("export") is { } folder)
        {
            SessionFolderWriter.Write(data, folder);
            stdout.WriteLine($"Session de démonstration {data.Session.Code} ({count} candidats) écrite dans {folder}.");
            return ExitCodes.Done;
        }
        try
        {
            await lifecycle.ImportAsync(data, args.Option("replace") is not null, "ligne-de-commande", "demonstration=oui");
        }
        catch (SessionLifecycleException e)
        {
            stderr.WriteLine($"refusé : {e.Message}" + (e.Refusal == SessionRefusal.NeedsConfirmation ? " (option --replace)" : ""));
            return SessionsCli.ExitCode(e.Refusal);
        }
        stdout.WriteLine($"Session de démonstration {data.Session.Code} importée : {data.Candidates.Count} candidats, {data.Grades.Count} notes.");
        return ExitCodes.Done;
    }

    static async Task<int> RunActivityAsync(Runner runner, IDefinitionSource definitions, SessionResolver resolver, BlobStore blobs, CliArgs args, TextWriter stdout, TextWriter stderr)
    {
        args.Allow("as", "session", "set", "criterion", "retirer-critere", "out");
        if (args.Option("out") is { } outFile) CliSetup.FileToWrite(outFile);
        var activity = args.Positional(0, "ACTIVITE");
        var caller = Caller.Parse(args.Option("as") ?? throw new CliException("--as est obligatoire (etablissement:UAI, gestionnaire ou candidat:NUMERO)"));
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var set in args.All("set"))
        {
            var eq = set.IndexOf('=');
            if (eq <= 0) throw new CliException($"--set attend NOM=VALEUR, reçu « {set} »");
            parameters[set[..eq]] = set[(eq + 1)..];
        }
        var changes = CliSetup.Criteria(args, definitions.Get(activity)?.Definition);
        var session = await SessionsCli.ResolveAsync(resolver, caller, args, stderr);
        var run = await runner.RunAsync(new RunRequest(activity, caller, session, parameters, changes));
        switch (run.State)
        {
            case RunState.Refused:
                stderr.WriteLine(run.Message);
                return ExitCodes.For(run.Failure);
            case RunState.Succeeded:
                if (run.Output is { } output)
                {
                    var target = args.Option("out") ?? output.FileName;
                    await using (var source = await blobs.OpenReadAsync(output.Sha256) ?? throw new FileNotFoundException(output.FileName))
                    await using (var file = File.Create(target))
                        await source.CopyToAsync(file);
                    stdout.WriteLine($"{target} ({output.Bytes} octets, {Describe(run)}).");
                }
                else stdout.WriteLine($"Terminé : {Describe(run)}.");
                return ExitCodes.Done;
            default:
                stderr.WriteLine(run.Message);
                return ExitCodes.For(run.Failure);
        }
    }

    /// <summary>What the run counted, worded as on its page: `240 ligne(s)`, `35 candidat(s), 2 page(s)`, `12 relevé(s) écrit(s)`.</summary>
    static string Describe(RunRecord run) => new Pages.Editions.RunView(run, "").CountText ?? "édition " + run.Id;

    static int ValidateDefinitions(CliArgs args, TextWriter stdout, TextWriter stderr)
    {
        var options = new EngineOptions();
        var (shippedDefinitions, templatesDir) = ShippedFiles.Locate(options);
        var dir = args.Positionals.Count > 1 ? CliSetup.ExistingFolder(args.Positionals[1], "dossier de définitions") : shippedDefinitions;
        var templates = new Engine.Templates.TemplateEngine(new Engine.Templates.FolderTemplateSource(templatesDir), Engine.Templates.TemplateLimits.Default);
        var loader = new Engine.Loading.DefinitionLoader(new StepKindRegistry(), new Engine.Templates.TemplateChecker(templates));
        var result = loader.LoadFolder(dir);
        foreach (var d in result.Diagnostics) stderr.WriteLine(d.ToString());
        if (result.Diagnostics.Count > 0) return ExitCodes.InvalidInput;
        stdout.WriteLine($"{result.Definitions.Count} définition(s) valide(s) dans {dir}.");
        return ExitCodes.Done;
    }

    static async Task<int> DocumentsAsync(DocumentAccess access, CandidateSearch search, SessionResolver resolver, CliArgs args, TextWriter stdout, TextWriter stderr)
    {
        args.Allow("as", "candidat", "session", "out");
        var caller = Caller.Parse(args.Option("as") ?? throw new CliException("--as est obligatoire"));
        if (args.Positionals.FirstOrDefault() == "get")
        {
            if (!long.TryParse(args.Positional(1, "ID"), out var id)) throw new CliException("ID de document attendu (nombre)");
            var output = CliSetup.FileToWrite(args.Option("out") ?? throw new CliException("--out FICHIER est obligatoire"));
            try
            {
                var (version, content) = await access.OpenAsync(caller, id);
                await using (content)
                await using (var file = File.Create(output))
                    await content.CopyToAsync(file);
                stdout.WriteLine($"{output} (version n°{version.Version}, {version.Bytes} octets).");
                return ExitCodes.Done;
            }
            catch (DocumentNotFoundException e)
            {
                stderr.WriteLine(e.Message);
                return ExitCodes.NotAllowed;
            }
            catch (DocumentNotAvailableException e)
            {
                stderr.WriteLine(e.Message);
                return ExitCodes.RefusedByGate;
            }
        }
        var session = await SessionsCli.ResolveAsync(resolver, caller, args, stderr);
        var numbers = new List<string>();
        if (args.Option("candidat") is { } number) numbers.Add(number);
        else if (caller.CandidateNumber is { } own) numbers.Add(own);
        else
        {
            var page = await search.SearchAsync(caller, session, [], 1, 500);
            numbers.AddRange(page.Items.Select(i => i.Number));
        }
        var any = false;
        foreach (var n in numbers)
        {
            IReadOnlyList<DocumentEntry> entries;
            try { entries = await access.ListAsync(caller, session, n); }
            catch (DocumentNotFoundException e) { stderr.WriteLine($"{n} : {e.Message}"); return ExitCodes.NotAllowed; }
            foreach (var e in entries)
            {
                any = true;
                stdout.WriteLine($"{e.Version.Id}\t{n}\t{e.Title}\t{(e.Available ? "téléchargeable" : e.AvailabilityText)}");
            }
        }
        if (!any) stdout.WriteLine("Aucun document publié.");
        return ExitCodes.Done;
    }

    static async Task<int> UsersAsync(UserStore users, AuditLog audit, CliArgs args, TextWriter stdout)
    {
        args.Allow("role", "uai", "candidat", "password");
        var sub = args.Positional(0, "list | add | disable | enable | reset");
        switch (sub)
        {
            case "list":
                foreach (var u in await users.ListAsync())
                    stdout.WriteLine($"{u.Login}\t{CallerRoles.Name(u.Role)}\t{u.Uai ?? u.CandidateNumber ?? ""}\t{(u.Disabled ? "désactivé" : "actif")}");
                return ExitCodes.Done;
            case "add":
            {
                var login = args.Positional(1, "LOGIN");
                if (!CallerRoles.TryParse(args.Option("role") ?? "", out var role)) throw new CliException("--role etablissement|gestionnaire|candidat est obligatoire");
                var password = args.Option("password") ?? NewPassword();
                await users.AddAsync(login, password, role, args.Option("uai"), args.Option("candidat"));
                await audit.RecordAsync("ligne-de-commande", AuditActions.AccountCreated, login, null);
                stdout.WriteLine(args.Option("password") is null ? $"Compte {login} créé. Mot de passe : {password}" : $"Compte {login} créé.");
                return ExitCodes.Done;
            }
            case "disable" or "enable":
            {
                var login = args.Positional(1, "LOGIN");
                if (sub == "disable") await users.DisableAsync(login);
                else await users.EnableAsync(login);
                await audit.RecordAsync("ligne-de-commande", sub == "disable" ? AuditActions.AccountDisabled : AuditActions.AccountEnabled, login, null);
                stdout.WriteLine(sub == "disable" ? $"Compte {login} désactivé." : $"Compte {login} réactivé.");
                return ExitCodes.Done;
            }
            case "reset":
            {
                var login = args.Positional(1, "LOGIN");
                var password = args.Option("password") ?? NewPassword();
                await users.ResetPasswordAsync(login, password);
                await audit.RecordAsync("ligne-de-commande", AuditActions.PasswordReset, login, null);
                stdout.WriteLine(args.Option("password") is null ? $"Mot de passe de {login} : {password}" : $"Mot de passe de {login} changé.");
                return ExitCodes.Done;
            }
            default:
                throw new CliException($"sous-verbe inconnu « {sub} » (list, add, disable, enable, reset)");
        }
    }

    static string NewPassword() => OneTimePassword.New();

    static int ParseInt(string text, string option, int min, int max) =>
        int.TryParse(text, out var n) && n >= min && n <= max ? n : throw new CliException($"{option} attend un nombre entre {min} et {max}, reçu « {text} »");
}
