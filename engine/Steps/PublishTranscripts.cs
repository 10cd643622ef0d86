using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Documents;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;

namespace CfgResults.Engine.Steps;

/// <summary>
/// Publishes the transcript (relevé de notes) of every candidate in scope as a numbered document version, in
/// batches of schools (about `batch_candidates`, default 500) executed as jobs by every host of the cluster
/// (<see cref="PublicationBatches"/>), each batch in one transaction, so that memory stays flat whatever the session size. A candidate's document gets a
/// new version only when its content changed (same data, same template → same content hash → nothing
/// written), except that a version nobody may download yet takes the new availability date and publisher
/// (a wrong date is corrected by publishing again; the document says its dates, so it is drawn again under the
/// same number). Fraud-held candidates never get a transcript, whatever the criteria say.
/// Options: `template`; `available_from` and `publisher` name the parameters holding the availability
/// date-time and the publisher label; `school` optionally names a parameter restricting to one school.
/// </summary>
[Loading.CriteriaLevels(CriterionLevel.Candidate)]
[StepKind("publish.transcripts")]
public sealed class PublishTranscripts : StepKind<PublishTranscripts.Options>
{
    public sealed record Options(string Template, string AvailableFrom = "disponible_le", string Publisher = "publie_par",
        string? School = "etablissement", string DefaultPublisher = "Service Examens et Concours", int BatchCandidates = 500);

