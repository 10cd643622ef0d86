using System.Text.Json;
using CfgResults.Engine.Data;
using CfgResults.Engine.Data.Queries;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Running;

namespace CfgResults.Engine.Presets;

/// <summary>
/// A saved edition (« modèle d'édition »): the parameters and criteria of a run, named, as the caller typed them
/// (interchange-format text, criteria changes), with the session it was saved in.
/// </summary>
public sealed record RunPreset(
    string Id,
    string Owner,
    string DefinitionId,
    string Name,
    string SessionCode,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<CriterionChange> Criteria,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// Saved editions (table run_presets, migration 008), kept per school (all its accounts share them) or per exam
/// manager. Every read and write is scoped to the owner: another owner's preset is not found, never refused.
/// </summary>
public sealed class RunPresetStore(IDatabase db, TimeProvider clock)
{
    public const int MaxNameLength = 80;
    public const int MaxPerOwner = 200;

    static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Why a preset cannot take this name (already trimmed), or null when it can.</summary>
    public static string? NameError(string name) =>
        name.Length == 0 ? "Donnez un nom au modèle pour l'enregistrer."
        : name.Length > MaxNameLength ? $"Le nom du modèle fait au plus {MaxNameLength} caractères."
        : name.Any(char.IsControl) ? "Le nom du modèle ne peut pas contenir de caractère de contrôle."
        : null;

    /// <summary>Why the owner may not add a preset under this name (too many already), or null.</summary>
    public async Task<string?> RoomErrorAsync(string owner, string definitionId, string name, CancellationToken ct = default) =>
        (await ListAsync(owner, definitionId, ct)).Any(p => p.Name == name) || await CountAsync(owner, ct) < MaxPerOwner ? null
            : $"Vous avez déjà {MaxPerOwner} modèles : supprimez-en un avant d'en enregistrer un autre.";

    /// <summary>`etablissement:UAI` for a school, `gestionnaire:LOGIN` for an exam manager; a candidate keeps none.</summary>
    public static string? OwnerOf(Caller caller) => caller.Role switch
    {
        CallerRole.School => $"{CallerRoles.SchoolName}:{caller.Uai}",
        CallerRole.Manager => $"{CallerRoles.ManagerName}:{caller.Login}",
        _ => null,
    };

    /// <summary>Saves under <paramref name="name"/>: a preset of the same owner, activity and name is replaced (same id).</summary>
    public async Task<RunPreset> SaveAsync(string owner, string definitionId, string name, string sessionCode,
        IReadOnlyDictionary<string, string> parameters, IReadOnlyList<CriterionChange> criteria, string createdBy, CancellationToken ct = default)
    {
        name = name.Trim();
        var now = clock.GetUtcNow();
        await using var cn = await db.OpenAsync(ct);
        await using var tx = await cn.BeginTransactionAsync(ct);
        var existing = await PresetQueries.FindIdAsync(cn, tx, owner, definitionId, name, ct);
        var at = StoreFormat.Instant(now);
        var row = new RunPresetRow(existing ?? Guid.NewGuid().ToString("N"), owner, definitionId, name, sessionCode,
            JsonSerializer.Serialize(parameters, Json), JsonSerializer.Serialize(criteria, Json), createdBy, at, at);
        await PresetQueries.SaveAsync(cn, tx, existing is not null, row, ct);
        await tx.CommitAsync(ct);
        return (await GetAsync(row.id, owner, ct))!;
    }

    public async Task<int> CountAsync(string owner, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return await PresetQueries.CountAsync(cn, owner, ct);
    }

    /// <summary>The owner's presets, of one activity or of all, by name.</summary>
    public async Task<IReadOnlyList<RunPreset>> ListAsync(string owner, string? definitionId = null, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        var rows = await PresetQueries.ListAsync(cn, owner, definitionId, ct);
        return rows.Select(ToPreset).OrderBy(p => p.DefinitionId, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>Null when it does not exist or belongs to another owner.</summary>
    public async Task<RunPreset?> GetAsync(string id, string owner, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        var row = await PresetQueries.GetAsync(cn, id, owner, ct);
        return row is null ? null : ToPreset(row);
    }

    /// <summary>False when it does not exist or belongs to another owner.</summary>
    public async Task<bool> DeleteAsync(string id, string owner, CancellationToken ct = default)
    {
        await using var cn = await db.OpenAsync(ct);
        return await PresetQueries.DeleteAsync(cn, id, owner, ct) > 0;
    }

    static RunPreset ToPreset(RunPresetRow r) => new(r.id, r.owner, r.definition_id, r.name, r.session_code,
        JsonSerializer.Deserialize<Dictionary<string, string>>(r.parameters, Json) ?? [],
        JsonSerializer.Deserialize<List<CriterionChange>>(r.criteria, Json) ?? [],
        r.created_by, StoreFormat.ParseInstant(r.created_at), StoreFormat.ParseInstant(r.updated_at));
}
