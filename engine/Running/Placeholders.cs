using System.Text.RegularExpressions;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Running;

/// <summary>
/// The few `{{ … }}` values a definition may write outside templates (criterion values, file names,
/// parameter defaults): `user.uai`, `user.numero_candidat`, `etablissement.uai`, `etablissement.commune`,
/// `session.code`, `session.libelle`, `aujourdhui`, `maintenant`, and in file names `parametres.x`. Anything else is left as written, so it fails validation
/// rather than matching something by accident.
/// </summary>
public static partial class Placeholders
{
    public static readonly IReadOnlyList<string> Known =
        ["user.uai", "user.numero_candidat", "etablissement.uai", "etablissement.commune", "session.code", "session.libelle", "aujourdhui", "maintenant"];

    public static string Resolve(string text, RunContext context) =>
        Resolve(text, context.Caller, context.CallerSchool, context.Session.Session, context.LocalNow);

    public static string Resolve(string text, Caller caller, School? school, SessionInfo? session, DateTime localNow) =>
        Token().Replace(text, m => m.Groups[1].Value switch
        {
            "user.uai" => caller.Uai ?? "",
            "user.numero_candidat" => caller.CandidateNumber ?? "",
            "etablissement.uai" => school?.Uai ?? caller.Uai ?? "",
            "etablissement.commune" => school?.Town ?? "",
            "session.code" => session?.Code ?? "",
            "session.libelle" => session?.Label ?? "",
            "aujourdhui" => localNow.ToString("dd/MM/yyyy", French.Culture),
            "maintenant" => ParisTime.Format(localNow),
            _ => m.Value,
        });

    /// <summary>`{{ parametres.groupe_decision }}` → the bound value, written as in the interchange format.</summary>
    public static string ResolveParameters(string text, IReadOnlyDictionary<string, object?> values) =>
        ParameterToken().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v switch
        {
            null => "",
            bool b => b ? "O" : "N",
            DateOnly d => d.ToString("dd/MM/yyyy", French.Culture),
            DateTime dt => ParisTime.Format(dt),
            _ => v.ToString() ?? "",
        } : m.Value);

    [GeneratedRegex(@"\{\{\s*parametres\.([a-z0-9_]+)\s*\}\}")]
    private static partial Regex ParameterToken();

    public static bool HasPlaceholder(string text) => Token().IsMatch(text);

    [GeneratedRegex(@"\{\{\s*([a-z_.]+)\s*\}\}")]
    private static partial Regex Token();
}
