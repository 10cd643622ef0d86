using CfgResults.Engine.Data;
using CfgResults.Engine.Hosting;

namespace CfgResults.Host.Setup;

/// <summary>
/// `serve` opens the store before it listens: a corrupted, unreadable or unreachable store ends the program
/// with one French sentence and exit code 5, not a stack trace (SECURITY.md row 20).
/// </summary>
public static class StoreCheck
{
    public static string? Failure(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<CfgResultsEngine>();
            return null;
        }
        catch (StoreUnavailableException e)
        {
            return e.Message;
        }
    }
}
