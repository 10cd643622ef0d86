using CfgResults.Host.Auth;
using CfgResults.Host.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddAccounts();

var app = builder.Build();
app.UseSecurityHeaders();
app.UseAccounts();
app.MapAccountPages();
app.Run();

public partial class Program;
