using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Import;

/// <summary>What kind of problem an import error is; tests assert these codes, people read the message.</summary>
public enum ImportErrorCode
{
    MissingFile,
    UnreadableFile,
    InvalidEncoding,
    EmptyFile,
    UnclosedQuote,
    TextAfterClosingQuote,
    FieldCount,
    UnknownColumn,
    MissingColumn,
    DuplicateColumn,
    RequiredValue,
    InvalidFormat,
    InvalidUai,
    InvalidIne,
    InvalidDate,
    InvalidDateTime,
    InvalidDecimal,
    TooManyDecimals,
    InvalidInteger,
    OutOfRange,
    InvalidEnum,
    InvalidBoolean,
    UnknownSchool,
    UnknownCandidate,
    UnknownExam,
    UnknownCentre,
    DuplicateKey,
    WindowClosesBeforeOpening,
    SessionRowCount,
    TotalMismatch,
    TooManyErrors,
    FieldTooLong,
    RecordTooLong,
}

/// <summary>
/// One problem in an interchange folder: the file, the physical line (header = 1, 0 for the whole
/// file), the column name when one is concerned, the value as read, and a French message that says
/// what was expected. <see cref="ToString"/> gives
/// <c>notes.csv(12, note): valeur '25,5' hors barème (attendu : nombre entre 0 et 20)</c>.
/// </summary>
public sealed record ImportError(string File, int Line, string? Column, string? Value, string Message)
{
    public ImportErrorCode Code { get; init; }

    public override string ToString()
    {
        var place = (Line, Column) switch
        {
            (0, null) => File,
            (0, _) => $"{File}({Column})",
            (_, null) => $"{File}({Line})",
            _ => $"{File}({Line}, {Column})",
        };
        return $"{place}: {Message}";
    }
}

/// <summary>What <see cref="SessionFolderReader.Read"/> gives: the session, or every error found.</summary>
public sealed record ImportResult(SessionData? Session, IReadOnlyList<ImportError> Errors)
{
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Session))]
    public bool Succeeded => Session is not null;
}
