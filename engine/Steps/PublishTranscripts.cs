using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CfgResults.Engine.Accounts;
using CfgResults.Engine.Criteria;
using CfgResults.Engine.Documents;
using CfgResults.Engine.Domain;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Running;

namespace CfgResults.Engine.Steps;

/// <summary>
/// Publishes the transcript (relevé de notes) of every candidate in scope as a numbered document version,
/// school by school so that memory stays flat whatever the session size. A candidate's document gets a
/// new version only when its content changed (same data, same template → same content hash → nothing
/// written), except that a version nobody may download yet takes the new availability date and publisher
/// (a wrong date is corrected by publishing again; the document says its dates, so it is drawn again under the
/// same number). Fraud-held candidates never get a transcript, whatever the criteria say.
/// Options: `template`; `available_from` and `publisher` name the parameters holding the availability
/// date-time and the publisher label; `school` optionally names a parameter restricting to one school.
/// </summary>
[StepKind("publish.transcripts")]
public sealed class PublishTranscripts : StepKind<PublishTranscripts.Options>
{
    public sealed record Options(string Template, string AvailableFrom = "disponible_le", string Publisher = "publie_par",
        string? School = "etablissement", string DefaultPublisher = "Service Examens et Concours");

    protected override async Task ExecuteAsync(Options options, RunContext context, CancellationToken ct)
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
        var onlySchool = options.School is { } sp ? context.Parameters.GetValueOrDefault(sp) as string : null;

        var schools = context.Session.Schools.Select(s => s.Uai).Where(u => onlySchool is null || u == onlySchool).Order(StringComparer.Ordinal).ToList();
        var filter = CriteriaCompiler.CompileCandidateFilter(SelectCandidates.CandidateLevel(context), "cp");
        var exams = context.Session.Exams.ToDictionary(e => e.Code, StringComparer.Ordinal);
        // The template's text is part of what a document says: a published template change must give new versions.
        var templateText = context.Services.Templates.Source.Read(options.Template) ?? "";
        TemplateUse.Record(context, options.Template);
        var store = context.Services.Documents;
        var verification = context.Services.Verification;
        var secret = await verification.SecretAsync(ct);
        var sessionLabel = $"{context.Session.Session.Title} - {context.Session.Session.Label}";
        long done = 0, written = 0, pages = 0;

        for (var i = 0; i < schools.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            // Each school is a batch: the caller acts as that school for the guard rails, and fraud is excluded.
            var asSchool = Caller.School(schools[i], context.Caller.Login);
            var batchContext = Scoped(context, asSchool);
            var query = new Selection.Query(filter, new SqlFilter("1 = 1", []), Selection.Scope.RegisteredStudents, Public: false);
            var records = (await Selection.LoadAsync(batchContext, query, ct)).Where(r => !r.Candidate.FraudSuspected).ToList();
            if (records.Count == 0) continue;

            var latest = await store.LatestVersionsAsync(context.Session.Session.Code, records.Select(r => r.Candidate.Number).ToList(), DocumentVersionStore.TranscriptKind, ct);
            var baseModel = RunModel.Base(batchContext);
            var versions = new ConcurrentBag<DocumentVersion>();
            var corrections = new ConcurrentBag<DocumentVersion>();
            var codes = new ConcurrentBag<VerificationEntry>();
            long batchPages = 0;
            await Parallel.ForEachAsync(records, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount }, async (record, token) =>
            {
                var candidateModel = RunModel.CandidateModel(record, context.Session.Exams, batchContext);
                var hash = ContentHash(options.Template, templateText, baseModel, candidateModel);
                var previous = latest.GetValueOrDefault(record.Candidate.Number);
                var correction = previous is not null && previous.ContentHash == hash;
                if (correction && (previous!.AvailableFrom <= context.Now || (previous.AvailableFrom == available && previous.Publisher == publisher))) return;
                var version = correction ? previous!.Version : (previous?.Version ?? 0) + 1;
                // Known before drawing (it is printed on the transcript), the same when an unreleased version is drawn again.
                var code = VerificationCode.Derive(secret, context.Session.Session.Code, record.Candidate.Number, version);
                codes.Add(new VerificationEntry(context.Session.Session.Code, sessionLabel, record.Candidate.Number, version, code,
                    $"{record.Candidate.LastName.ToUpperInvariant()} {record.Candidate.FirstNames}", candidateModel["resultat"] as string ?? "", candidateModel["total"] as string ?? ""));
                var model = new Dictionary<string, object?>(baseModel)
                {
                    ["candidat"] = candidateModel,
                    ["document"] = new Dictionary<string, object?>
                    {
                        ["version"] = version, ["genere_le"] = context.LocalNow, ["disponible_le"] = ParisTime.ToLocal(available), ["publie_par"] = publisher,
                        ["code_verification"] = code, ["adresse_verification"] = $"{context.Services.PublicBaseUrl}/verification",
                        ["url_verification"] = $"{context.Services.PublicBaseUrl}/verification/{code}",
                    },
                };
                var markup = context.Services.Templates.RenderText(options.Template, model, token);
                using var ms = new MemoryStream();
                var stats = DocumentPipeline.RenderPdf(markup, new PdfRenderOptions(context.Now, $"{context.Session.Session.Code}/{record.Candidate.Number}/{version}"), ms);
                Interlocked.Add(ref batchPages, stats.Pages);
                var path = $"documents/{Safe(context.Session.Session.Code)}/{record.Candidate.Number}/releve-notes-v{version}.pdf";
                var sha = await context.Services.Files.WriteAtomicAsync(path, ms.GetBuffer().AsMemory(0, (int)ms.Length), token);
                (correction ? corrections : versions).Add(new DocumentVersion(correction ? previous!.Id : 0, context.Session.Session.Code, record.Candidate.Number,
                    DocumentVersionStore.TranscriptKind, version, hash, sha, path, ms.Length, context.Now, available, publisher, context.RunId));
            });
            written += await store.AddVersionsAsync(versions.OrderBy(v => v.CandidateNumber, StringComparer.Ordinal).ToList(), ct);
            written += await store.ReplaceUnreleasedAsync(corrections.OrderBy(v => v.CandidateNumber, StringComparer.Ordinal).ToList(), context.Now, ct);
            await verification.RecordAsync(codes.OrderBy(c => c.CandidateNumber, StringComparer.Ordinal).ToList(), context.Now, ct);
            pages += batchPages;
            done += records.Count;
            context.Progress.Report(new RunProgress(i + 1, schools.Count));
        }
        context.RowCount = written;
        context.PageCount = (int)Math.Min(int.MaxValue, pages);
    }

    static RunContext Scoped(RunContext c, Caller caller) => new()
    {
        RunId = c.RunId, Definition = c.Definition, Caller = caller, Session = c.Session, Parameters = c.Parameters,
        Criteria = c.Criteria, Now = c.Now, Services = c.Services, Progress = c.Progress, OpenDecisionGroups = c.OpenDecisionGroups,
    };

    /// <summary>What the document says, without its version number and dates: equal hashes, equal content.</summary>
    static string ContentHash(string template, string templateText, Dictionary<string, object?> baseModel, Dictionary<string, object?> candidate)
    {
        var stable = new Dictionary<string, object?>(baseModel)
        {
            ["candidat"] = candidate, ["gabarit"] = template, ["gabarit_sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(templateText))),
        };
        stable.Remove("maintenant");
        stable.Remove("parametres");
        var json = JsonSerializer.SerializeToUtf8Bytes(stable);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }

    static string Safe(string code) => new(code.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_').ToArray());
}
