using CfgResults.Engine.Running;
using CfgResults.Engine.Templates;

namespace CfgResults.Engine.Hosting;

/// <summary>Where the engine keeps its data and finds the shipped definitions, templates and fonts.</summary>
public sealed record EngineOptions
{
    /// <summary>Embedded store (SQLite file) and generated files. Default `./data`.</summary>
    public string DataDir { get; init; } = "data";

    /// <summary>PostgreSQL connection string; null means the embedded SQLite store.</summary>
    public string? PostgresConnection { get; init; }

    /// <summary>Shipped definitions and templates; found next to the program or above it when null.</summary>
    public string? DefinitionsDir { get; init; }
    public string? TemplatesDir { get; init; }

    /// <summary>Font folder for PDFs (DejaVu Sans by default).</summary>
    public string? FontsDir { get; init; }

    public TemplateLimits TemplateLimits { get; init; } = TemplateLimits.Default;

    public const string DefaultPublicBaseUrl = "http://localhost:5000";

    /// <summary>Public address of the site (CfgResults:PublicBaseUrl), printed in the QR code of transcripts.</summary>
    public string PublicBaseUrl { get; init; } = DefaultPublicBaseUrl;

    /// <summary>Per-school limits on runs (issue 11).</summary>
    public RunQuotaOptions Quotas { get; init; } = RunQuotaOptions.Default;
}
