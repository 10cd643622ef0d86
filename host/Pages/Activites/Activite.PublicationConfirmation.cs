using CfgResults.Engine.Publishing;
using CfgResults.Host.Auth;

namespace CfgResults.Host.Pages.Activites;

/// <summary>
/// Issue 13 item 8: launching a publication of transcripts first asks for a confirmation that says how many
/// transcripts it will write at most; the second « Lancer l'édition » carries <see cref="ConfirmPublicationField"/>.
/// </summary>
public sealed partial class ActiviteModel
{
    public const string ConfirmPublicationField = "confirmer_publication";
    public const string PublishStepKind = "publish.transcripts";

    /// <summary>Set when the page asks for the confirmation: the most transcripts the publication will write.</summary>
    public long? PublicationEstimate { get; private set; }

    async Task<bool> AskPublicationConfirmationAsync(IFormCollection form, IReadOnlyDictionary<string, string> parameters, CancellationToken ct)
    {
        if (Session is null || Published.Definition.Steps.All(s => s.Kind != PublishStepKind)) return false;
        if (form[ConfirmPublicationField].LastOrDefault() == "oui") return false;
        // Parameters the runner would refuse: no question, the launch shows the errors next to their fields.
        var caller = HttpContext.GetCaller();
        var localNow = ParisTime.ToLocal(clock.GetUtcNow());
        var (values, errors) = Engine.Running.ParameterBinder.Bind(Published.Definition, parameters, Session,
            text => Engine.Running.Placeholders.Resolve(text, caller, null, Session.Session, localNow));
        if (errors.Count > 0) return false;
        string? Value(string id) => values.TryGetValue(id, out var v) && v is string text && !string.IsNullOrWhiteSpace(text) ? text : null;
        PublicationEstimate = await estimate
            .CountAsync(Session.Session.Code, Value("groupe_decision"), caller.Uai ?? Value("etablissement"), ct);
        return true;
    }
}
