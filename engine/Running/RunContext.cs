using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Data;
using CfgResults.Engine.Definitions;
using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Running;

/// <summary>What one run works on: who asked, the session, the values, and what the steps hand each other.</summary>
public sealed class RunContext
{
    public required string RunId { get; init; }
    public required WorkflowDefinition Definition { get; init; }
    public required Caller Caller { get; init; }
    public required SessionContext Session { get; init; }

    /// <summary>Typed parameter values: bool (flag), string (choice, text), DateOnly (date), DateTime (date-time, Paris local).</summary>
    public required IReadOnlyDictionary<string, object?> Parameters { get; init; }

    /// <summary>The criteria in force: the definition's, with the caller's changes, placeholders resolved.</summary>
    public required IReadOnlyList<EffectiveCriterion> Criteria { get; init; }

    /// <summary>The instant the run is for (Europe/Paris local time derives from it).</summary>
    public required DateTimeOffset Now { get; init; }

    public required EngineServices Services { get; init; }

    /// <summary>The definition is a public output (Loading.PublicOutputs): every selection removes red-listed and fraud-held candidates.</summary>
    public bool PublicOutput { get; init; }
    public IProgress<RunProgress> Progress { get; init; } = new Progress<RunProgress>();

    /// <summary>Set by a select step, reshaped by shape steps, read by render steps.</summary>
    public Dataset? Data { get; set; }

    /// <summary>Set by a render step: a finished temp file in the file store.</summary>
    public RenderedFile? Rendered { get; set; }

    /// <summary>Set by a deliver or publish step.</summary>
    public RunOutput? Output { get; set; }

    /// <summary>
    /// Set by a service-window gate open for some groupes de décision only: the selection keeps those groups
    /// alone, whatever the definition says. Null: no such restriction.
    /// </summary>
    public IReadOnlyList<string>? OpenDecisionGroups { get; set; }

    /// <summary>Set by shape.pivot: candidates carry one cell per column épreuve.</summary>
    public bool Pivoted { get; set; }

    /// <summary>What a successful run has to tell the person who ran it (e.g. who was left out and why); recorded as its message.</summary>
    public List<string> Notes { get; } = [];

    public long? RowCount { get; set; }
    public int? PageCount { get; set; }

    /// <summary>Template name → version used, recorded with the run.</summary>
    public Dictionary<string, int> TemplateVersions { get; } = new(StringComparer.Ordinal);

    public DateTime LocalNow => ParisTime.ToLocal(Now);

    /// <summary>The session's épreuves by code, built once per run (every candidate's model looks them up).</summary>
    public IReadOnlyDictionary<string, Exam> ExamsByCode => examsByCode ??= Session.Exams.ToDictionary(e => e.Code, StringComparer.Ordinal);
    IReadOnlyDictionary<string, Exam>? examsByCode;

    /// <summary>The caller's school, when the caller is a school.</summary>
    public School? CallerSchool => Caller.Uai is { } uai ? Session.Schools.FirstOrDefault(s => s.Uai == uai) : null;
}

/// <summary>A candidate with the grades kept by the selection.</summary>
public sealed record CandidateRecord(Candidate Candidate, IReadOnlyList<Grade> Grades);

public sealed class Dataset
{
    public required List<CandidateRecord> Candidates { get; set; }

    /// <summary>The épreuves shown as columns (pivot), in épreuve order.</summary>
    public IReadOnlyList<Exam> Columns { get; set; } = [];

    /// <summary>Set by shape.group: groups in order, each with its candidates in the current order.</summary>
    public IReadOnlyList<CandidateGroup>? Groups { get; set; }

    /// <summary>More plain values for the template, by model key (e.g. `exclusions`, set by count.exclusions).</summary>
    public Dictionary<string, object?> Extras { get; } = new(StringComparer.Ordinal);
}

public sealed record CandidateGroup(string Key, IReadOnlyList<CandidateRecord> Candidates);

public sealed record RenderedFile(string TempPath, string ContentType, string Extension);
