using System.Text;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Identifiers;
using static CfgResults.Engine.Import.InterchangeFormat;

namespace CfgResults.Engine.Import;

/// <summary>
/// Reads a session folder in the interchange format of IMPORT-FORMAT.md into a <see cref="SessionData"/>,
/// or gives every error of every file (all or nothing). Never throws on bad input: a missing file, a
/// wrong encoding or an unreadable file are errors like the others.
/// </summary>
public static class SessionFolderReader
{
    /// <summary>Beyond this many errors in one file, the rest are counted, not listed (a wrong file would give a million).</summary>
    public const int DefaultMaxErrorsPerFile = 1000;

    static readonly EnumTable<GradingMode> GradingModes = new(French.TryParse);
    static readonly EnumTable<ExamPosition> Positions = new(French.TryParse);
    static readonly EnumTable<RegistrationState> States = new(French.TryParse);
    static readonly EnumTable<CandidateCategory> Categories = new(French.TryParse);
    static readonly EnumTable<Result> Results = new(French.TryParse);
    static readonly EnumTable<ServiceKind> Services = new(French.TryParse);

    public static ImportResult Read(string folder, int maxErrorsPerFile = DefaultMaxErrorsPerFile)
    {
        var log = new ErrorLog(maxErrorsPerFile);
        if (!Directory.Exists(folder))
        {
            log.Add(ImportErrorCode.MissingFile, folder, 0, null, null, "dossier introuvable");
            return new ImportResult(null, log.Finish());
        }
        var s = new State(log);
        ReadFile(folder, SessionFile, SessionColumns, log, t => ReadSession(t, s));
        s.SchoolsComplete = ReadFile(folder, SchoolsFile, SchoolColumns, log, t => ReadSchools(t, s));
        s.ExamsComplete = ReadFile(folder, ExamsFile, ExamColumns, log, t => ReadExams(t, s));
        s.CandidatesComplete = ReadFile(folder, CandidatesFile, CandidateColumns, log, t => ReadCandidates(t, s));
        ReadFile(folder, GradesFile, GradeColumns, log, t => ReadGrades(t, s));
        if (File.Exists(Path.Combine(folder, WindowsFile)))
            ReadFile(folder, WindowsFile, WindowColumns, log, t => ReadWindows(t, s));

        if (log.Count > 0 || s.Session is null) return new ImportResult(null, log.Finish());
        return new ImportResult(new SessionData(s.Session, s.Schools, s.Exams, s.Candidates, s.Grades, s.Windows), []);
    }

    /// <summary>What the files read so far hold; "seen" keys include rows with errors so one bad row gives one error, not a cascade.</summary>
    sealed class State(ErrorLog log)
    {
        public ErrorLog Log { get; } = log;
        public SessionInfo? Session;
        public bool SchoolsComplete, ExamsComplete, CandidatesComplete;
        public readonly List<School> Schools = [];
        public readonly Dictionary<string, int> SchoolLines = new(StringComparer.Ordinal);
        public readonly List<Exam> Exams = [];
        public readonly Dictionary<string, (int Line, int Index, Exam? Exam)> ExamsByCode = new(StringComparer.Ordinal);
        public readonly List<Candidate> Candidates = [];
        public readonly Dictionary<string, int> CandidateLines = new(StringComparer.Ordinal);
        public readonly List<Grade> Grades = [];
        public readonly List<ServiceWindow> Windows = [];
    }

