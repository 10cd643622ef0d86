using CfgResults.Host.Api;
using CfgResults.Host.Auth;
using CfgResults.Host.Setup;
using CfgResults.Host.Cli;
using CfgResults.Host.Jobs;
using CfgResults.Host.Security;
using CfgResults.Host.Pages.Verification;

var cli = CliArgs.Parse(args);
if (cli.Verb != "serve" || cli.Help)
    return await Cli.RunAsync(cli, Console.Out, Console.Error);

// The program's own folder holds wwwroot (copied at build), wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = cli.HostArgs(),
    ContentRootPath = cli.Option("contentRoot") is null ? AppContext.BaseDirectory : null,
});
builder.AddEngine(cli);
builder.AddSessions();
builder.AddAccounts();
builder.AddJobs();
builder.AddApi();
builder.AddVerification();

var app = builder.Build();
if (await StoreCheck.FailureAsync(app.Services) is { } storeFailure)
{
    Console.Error.WriteLine($"erreur : {storeFailure}");
    return ExitCodes.StoreUnavailable;
}
app.UseSecurityHeaders();
app.UseErrorPages();
app.UseApiProblems();
app.UseRouting(); // after the error pages, so that their re-execution finds /erreur/{code}
app.UseAccounts();
app.UseVerification();
app.MapAccountPages();
app.MapJobsDashboard();
app.MapApi();
await app.RunAsync();
return 0;

public partial class Program;
