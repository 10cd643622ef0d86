using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Data;

/// <summary>One imported session as listed to the exam manager.</summary>
public sealed record SessionSummary(string Code, string Label, string Title, int CandidateCount, DateTimeOffset ImportedAt);

/// <summary>A service window with its id in the store, for editing and deleting it.</summary>
public sealed record StoredWindow(long Id, ServiceWindow Window);

/// <summary>
/// What every run needs about a session, without its candidates and grades: the session, its schools,
/// exams, service windows and the decision groups that occur among its candidates (ordinal order).
/// </summary>
public sealed record SessionContext(
    SessionInfo Session,
    DateTimeOffset ImportedAt,
    IReadOnlyList<School> Schools,
    IReadOnlyList<Exam> Exams,
    IReadOnlyList<StoredWindow> Windows,
    IReadOnlyList<string> DecisionGroups);