    /// <returns>True when the whole file was read (present, decodable, every required column, no runaway quote), so other files can be checked against it.</returns>
    static bool ReadFile(string folder, string name, ColumnSpec[] columns, ErrorLog log, Action<TableReader> readRows)
    {
        var path = Path.Combine(folder, name);
        if (!File.Exists(path))
        {
            log.Add(ImportErrorCode.MissingFile, name, 0, null, null, ImportMessages.MissingFile);
            return false;
        }
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            // Strict UTF-8 so that a Windows-1252 file is reported instead of read with replacement characters;
            // no BOM detection because it would swap in a lenient decoder; the header drops U+FEFF itself.
            using var text = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, 1 << 16);
            var csv = new CsvRecordReader(text);
            var table = TableReader.Open(name, csv, columns, log);
            if (table is null) return false;
            readRows(table);
            return !table.Truncated && table.HeaderComplete;
        }
        catch (DecoderFallbackException)
        {
            log.Add(ImportErrorCode.InvalidEncoding, name, LineOfInvalidUtf8(path), null, null, ImportMessages.InvalidEncoding);
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Add(ImportErrorCode.UnreadableFile, name, 0, null, null, ImportMessages.UnreadableFile(e.Message));
            return false;
        }
    }

    /// <summary>
    /// The physical line of the first byte that is not UTF-8. Only called once decoding has failed: the decoder
    /// reads ahead by whole buffers, so the record being read when it threw is not where the bad byte is.
    /// </summary>
    static int LineOfInvalidUtf8(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var chars = new char[1 << 16];
        var offset = 0;
        while (offset < bytes.Length)
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(bytes.AsSpan(offset), chars, out var read, out _, replaceInvalidSequences: false);
            offset += read;
            if (status != System.Buffers.OperationStatus.DestinationTooSmall) break;
        }
        var line = 1;
        for (var i = 0; i < offset && i < bytes.Length; i++)
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.Length || bytes[i + 1] != '\n'))) line++;
        return line;
    }

    static void ReadSession(TableReader t, State s)
    {
        var rows = 0;
        while (t.Next())
        {
            if (++rows > 1)
            {
                t.Fail(ImportErrorCode.SessionRowCount, null, null, ImportMessages.SessionExtraRow);
                continue;
            }
            var info = new SessionInfo(t.Text(0)!, t.Text(1)!, t.Text(2)!, t.Text(3)!, t.Text(4)!);
            if (t.RowOk) s.Session = info;
        }
        if (rows == 0) s.Log.Add(ImportErrorCode.SessionRowCount, t.File, 1, null, null, ImportMessages.SessionNoRow);
    }

    static void ReadSchools(TableReader t, State s)
    {
        while (t.Next())
        {
            string? uai = null;
            if (t.TryRequired(0, out var raw))
            {
                uai = raw.ToString();
                if (s.SchoolLines.TryGetValue(uai, out var first))
                    t.Fail(ImportErrorCode.DuplicateKey, 0, raw, ImportMessages.DuplicateKey($"UAI '{uai}'", first));
                else
                    s.SchoolLines.Add(uai, t.Line);
                if (!Uai.TryValidate(uai, out var reason))
                    t.Fail(ImportErrorCode.InvalidUai, 0, raw, ImportMessages.InvalidIdentifier(uai, reason));
            }
            var school = new School(uai!, t.Text(1)!, t.Text(2)!, t.Text(3)!);
            if (t.RowOk) s.Schools.Add(school);
        }
    }

    static void ReadExams(TableReader t, State s)
    {
        while (t.Next())
        {
            var code = t.Text(0);
            var label = t.Text(1);
            var mode = t.Enum(2, GradingModes);
            var max = t.Decimal(3);
            if (max < 0)
                t.Fail(ImportErrorCode.OutOfRange, t.Name(3), InterchangeFormat.FormatDecimal(max.Value), ImportMessages.NegativeMaximum(InterchangeFormat.FormatDecimal(max.Value)));
            var order = t.Int(4);
            var shortLabel = t.OptionalText(5);
            if (code is null) continue;
            if (s.ExamsByCode.TryGetValue(code, out var first))
            {
                t.Fail(ImportErrorCode.DuplicateKey, t.Name(0), code, ImportMessages.DuplicateKey($"épreuve '{code}'", first.Line));
                continue;
            }
            var exam = t.RowOk ? new Exam(code, label!, mode!.Value, max!.Value, order!.Value, shortLabel) : null;
            s.ExamsByCode.Add(code, (t.Line, s.ExamsByCode.Count, exam));
            if (exam is not null) s.Exams.Add(exam);
        }
    }

    static void ReadCandidates(TableReader t, State s)
    {
        var schools = s.SchoolLines.GetAlternateLookup<ReadOnlySpan<char>>();
        while (t.Next())
        {
            var number = t.Digits(0, 11);
            if (number is null && t.TryRaw(0, out var rawNumber) && !rawNumber.IsWhiteSpace())
                number = rawNumber.ToString(); // kept as a key so that its notes are not reported as unknown too
            if (number is not null)
            {
                if (s.CandidateLines.TryGetValue(number, out var first))
                    t.Fail(ImportErrorCode.DuplicateKey, t.Name(0), number, ImportMessages.DuplicateKey($"numéro candidat '{number}'", first));
                else
                    s.CandidateLines.Add(number, t.Line);
            }
            var registration = t.Digits(1, 3);
            var version = t.Digits(2, 2);
            var lastName = t.Text(3);
            var firstNames = t.Text(4);
            var birth = t.Date(5);
            var ine = t.OptionalText(6);
            if (ine is not null && !Ine.TryValidate(ine, out var ineReason))
                t.Fail(ImportErrorCode.InvalidIne, t.Name(6), ine, ImportMessages.InvalidIdentifier(ine, ineReason));
            string? school = null;
            if (t.TryRequired(7, out var rawSchool))
            {
                if (schools.TryGetValue(rawSchool, out var known, out _)) school = known;
                else
                {
                    school = rawSchool.ToString();
                    if (s.SchoolsComplete) t.Fail(ImportErrorCode.UnknownSchool, 7, rawSchool, ImportMessages.UnknownSchool(school));
                }
            }
            var category = t.Enum(8, Categories);
            var state = t.Enum(9, States);
            var speciality = t.OptionalText(10);
            var group = t.Text(11);
            var redList = t.Bool(12);
            var fraud = t.Bool(13);
            var replacement = t.Bool(14);
            var result = t.Enum(15, Results, optional: true);
            if (t.RowOk)
                s.Candidates.Add(new Candidate(number!, registration!, version!, lastName!, firstNames!, birth!.Value, ine, school!,
                    category!.Value, state!.Value, speciality, group!, redList!.Value, fraud!.Value, replacement!.Value, result));
        }
    }

    static void ReadGrades(TableReader t, State s)
    {
        var candidates = s.CandidateLines.GetAlternateLookup<ReadOnlySpan<char>>();
        var exams = s.ExamsByCode.GetAlternateLookup<ReadOnlySpan<char>>();
        var schools = s.SchoolLines.GetAlternateLookup<ReadOnlySpan<char>>();
        // Key: (candidate's line in candidats.csv, exam index) → first line here.
        var seen = new Dictionary<long, int>();
        var totals = new TotalCheck();
        while (t.Next())
        {
            string? candidate = null;
            var candidateLine = -1;
            if (t.TryRequired(0, out var rawCandidate))
            {
                if (candidates.TryGetValue(rawCandidate, out var known, out var line))
                {
                    candidate = known;
                    candidateLine = line;
                }
                else
                {
                    candidate = rawCandidate.ToString();
                    if (s.CandidatesComplete) t.Fail(ImportErrorCode.UnknownCandidate, 0, rawCandidate, ImportMessages.UnknownCandidate(candidate));
                }
            }
            string? examCode = null;
            Exam? exam = null;
            var examIndex = -1;
            if (t.TryRequired(1, out var rawExam))
            {
                if (exams.TryGetValue(rawExam, out var known, out var entry))
                {
                    examCode = known;
                    exam = entry.Exam;
                    examIndex = entry.Index;
                }
                else
                {
                    examCode = rawExam.ToString();
                    if (s.ExamsComplete) t.Fail(ImportErrorCode.UnknownExam, 1, rawExam, ImportMessages.UnknownExam(examCode));
                }
            }
            if (candidateLine >= 0 && examIndex >= 0)
            {
                var key = ((long)candidateLine << 20) | (uint)examIndex;
                if (seen.TryGetValue(key, out var first))
                    t.Fail(ImportErrorCode.DuplicateKey, t.Name(1), examCode, ImportMessages.DuplicateKey($"note du candidat '{candidate}' à l'épreuve '{examCode}'", first));
                else
                    seen.Add(key, t.Line);
            }
            var position = t.Enum(2, Positions);
            string? centre = null;
            if (t.TryRaw(3, out var rawCentre) && !rawCentre.IsWhiteSpace())
            {
                if (schools.TryGetValue(rawCentre, out var known, out _)) centre = known;
                else
                {
                    centre = rawCentre.ToString();
                    if (s.SchoolsComplete) t.Fail(ImportErrorCode.UnknownCentre, 3, rawCentre, ImportMessages.UnknownCentre(centre));
                }
            }
            var value = GradeValue.NotEntered;
            if (t.TryRaw(4, out var rawNote) && !rawNote.IsWhiteSpace())
                value = ParseNote(t, rawNote, exam?.MaxPoints);
            if (t.RowOk)
            {
                s.Grades.Add(new Grade(candidate!, examCode!, position!.Value, centre, value));
                if (exam is not null) totals.Note(candidate!, exam.GradingMode, value, t.Line);
                else totals.Skip(candidate!); // its épreuve's row was refused: its mode is unknown
            }
            else if (candidate is not null) totals.Skip(candidate);
        }
        if (s.ExamsComplete) totals.Check(t, s.Log);
    }

    static GradeValue ParseNote(TableReader t, ReadOnlySpan<char> raw, decimal? max)
    {
        if (raw.Equals(Absent, StringComparison.OrdinalIgnoreCase)) return GradeValue.Absent;
        if (raw.Equals(Exempted, StringComparison.OrdinalIgnoreCase)) return GradeValue.Exempted;
        switch (DecimalText.TryParse(raw, out var p))
        {
            case DecimalText.Outcome.TooManyDecimals:
                t.Fail(ImportErrorCode.TooManyDecimals, 4, raw, ImportMessages.TooManyDecimals(raw.ToString()));
                return GradeValue.NotEntered;
            case DecimalText.Outcome.Invalid:
                t.Fail(ImportErrorCode.InvalidDecimal, 4, raw, ImportMessages.InvalidGrade(raw.ToString(), max));
                return GradeValue.NotEntered;
        }
        if (p < 0 || (max is { } m && p > m))
            t.Fail(ImportErrorCode.OutOfRange, 4, raw, max is { } mm ? ImportMessages.GradeOutOfRange(raw.ToString(), mm) : ImportMessages.InvalidGrade(raw.ToString(), null));
        return GradeValue.Of(p);
    }

    static void ReadWindows(TableReader t, State s)
    {
        while (t.Next())
        {
            var service = t.Enum(0, Services);
            var group = t.OptionalText(1);
            var opens = t.DateTime(2);
            var closes = t.DateTime(3);
            if (opens is { } o && closes is { } c && c <= o)
                t.Fail(ImportErrorCode.WindowClosesBeforeOpening, t.Name(3), FormatDateTime(c), ImportMessages.WindowOrder(FormatDateTime(c), FormatDateTime(o)));
            if (t.RowOk) s.Windows.Add(new ServiceWindow(service!.Value, group, opens!.Value, closes!.Value));
        }
    }
}
