using System.IO.Compression;
using CfgResults.Engine.Import;
using CfgResults.Host.Auth;
using CfgResults.Host.Pages.Editions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using CfgResults.Engine.Data;
using CfgResults.Engine.Accounts;

namespace CfgResults.Host.Pages.Gestion;

/// <summary>
/// A stored session as a .zip of its interchange folder (the format the Sessions page imports): to keep the service
/// windows edited here before importing a new version of the session, or to hand the data on. Candidates and grades
/// are streamed from the store into the archive. Audited as `session.export`.
/// </summary>
[Authorize(Policy = AuthPolicies.Manager)]
public sealed class ExportModel(SessionStore sessions, AuditLog audit) : PageModel
{
    public const string AuditAction = Engine.Accounts.AuditActions.SessionExport;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var work = Directory.CreateTempSubdirectory("cfgresults-export-");
        try
        {
            var folder = Path.Combine(work.FullName, "session");
            if (!await sessions.ReadRowsAsync(code, rows => SessionFolderWriter.Write(rows, folder), ct)) return this.NotFoundPage();
            // Outside the work folder, and gone as soon as the response has sent it.
            var zip = Path.Combine(Path.GetTempPath(), $"cfgresults-export-{Guid.NewGuid():N}.zip");
            ZipFile.CreateFromDirectory(folder, zip, CompressionLevel.Fastest, includeBaseDirectory: false);
            var content = new FileStream(zip, FileMode.Open, FileAccess.Read, FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await audit.RecordAsync(HttpContext.GetCaller(), AuditAction, $"session:{code}", $"{content.Length} octets", ct);
            return this.Download(content, "application/zip", $"session-{FileNamePart(code)}.zip");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The code as it may stand in a file name: letters, digits, `-` and `_`, anything else as `_`.</summary>
    static string FileNamePart(string code) => new(code.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