    /// <summary>What every batch of one publication shares (resolved once from the run's parameters).</summary>
    internal sealed record Settings(string Template, string TemplateText, DateTimeOffset Available, string Publisher, Selection.Query Query)
    {
        /// <summary>The template text's SHA-256, part of every content hash (worked out once per publication).</summary>
        public string TemplateSha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(TemplateText)));
    }

    /// <summary>What one batch did: candidates in scope, versions written (new or corrected), pages drawn.</summary>
    public readonly record struct BatchResult(long Candidates, long Written, long Pages, long Undeliberated = 0);

    protected override Task ExecuteAsync(Options options, RunContext context, CancellationToken ct) =>
        // Fanned out: one batch of schools per job, on every host of the cluster (PublicationBatches).
        new PublicationBatches(context.Services, context.Services.Runner ?? throw new InvalidOperationException("publication sans exécuteur"),
            new RunStore(context.Services.Database)).RunAsync(context, options, Resolve(options, context), ct);

    /// <summary>Says how many candidates got no transcript because their result is not deliberated yet.</summary>
    public static void NoteUndeliberated(RunContext context, long undeliberated)
    {
        if (undeliberated > 0)
            context.Notes.Add($"{undeliberated} candidat(s) sans résultat délibéré : aucun relevé publié pour eux (ils le seront après la délibération).");
    }

    /// <summary>Checks the caller and reads the publication's settings from the run's parameters.</summary>
    internal static Settings Resolve(Options options, RunContext context)
    {
        if (context.Caller.Role != CallerRole.Manager)
            throw new NotAllowedException("la publication des relevés de notes est réservée au gestionnaire examens");
        var available = context.Parameters.GetValueOrDefault(options.AvailableFrom) switch
        {
            DateTime dt => ParisTime.ToInstant(dt),
            DateOnly d => ParisTime.ToInstant(d.ToDateTime(TimeOnly.MinValue)),
            _ => context.Now,
        };
        var publisher = context.Parameters.GetValueOrDefault(options.Publisher) as string is { Length: > 0 } p ? p : options.DefaultPublisher;
        var filter = CriteriaCompiler.CompileCandidateFilter(SelectCandidates.CandidateLevel(context), "cp");
        // The template's text is part of what a document says: a published template change must give new versions.
        var templateText = context.Services.Templates.Source.Read(options.Template) ?? "";
        TemplateUse.Record(context, options.Template);
        return new Settings(options.Template, templateText, available, publisher,
            new Selection.Query(filter, new SqlFilter("1 = 1", []), Selection.Scope.RegisteredStudents, Public: false));
    }

    /// <summary>The schools in scope, in UAI order (one school if the run names one).</summary>
    public static List<string> Schools(Options options, RunContext context)
    {
        var onlySchool = options.School is { } sp ? context.Parameters.GetValueOrDefault(sp) as string : null;
        return context.Session.Schools.Select(s => s.Uai).Where(u => onlySchool is null || u == onlySchool).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Publishes the transcripts of some schools: PDFs drawn in parallel, then every version recorded with its
    /// bytes in one transaction (<see cref="DocumentVersionStore.WriteAsync"/>); <paramref name="beforeCommit"/>
    /// runs in that transaction. Safe to run again: what was written is found by its content hash and skipped.
    /// </summary>
    internal static async Task<BatchResult> PublishBatchAsync(RunContext context, Settings settings, IReadOnlyList<string> schools,
        Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, BatchResult, Task<bool>>? beforeCommit, CancellationToken ct)
    {
        var store = context.Services.Documents;
        var secret = await context.Services.Verification.SecretAsync(ct);
        var sessionCode = context.Session.Session.Code;
        var sessionLabel = $"{context.Session.Session.Title} - {context.Session.Session.Label}";
        var folder = $"documents/{Safe(sessionCode)}/";
        var available = ParisTime.ToLocal(settings.Available);
        var verificationAddress = $"{context.Services.PublicBaseUrl}/verification";
        // Every school's candidates first (each school read as that school, for the guard rails), then one parallel loop
        // over the whole batch: both cores stay busy whatever the size of the schools.
        var work = new List<(CandidateRecord Record, RunContext School, Dictionary<string, object?> Base)>();
        long candidates = 0, pages = 0, undeliberated = 0;
        foreach (var school in schools)
        {
            ct.ThrowIfCancellationRequested();
            // Each school: the caller acts as that school for the guard rails, and fraud is excluded.
            var schoolContext = Scoped(context, Caller.School(school, context.Caller.Login));
            var records = (await Selection.LoadAsync(schoolContext, settings.Query, ct)).Where(r => !r.Candidate.FraudSuspected).ToList();
            // No transcript before deliberation: counted, and said by the run.
            undeliberated += records.RemoveAll(r => r.Candidate.Result is null);
            if (records.Count == 0) continue;
            candidates += records.Count;
            var baseModel = RunModel.Base(schoolContext);
            work.AddRange(records.Select(r => (r, schoolContext, baseModel)));
        }
        var latest = await store.LatestVersionsAsync(sessionCode, work.Select(w => w.Record.Candidate.Number).ToList(), DocumentVersionStore.TranscriptKind, ct);
        var drawn = new (DocumentVersionStore.Written Version, bool Correction)?[work.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, work.Count), new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount }, (i, token) =>
        {
            var (record, schoolContext, baseModel) = work[i];
            var candidateModel = RunModel.CandidateModel(record, context.Session.Exams, schoolContext);
            var hash = ContentHash(settings, baseModel, candidateModel);
            var previous = latest.GetValueOrDefault(record.Candidate.Number);
            var correction = previous is not null && previous.ContentHash == hash;
            if (correction && (previous!.AvailableFrom <= context.Now || (previous.AvailableFrom == settings.Available && previous.Publisher == settings.Publisher)))
                return ValueTask.CompletedTask;
            var version = correction ? previous!.Version : (previous?.Version ?? 0) + 1;
            // Known before drawing (it is printed on the transcript), the same when an unreleased version is drawn again.
            var code = VerificationCode.Derive(secret, sessionCode, record.Candidate.Number, version);
            var model = new Dictionary<string, object?>(baseModel)
            {
                ["candidat"] = candidateModel,
                ["document"] = new Dictionary<string, object?>
                {
                    ["version"] = version, ["genere_le"] = context.LocalNow, ["disponible_le"] = available, ["publie_par"] = settings.Publisher,
                    ["code_verification"] = code, ["adresse_verification"] = verificationAddress, ["url_verification"] = $"{verificationAddress}/{code}",
                },
            };
            var markup = context.Services.Templates.RenderText(settings.Template, model, token);
            var bytes = RenderPdf(markup, new PdfRenderOptions(context.Now, $"{sessionCode}/{record.Candidate.Number}/{version}"), ref pages);
            drawn[i] = (new DocumentVersionStore.Written(new DocumentVersion(correction ? previous!.Id : 0,
                sessionCode, record.Candidate.Number, DocumentVersionStore.TranscriptKind, version, hash, BlobStore.Sha256(bytes),
                $"{folder}{record.Candidate.Number}/releve-notes-v{version}.pdf", bytes.Length, context.Now, settings.Available, settings.Publisher, context.RunId), bytes,
                new VerificationEntry(sessionCode, sessionLabel, record.Candidate.Number, version, code,
                    $"{record.Candidate.LastName.ToUpperInvariant()} {record.Candidate.FirstNames}", candidateModel["resultat"] as string ?? "", candidateModel["total"] as string ?? "")),
                correction);
            return ValueTask.CompletedTask;
        });
        work.Clear();
        var pageCount = pages;
        // Rows in candidate order (the order locks are taken in, whoever writes).
        List<DocumentVersionStore.Written> Of(bool correction) =>
            drawn.Where(d => d is { } x && x.Correction == correction).Select(d => d!.Value.Version).OrderBy(v => v.Version.CandidateNumber, StringComparer.Ordinal).ToList();
        var written = await store.WriteAsync(Of(false), Of(true), context.Now,
            beforeCommit is null ? null : (cn, tx, n) => beforeCommit(cn, tx, new BatchResult(candidates, n, pageCount, undeliberated)), ct);
        return new BatchResult(candidates, written, pageCount, undeliberated);
    }

    /// <summary>
    /// Draws one PDF into this thread's reused buffer and returns its bytes (one exact-size copy, nothing regrown);
    /// adds its pages to <paramref name="pages"/>.
    /// </summary>
    static byte[] RenderPdf(string markup, PdfRenderOptions options, ref long pages)
    {
        var buffer = t_pdfBuffer ??= new MemoryStream(64 * 1024);
        buffer.SetLength(0);
        var stats = DocumentPipeline.RenderPdf(markup, options, buffer);
        Interlocked.Add(ref pages, stats.Pages);
        var bytes = buffer.ToArray();
        // A rare huge transcript does not keep its buffer for the thread's lifetime.
        if (buffer.Capacity > 1024 * 1024) t_pdfBuffer = null;
        return bytes;
    }

    [ThreadStatic] static MemoryStream? t_pdfBuffer;

    internal static RunContext Scoped(RunContext c, Caller caller) => new()
    {
        RunId = c.RunId, Definition = c.Definition, Caller = caller, Session = c.Session, Parameters = c.Parameters,
        Criteria = c.Criteria, Now = c.Now, Services = c.Services, Progress = c.Progress, OpenDecisionGroups = c.OpenDecisionGroups,
    };

    /// <summary>What the document says, without its version number and dates: equal hashes, equal content.</summary>
    static string ContentHash(Settings settings, Dictionary<string, object?> baseModel, Dictionary<string, object?> candidate)
    {
        var stable = new Dictionary<string, object?>(baseModel)
        {
            ["candidat"] = candidate, ["gabarit"] = settings.Template, ["gabarit_sha256"] = settings.TemplateSha256,
        };
        stable.Remove("maintenant");
        stable.Remove("parametres");
        var json = JsonSerializer.SerializeToUtf8Bytes(stable);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }

    static string Safe(string code) => new(code.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_').ToArray());
}
