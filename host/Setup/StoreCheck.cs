using CfgResults.Engine.Data;
using CfgResults.Engine.Hosting;

namespace CfgResults.Host.Setup;

/// <summary>
/// `serve` starts the engine (migrations, seeding) before it listens: a corrupted, unreadable or unreachable store ends
/// the program with one French sentence and exit code 5, not a stack trace (SECURITY.md row 20). The hosted service
/// that starts the engine then finds the work done.
/// </summary>
public static class StoreCheck
{
    public static async Task<string?> FailureAsync(IServiceProvider services)
    {
        try
        {
            await services.GetRequiredService<EngineStartup>().InitializeAsync();
            return null;
        }
        catch (StoreUnavailableException e)
        {
            return e.Message;
        }
    }
}
