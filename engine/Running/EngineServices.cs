using CfgResults.Engine.Data;
using CfgResults.Engine.Hosting;
using CfgResults.Engine.Publishing;
using CfgResults.Engine.Templates;

namespace CfgResults.Engine.Running;

/// <summary>What steps may use: the database, templates, the blob store, temp files, the clock.</summary>
public sealed record EngineServices(IDatabase Database, TemplateEngine Templates, FileStore Files, TimeProvider Clock)
{
    public DocumentVersionStore Documents => new(Database, Blobs);

    /// <summary>Set by a host: executes the batches of a fanned-out publication as jobs (null: the run executes them itself).</summary>
    public IBatchDispatcher? Dispatcher { get; set; }

    /// <summary>The runner these services belong to (set when the engine is assembled): batches rebuild their run's context with it.</summary>
    public Runner? Runner { get; set; }

    /// <summary>Generated files, in the database (content-addressed).</summary>
    public BlobStore Blobs => new(Database, Clock);

    /// <summary>Verification codes of transcripts (issue 14).</summary>
    public TranscriptVerificationStore Verification => new(Database);

    /// <summary>Public address of the site, without a trailing slash: the QR code of a transcript opens {PublicBaseUrl}/verification/{code}.</summary>
    public string PublicBaseUrl { get; init; } = EngineOptions.DefaultPublicBaseUrl;
}
