using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Audit;
using AppPasswords.Core.ServiceKeys;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure;
using AppPasswords.Infrastructure.AppPasswords;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Usage: BenchSeed <data directory>. Prints shell assignments: SERVICE_KEY, ONE_PASSWORD, MANY_PASSWORD.
if (args.Length != 1)
{
    Console.Error.WriteLine("Usage: BenchSeed <data directory>");
    return 2;
}

var configuration = new ConfigurationBuilder()
    .AddInMemoryCollection(new Dictionary<string, string?> { ["Database:DataDirectory"] = Path.GetFullPath(args[0]) })
    .Build();
var services = new ServiceCollection()
    .AddSingleton<IConfiguration>(configuration)
    .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
    .AddSingleton<IRequestContext, NoRequestContext>()
    .AddInfrastructure(configuration, Directory.GetCurrentDirectory())
    .AddAppPasswords(Directory.GetCurrentDirectory())
    .BuildServiceProvider();
await services.MigrateDatabaseAsync();

async Task<Guid> AddUserAsync(string name)
{
    await using var scope = services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>();
    var user = new User { Id = Guid.NewGuid(), ExternalKey = "local:" + name, UserPrincipalName = name + "@contoso.example", DisplayName = name, CreatedAt = DateTimeOffset.UtcNow };
    db.Add(user);
    await db.SaveChangesAsync();
    return user.Id;
}

async Task<string> IssueAsync(Guid userId, string label)
{
    await using var scope = services.CreateAsyncScope();
    var result = await scope.ServiceProvider.GetRequiredService<IIssueAppPasswordCommand>()
        .IssueAsync(new IssueAppPasswordRequest(userId, label, null, AppPasswordProtocols.All));
    return result.Password ?? throw new InvalidOperationException(result.Error.ToString());
}

var one = await AddUserAsync("one");
var onePassword = await IssueAsync(one, "only");
var many = await AddUserAsync("many");
var manyPassword = "";
for (var i = 0; i < 40; i++)
{
    manyPassword = await IssueAsync(many, $"device {i}");
}

// Background population so the table is not trivially small: 500 more users with 2 passwords each.
for (var u = 0; u < 500; u++)
{
    var id = await AddUserAsync($"user{u}");
    await IssueAsync(id, "phone");
    await IssueAsync(id, "laptop");
}

await using (var scope = services.CreateAsyncScope())
{
    var key = await scope.ServiceProvider.GetRequiredService<ICreateServiceKeyCommand>().CreateAsync("benchmark", null);
    Console.WriteLine($"SERVICE_KEY={key.Key}");
}

Console.WriteLine($"ONE_PASSWORD={onePassword}");
Console.WriteLine($"MANY_PASSWORD={manyPassword}");
return 0;

internal sealed class NoRequestContext : IRequestContext
{
    public string? IpAddress => null;

    public string? UserAgent => null;

    public string? CorrelationId => null;
}
