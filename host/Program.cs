var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => "CfgResults");
app.Run();

public partial class Program;
