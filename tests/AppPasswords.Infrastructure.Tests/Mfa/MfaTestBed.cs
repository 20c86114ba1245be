using System.Collections.Concurrent;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Notifications;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AppPasswords.Infrastructure.Tests.Mfa;

/// <summary>
/// The MFA services as the host registers them, over a real SQLite file with migrations applied, a fake clock,
/// and senders that record what would have been delivered.
/// </summary>
internal sealed class MfaTestBed : IAsyncDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("apppasswords-mfa-");
    private readonly ServiceProvider provider;

    private MfaTestBed(Dictionary<string, string?> settings, bool recordEmail)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddDbContext<AppPasswordsDbContext>(o => DatabaseRegistration.UseSqlite(o, $"Data Source={Path.Combine(folder.FullName, "mfa.db")};Pooling=False"));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<Core.Common.IRandomSource, Security.SystemRandomSource>();
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddScoped<DeferredDbContext>();
        services.AddScoped<IRequestContext, NoRequestContext>();
        services.AddScoped<IAuditLog, global::AppPasswords.Infrastructure.Audit.DatabaseAuditLog>();
        services.AddMfaInfrastructure(configuration);
        services.Replace(ServiceDescriptor.Singleton<ISmsSender>(Outbox));
        if (recordEmail)
        {
            services.Replace(ServiceDescriptor.Singleton<IEmailSender>(Outbox));
        }

        provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public RecordingSenders Outbox { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public static Task<MfaTestBed> CreateAsync(params (string Key, string? Value)[] settings) => CreateAsync(recordEmail: true, settings);

    /// <summary>Like <see cref="CreateAsync(ValueTuple{string, string}[])"/> but email goes through the sender the configuration selects.</summary>
    public static Task<MfaTestBed> CreateWithConfiguredEmailAsync(params (string Key, string? Value)[] settings) => CreateAsync(recordEmail: false, settings);

    private static async Task<MfaTestBed> CreateAsync(bool recordEmail, (string Key, string? Value)[] settings)
    {
        var bed = new MfaTestBed(settings.ToDictionary(s => s.Key, s => s.Value), recordEmail);
        await using var scope = bed.provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>().Database.MigrateAsync(TestContext.Current.CancellationToken);
        return bed;
    }

    /// <summary>A fresh scope, like one request.</summary>
    public AsyncServiceScope Scope() => provider.CreateAsyncScope();

    /// <summary>Runs <paramref name="action"/> with <typeparamref name="T"/> resolved in its own scope.</summary>
    public async Task<TResult> WithAsync<T, TResult>(Func<T, Task<TResult>> action)
        where T : notnull
    {
        await using var scope = Scope();
        return await action(scope.ServiceProvider.GetRequiredService<T>());
    }

    public async Task<TResult> QueryAsync<TResult>(Func<AppPasswordsDbContext, Task<TResult>> query)
    {
        await using var scope = Scope();
        return await query(scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>());
    }

    public async Task<Guid> AddUserAsync(string name = "ann")
    {
        var user = new User
        {
            Id = Guid.NewGuid(),
            ExternalKey = "local:" + name + Guid.NewGuid().ToString("N"),
            UserPrincipalName = name + "@contoso.com",
            DisplayName = name,
            CreatedAt = Clock.GetUtcNow(),
        };
        await using var scope = Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>();
        db.Add(user);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return user.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await provider.DisposeAsync();
        folder.Delete(recursive: true);
    }

    private sealed class NoRequestContext : IRequestContext
    {
        public string? IpAddress => "127.0.0.1";

        public string? UserAgent => "tests";

        public string? CorrelationId => null;
    }
}

internal sealed record SentMessage(string Channel, string Recipient, string? Subject, string Body)
{
    /// <summary>The six-digit code in the body.</summary>
    public string Code => System.Text.RegularExpressions.Regex.Match(Body, "\\b[0-9]{6}\\b").Value;
}

internal sealed class RecordingSenders : ISmsSender, IEmailSender
{
    private readonly ConcurrentQueue<SentMessage> messages = new();

    public IReadOnlyList<SentMessage> Messages => [.. messages];

    public SentMessage Last(string recipient) => Messages.Last(m => m.Recipient == recipient);

    public Task SendAsync(string e164, string body, CancellationToken cancellationToken = default)
    {
        messages.Enqueue(new SentMessage("sms", e164, null, body));
        return Task.CompletedTask;
    }

    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        messages.Enqueue(new SentMessage("email", message.To, message.Subject, message.TextBody));
        return Task.CompletedTask;
    }
}

internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> Lines => [.. lines];

    public ILogger CreateLogger(string categoryName) => new Logger(lines);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception) + " " + state);
    }
}
