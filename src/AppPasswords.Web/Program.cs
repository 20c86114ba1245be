using AppPasswords.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortalLogging();
builder.AddPortalMetrics();
builder.AddPortalServices();

var app = builder.Build();
if (await app.RunCommandLineVerbAsync(args))
{
    return;
}

await app.PrepareDatabaseAsync();
app.UsePortalPipeline();
await app.RunAsync();

/// <summary>Entry point; public so the test hosts can start the real app.</summary>
public partial class Program;
