using System.Globalization;
using System.Text;
using CfgResults.Engine.Data;
using CfgResults.Engine.Data.Queries;

namespace CfgResults.Engine.Accounts;

/// <summary>One line of the audit log. <see cref="At"/> is UTC.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string Target, string? Details);

/// <summary>What to list: every given field must match exactly; <see cref="From"/> is inclusive, <see cref="To"/> exclusive.</summary>
/// <param name="User">A login: the entries whose actor is that account, whatever its role.</param>
/// <param name="School">A UAI: the entries of that school's accounts.</param>
public sealed record AuditFilter(string? Actor = null, string? Action = null, string? Target = null, DateTimeOffset? From = null, DateTimeOffset? To = null,
    string? User = null, string? School = null)
{
    public static readonly AuditFilter All = new();
}

/// <summary>The action codes the product records (SECURITY.md row 18). Codes, not prose: tests and filters use them.</summary>
public static class AuditActions
{
    public const string SignIn = "connexion";
    public const string SignInFailed = "connexion.echec";
    /// <summary>An attempt refused because it must wait (SignInThrottle): too many recent failures from its address or on its account.</summary>
    public const string SignInThrottled = "connexion.ralentie";
    public const string SignInRefusedDisabled = "connexion.refus-desactive";
    public const string SignOut = "deconnexion";
    public const string AccessDenied = "acces.refuse";
    public const string AccountCreated = "compte.creation";
    public const string AccountDisabled = "compte.desactivation";
    public const string AccountEnabled = "compte.activation";
    public const string PasswordReset = "compte.mot-de-passe";
    /// <summary>A manager cleared the sign-in throttle of an account (« Débloquer »).</summary>
    public const string AccountUnlocked = "compte.deblocage";
    public const string RunCancelRequested = "edition.annulation";
    /// <summary>A run was accepted (any entry point: page, API, command line, job): recorded once, by the runner.</summary>
    public const string Run = "edition";
    /// <summary>A run that publishes documents was accepted (immediate or planned): recorded once, by the runner.</summary>
    public const string Publication = "publication";
    public const string PublicationPlanned = "publication.planification";
    public const string PublicationPlannedEnded = "publication.planifiee.fin";
    public const string PublicationPlanCancelled = "publication.annulation";
    /// <summary>A file read: a run's output (target <c>edition:ID</c>) or a published document (target <c>document:ID</c>).</summary>
    public const string Download = "telechargement";
    public const string SessionImport = "session.import";
    public const string SessionImportRefused = "session.import.refus";
    public const string SessionExport = "session.export";
    public const string WindowCreated = "fenetre.creation";
    public const string WindowChanged = "fenetre.modification";
    public const string WindowDeleted = "fenetre.suppression";
    public const string DefinitionDraft = "definition.brouillon";
    public const string DefinitionPublished = "definition.publication";
    public const string DefinitionTrial = "definition.essai";
    public const string DefinitionTrialDownload = "definition.essai.telechargement";

    /// <summary>Every action, for the audit page's filter.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        SignIn, SignInFailed, SignInThrottled, SignInRefusedDisabled, SignOut, AccessDenied, AccountCreated, AccountDisabled, AccountEnabled,
        PasswordReset, Run, RunCancelRequested, Publication, PublicationPlanned, PublicationPlannedEnded, PublicationPlanCancelled, Download,
        SessionImport, SessionImportRefused, SessionExport, WindowCreated, WindowChanged, WindowDeleted, DefinitionDraft, DefinitionPublished,
        DefinitionTrial, DefinitionTrialDownload, AccountUnlocked,
    ];
}

/// <summary>
/// The audit log (table <c>audit</c>): who did what to what, and when (UTC). Callers record identifiers and
/// counts — a run id, a definition name, a number of candidates — and never grades or results: the audit log
/// is read by more people than the grades are. Every text is cleaned of line breaks and control characters
/// before it is stored, so that a hostile login or file name cannot forge a line of a log built from it.
/// </summary>
public sealed class AuditLog(IDatabase database, TimeProvider clock)
{
    /// <summary>Longer texts are cut, so that a hostile value cannot fill the log.</summary>
    public const int MaxFieldLength = 200;
    public const int MaxDetailsLength = 2000;
    public const int MaxListLimit = 10_000;

    public async Task<AuditEntry> RecordAsync(string actor, string action, string target, string? details = null, CancellationToken ct = default)
    {
        var entry = new
        {
            At = Data.StoreFormat.Instant(clock.GetUtcNow()),
            Actor = Clean(actor, MaxFieldLength),
            Action = Clean(action, MaxFieldLength),
            Target = Clean(target, MaxFieldLength),
            Details = details is null ? null : Clean(details, MaxDetailsLength),
        };
        await using var connection = await database.OpenAsync(ct);
        var id = await AuditQueries.InsertAsync(connection, entry.At, entry.Actor, entry.Action, entry.Target, entry.Details, ct);
        return new AuditEntry(id, Data.StoreFormat.ParseInstant(entry.At), entry.Actor, entry.Action, entry.Target, entry.Details);
    }

    /// <summary>Records with the caller's text form (<c>etablissement:0783546F</c>) and login as actor.</summary>
    public Task<AuditEntry> RecordAsync(Caller actor, string action, string target, string? details = null, CancellationToken ct = default) =>
        RecordAsync(ActorOf(actor), action, target, details, ct);

    /// <summary><c>etablissement:0783546F (etab-0783546f)</c>; just the text form when the login is that text.</summary>
    public static string ActorOf(Caller caller)
    {
        var text = caller.ToString();
        return caller.Login == text ? text : $"{text} ({caller.Login})";
    }

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditFilter filter, int limit = 100, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxListLimit);
        var selection = new AuditSelection(filter.Actor, filter.Action, filter.Target, filter.User, filter.School,
            filter.From is { } from ? Data.StoreFormat.Instant(from) : null, filter.To is { } to ? Data.StoreFormat.Instant(to) : null, limit);
        await using var connection = await database.OpenAsync(ct);
        var rows = await AuditQueries.ListAsync(connection, selection, ct);
        return rows.Select(r => new AuditEntry(r.Id, Data.StoreFormat.ParseInstant(r.At), r.Actor, r.Action, r.Target, r.Details)).ToList();
    }

    /// <summary>
    /// Control characters (CR, LF, tab, NUL, ESC…), Unicode line and paragraph separators and
    /// bidirectional overrides each become one space: the text stays readable, and cannot start a new
    /// line or reorder what a reader sees.
    /// </summary>
    public static string Clean(string? text, int maxLength = MaxFieldLength)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(Math.Min(text.Length, maxLength));
        foreach (var c in text)
        {
            if (sb.Length == maxLength) break;
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            var unsafeChar = category is UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                || (category == UnicodeCategory.Format && c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069');
            sb.Append(unsafeChar ? ' ' : c);
        }
        if (text.Length > maxLength && sb.Length == maxLength)
        {
            sb[^1] = '…';
            if (sb.Length >= 2 && char.IsHighSurrogate(sb[^2])) sb.Remove(sb.Length - 2, 1);
        }
        return sb.ToString();
    }
}
