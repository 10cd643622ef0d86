namespace CfgResults.Host.Cli;

/// <summary>
/// The command line: `[--data DIR] [--db CONNECTION] VERB [ARGS…] [--OPTION VALUE]…`.
/// Repeated options (`--set`, `--criterion`) keep every value; `--help` anywhere asks for the verb's help.
/// </summary>
public sealed class CliArgs
{
    public string Verb { get; private init; } = "serve";
    public List<string> Positionals { get; } = [];
    public Dictionary<string, List<string>> Options { get; } = new(StringComparer.Ordinal);
    public bool Help { get; private set; }

    static readonly HashSet<string> Flags = ["help", "force", "json", "replace", "archivees"];

    public static CliArgs Parse(IReadOnlyList<string> args)
    {
        string? verb = null;
        var result = new List<string>();
        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a is "-h" or "--help") { help = true; continue; }
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                var name = a[2..];
                string value;
                var eq = name.IndexOf('=');
                if (eq > 0) { value = name[(eq + 1)..]; name = name[..eq]; }
                else if (Flags.Contains(name)) value = "true";
                else if (i + 1 < args.Count) value = args[++i];
                else throw new CliException($"l'option --{name} attend une valeur");
                if (!options.TryGetValue(name, out var list)) options[name] = list = [];
                list.Add(value);
                continue;
            }
            if (verb is null) verb = a;
            else result.Add(a);
        }
        var parsed = new CliArgs { Verb = verb ?? "serve", Help = help };
        parsed.Positionals.AddRange(result);
        foreach (var (k, v) in options) parsed.Options[k] = v;
        return parsed;
    }

    /// <summary>What the web host itself reads (`--urls`, and what a test host passes such as `--contentRoot`).</summary>
    public string[] HostArgs() =>
        Options.Where(o => o.Key is not ("data" or "db")).SelectMany(o => new[] { "--" + o.Key, o.Value[^1] }).ToArray();

    public string? Option(string name) => Options.TryGetValue(name, out var v) ? v[^1] : null;

    public IReadOnlyList<string> All(string name) => Options.TryGetValue(name, out var v) ? v : [];

    public string Positional(int index, string what) =>
        index < Positionals.Count ? Positionals[index] : throw new CliException($"argument manquant : {what}");

    /// <summary>Refuses options the verb does not know, so a typo is not silently ignored.</summary>
    public void Allow(params string[] names)
    {
        var allowed = new HashSet<string>(names.Concat(["data", "db", "urls"]), StringComparer.Ordinal);
        var unknown = Options.Keys.Where(k => !allowed.Contains(k)).ToList();
        if (unknown.Count > 0) throw new CliException($"option inconnue pour « {Verb} » : --{string.Join(", --", unknown)}");
    }
}

/// <summary>A usage error: exit code 2 with the message on stderr.</summary>
public sealed class CliException(string message) : Exception(message);

/// <summary>Exit codes of every verb.</summary>
public static class ExitCodes
{
    public const int Done = 0;
    public const int InvalidInput = 2;
    public const int RefusedByGate = 3;
    public const int NotAllowed = 4;
    /// <summary>The store is corrupted, unreadable or unreachable: one French sentence naming the file or server on stderr.</summary>
    public const int StoreUnavailable = 5;

    /// <summary>A publication of the same session is already under way.</summary>
    public const int PublicationBusy = 6;

    public const int Failed = 1;

    /// <summary>The exit code of a run that did not succeed, from how it failed (docs/DIAGNOSTICS.md), never from its message.</summary>
    public static int For(Engine.Running.RunFailure? failure) => failure switch
    {
        Engine.Running.RunFailure.Input => InvalidInput,
        Engine.Running.RunFailure.NotAllowed => NotAllowed,
        Engine.Running.RunFailure.Gate => RefusedByGate,
        _ => Failed,
    };
}
