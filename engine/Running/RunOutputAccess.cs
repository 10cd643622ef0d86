using CfgResults.Engine.Accounts;
using CfgResults.Engine.Data;

namespace CfgResults.Engine.Running;

/// <summary>
/// Opens the file of a run for its caller only (checked here, at the download itself) and audits the download once,
/// whatever the entry point (page, API): action `telechargement`, target `edition:{id}`, the file name and size (never
/// its content). Null when the run is not the caller's, has no file, or its content is missing: the host answers as
/// it does for a run without a file.
/// </summary>
public sealed class RunOutputAccess(RunStore runs, BlobStore blobs, AuditLog audit)
{
    public async Task<(RunOutput Output, Stream Content)?> OpenAsync(Caller caller, RunRecord run, CancellationToken ct = default)
    {
        if (run.Caller != caller.ToString() || run.State != RunState.Succeeded || run.Output is not { } output) return null;
        if (await blobs.OpenReadAsync(output.Sha256, ct) is not { } content) return null;
        await audit.RecordAsync(caller, AuditActions.Download, $"edition:{run.Id}", $"{output.FileName}; {output.Bytes} octets", ct);
        return (output, content);
    }

    /// <summary>Looks the run up by id, then as <see cref="OpenAsync(Caller, RunRecord, CancellationToken)"/>.</summary>
    public async Task<(RunOutput Output, Stream Content)?> OpenAsync(Caller caller, string runId, CancellationToken ct = default) =>
        await runs.GetAsync(runId, ct) is { } run ? await OpenAsync(caller, run, ct) : null;
}
