using CfgResults.Engine.Criteria;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;

namespace CfgResults.Host.Api;

// The records of this file are the API's wire contract. Their names are French on purpose (an exception to
// "identifiers in English"): JSON property names come from them, camelCased (`numeroCandidat`, `libelle`),
// and the product speaks French to every person who reads them, including in the OpenAPI document.
// They never carry a storage path, a grade or anything a caller did not ask for.

/// <summary>An activity (workflow definition) the caller may run.</summary>
public sealed record Activite(
    string Id,
    string Titre,
    IReadOnlyList<string> Menu,
    string? Description,
    int Version,
    IReadOnlyList<Parametre> Parametres,
    IReadOnlyList<Critere> Criteres,
    string LienEditions);

/// <summary>
/// A run parameter. <c>type</c>: drapeau (O/N), choix, texte, date (JJ/MM/AAAA), dateHeure (JJ/MM/AAAA HH:MM).
/// <c>valeurParDefaut</c> is resolved for the caller (the school's town, today's date).
/// </summary>
public sealed record Parametre(string Id, string Libelle, string Type, bool Obligatoire, string? ValeurParDefaut, IReadOnlyList<string> Options);

/// <summary>
/// A selection criterion. <c>operateur</c>: equals, in, not_in, between, starts_with, present (the codes of the
/// definitions). A locked criterion (<c>verrouille</c>) cannot be changed or removed by the caller.
/// </summary>
public sealed record Critere(string Champ, string Libelle, string Operateur, IReadOnlyList<string> Valeurs, bool Verrouille);

/// <summary>A change of selection sent with a run: set (replace or add) a criterion, or remove an unlocked one.</summary>
public sealed record ChangementCritere(string? Champ, string? Operateur, IReadOnlyList<string>? Valeurs, bool Supprimer = false);

/// <summary>
/// Body of <c>POST /api/activites/{id}/editions</c>. Parameter values are written as in the interchange format
/// (flags « O »/« N », dates « JJ/MM/AAAA », date-times « JJ/MM/AAAA HH:MM »). With the same
/// <c>cleIdempotence</c>, a second submission answers the first run instead of starting another one.
/// </summary>
public sealed record DemandeEdition(
    Dictionary<string, string>? Parametres,
    IReadOnlyList<ChangementCritere>? Criteres,
    string? CleIdempotence,
    string? Session);

/// <summary>A run as its caller sees it. <c>etatCode</c> is stable (Pending, Running, Succeeded, Refused, Failed, Cancelled); <c>etat</c> is French.</summary>
public sealed record Edition(
    string Id,
    string Activite,
    int VersionActivite,
    string Session,
    string Etat,
    string EtatCode,
    bool Terminee,
    string? Message,
    Progression Progression,
    DateTimeOffset CreeeLe,
    DateTimeOffset? DebuteeLe,
    DateTimeOffset? TermineeLe,
    Fichier? Fichier,
    long? NombreLignes,
    int? NombrePages,
    string Lien)
{
    public static Edition From(RunRecord r)
    {
        var lien = $"/api/editions/{r.Id}";
        var fichier = r.State == RunState.Succeeded && r.Output is { } o
            ? new Fichier(o.FileName, o.ContentType, o.Bytes, o.Sha256, lien + "/fichier")
            : null;
        return new Edition(r.Id, r.DefinitionId, r.DefinitionVersion, r.SessionCode, RunStateNames.French(r.State), r.State.ToString(),
            RunStateNames.IsFinal(r.State), r.Message, new Progression(r.ProgressDone, r.ProgressTotal), Ms(r.CreatedAt), Ms(r.StartedAt), Ms(r.EndedAt),
            fichier, r.RowCount, r.PageCount, lien);
    }

    // The store keeps milliseconds: a run just created answers the same instants as when it is read back.
    static DateTimeOffset Ms(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    static DateTimeOffset? Ms(DateTimeOffset? t) => t is { } v ? Ms(v) : null;
}

public sealed record Progression(long Faits, long Total);

/// <summary>The file a run produced: its server-set name, exact content type, size and SHA-256.</summary>
public sealed record Fichier(string Nom, string TypeContenu, long Octets, string Sha256, string Lien);

/// <summary>A publication planned for later (parameter « planifier_le » in the future) instead of a run now.</summary>
public sealed record PublicationPlanifiee(string Id, string Activite, string Session, DateTimeOffset PrevueLe, string Etat);

/// <summary>One student of a search: <c>01843006787 | 001 Version 03 | TEST | Erwan | 2001-01-01</c>.</summary>
public sealed record Eleve(string NumeroCandidat, string Inscription, string Nom, string Prenoms, DateOnly DateNaissance, string LienDocuments);

/// <summary>A page of students; <c>legende</c> is « Affichage de l'élément 1 à 3 sur 3 élément(s) ».</summary>
public sealed record PageEleves(IReadOnlyList<Eleve> Elements, int Total, int Premier, int Dernier, int Page, int Taille, string Legende);

/// <summary>A published document version; before its availability date it is listed but not downloadable (except by the exam manager).</summary>
public sealed record Document(
    long Id,
    string NumeroCandidat,
    string Type,
    int Version,
    string Titre,
    bool Disponible,
    string Disponibilite,
    DateTimeOffset GenereLe,
    DateTimeOffset DisponibleLe,
    string PubliePar,
    long Octets,
    string Lien)
{
    public static Document From(DocumentEntry e) => new(e.Version.Id, e.Version.CandidateNumber, e.Version.Kind, e.Version.Version, e.Title,
        e.Available, e.AvailabilityText, e.Version.GeneratedAt, e.Version.AvailableFrom, e.Version.Publisher, e.Version.Bytes,
        $"/api/documents/{e.Version.Id}");
}

/// <summary>The antiforgery request token to send back in the <c>X-CSRF-TOKEN</c> header of POST, PUT and DELETE calls.</summary>
public sealed record JetonAntiforgery(string Jeton, string EnTete);

internal static class ApiNames
{
    public static string ParameterType(ParameterType t) => t switch
    {
        Engine.Definitions.ParameterType.Flag => "drapeau",
        Engine.Definitions.ParameterType.Choice => "choix",
        Engine.Definitions.ParameterType.Text => "texte",
        Engine.Definitions.ParameterType.Date => "date",
        Engine.Definitions.ParameterType.DateTime => "dateHeure",
        _ => t.ToString(),
    };

    public static string FieldLabel(string field) => CriteriaCatalog.TryGet(field, out var f) ? f.Label : field;
}

/// <summary>Body of <c>POST /api/documents/selection</c>: candidate numbers, <c>format</c> pdf (default) or zip, <c>session</c> (default: the session in progress).</summary>
public sealed record DemandeSelectionReleves(IReadOnlyList<string>? Eleves, string? Format, string? Session);
