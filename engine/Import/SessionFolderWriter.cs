using System.Text;
using CfgResults.Engine.Domain;
using static CfgResults.Engine.Import.InterchangeFormat;

namespace CfgResults.Engine.Import;

/// <summary>
/// Writes a <see cref="SessionData"/> as an interchange folder (IMPORT-FORMAT.md), deterministically:
/// UTF-8 with BOM, <c>;</c>, CRLF, columns in the documented order, canonical spellings, rows sorted by key.
/// Reading the folder back and writing it again gives the same bytes.
/// No formula-injection prefix here: this is data for an import, and a prefix would change the values.
/// </summary>
public static class SessionFolderWriter
{
    static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    /// <summary>Writes the six files into <paramref name="folder"/> (created if needed, files replaced).</summary>
    public static void Write(SessionData data, string folder) => Write(new SessionRows(data.Session, data.Schools, data.Exams,
        data.Candidates.OrderBy(x => x.Number, StringComparer.Ordinal),
        data.Grades.OrderBy(x => x.CandidateNumber, StringComparer.Ordinal).ThenBy(x => x.ExamCode, StringComparer.Ordinal), data.Windows), folder);

    /// <summary>
    /// Writes the six files from rows already in key order (candidates and grades are streamed: a session of a
    /// million candidates is never held in memory by the export).
    /// </summary>
    public static void Write(SessionRows data, string folder)
    {
        Directory.CreateDirectory(folder);
        WriteFile(folder, SessionFile, SessionColumns, [data.Session], (w, x) =>
            w.Field(x.Code).Field(x.Domain).Field(x.Label).Field(x.Title).Field(x.Academy));

        WriteFile(folder, SchoolsFile, SchoolColumns, data.Schools.OrderBy(x => x.Uai, StringComparer.Ordinal), (w, x) =>
            w.Field(x.Uai).Field(x.Type).Field(x.Name).Field(x.Town));

        WriteFile(folder, ExamsFile, ExamColumns, data.Exams.OrderBy(x => x.Order).ThenBy(x => x.Code, StringComparer.Ordinal), (w, x) =>
            w.Field(x.Code).Field(x.Label).Field(French.Name(x.GradingMode)).Field(FormatDecimal(x.MaxPoints)).Field(x.Order.ToString(French.Culture)).Field(x.ShortLabel));

        WriteFile(folder, CandidatesFile, CandidateColumns, data.CandidatesInOrder, (w, x) => w
            .Field(x.Number).Field(x.RegistrationNumber).Field(x.Version).Field(x.LastName).Field(x.FirstNames)
            .Field(FormatDate(x.BirthDate)).Field(x.Ine).Field(x.RegistrationSchoolUai).Field(French.Name(x.Category))
            .Field(French.Name(x.State)).Field(x.Speciality).Field(x.DecisionGroup).Field(FormatBool(x.RedList))
            .Field(FormatBool(x.FraudSuspected)).Field(FormatBool(x.ReplacementSession)).Field(x.Result is { } r ? French.Name(r) : null));

        WriteFile(folder, GradesFile, GradeColumns, data.GradesInOrder, (w, x) => w
            .Field(x.CandidateNumber).Field(x.ExamCode).Field(French.Name(x.Position)).Field(x.CentreUai).Field(FormatGrade(x.Value)));

        WriteFile(folder, WindowsFile, WindowColumns,
            data.Windows.OrderBy(x => x.Service).ThenBy(x => x.DecisionGroup ?? "", StringComparer.Ordinal).ThenBy(x => x.Opens).ThenBy(x => x.Closes), (w, x) => w
            .Field(French.Name(x.Service)).Field(x.DecisionGroup).Field(FormatDateTime(x.Opens)).Field(FormatDateTime(x.Closes)));
    }

    /// <summary>The text of a note: 12,5 / AB / DI / empty.</summary>
    public static string FormatGrade(GradeValue v) => v.Kind switch
    {
        GradeKind.Points => FormatDecimal(v.Points!.Value),
        GradeKind.Absent => Absent,
        GradeKind.Exempted => Exempted,
        _ => "",
    };

    static void WriteFile<T>(string folder, string name, ColumnSpec[] columns, IEnumerable<T> rows, Action<RowWriter, T> write)
    {
        // Written beside and moved into place, so a reader never sees half a file.
        var path = Path.Combine(folder, name);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        using (var text = new StreamWriter(stream, Utf8WithBom, 1 << 16))
        {
            var w = new RowWriter(text);
            foreach (var c in columns) w.Field(c.Name);
            w.EndRow();
            foreach (var row in rows)
            {
                write(w, row);
                w.EndRow();
            }
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Writes fields separated by <c>;</c>, quoting only when needed (separator, quote, line break, or blanks at an end the reader would trim).</summary>
    sealed class RowWriter(TextWriter text)
    {
        bool _first = true;

        public RowWriter Field(string? value)
        {
            if (!_first) text.Write(';');
            _first = false;
            if (string.IsNullOrEmpty(value)) return this;
            if (NeedsQuotes(value))
            {
                text.Write('"');
                text.Write(value.Replace("\"", "\"\""));
                text.Write('"');
            }
            else text.Write(value);
            return this;
        }

        public void EndRow()
        {
            text.Write("\r\n");
            _first = true;
        }

        static bool NeedsQuotes(string v) =>
            v.AsSpan().IndexOfAny(";\"\r\n") >= 0 || v[0] is ' ' or '\t' || v[^1] is ' ' or '\t';
    }
}
