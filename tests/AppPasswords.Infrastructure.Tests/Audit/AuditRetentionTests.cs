using AppPasswords.Core.Audit;
using AppPasswords.Infrastructure.Audit;
using AppPasswords.Infrastructure.Persistence;
using AppPasswords.Infrastructure.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AppPasswords.Infrastructure.Tests.Audit;

public class AuditRetentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunAsync_EventsOlderThanRetention_DeletedInBatchesOthersKept()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await AuditLogReaderTests.AddAsync(database, Enumerable.Range(0, 25).Select(i => AuditLogReaderTests.Event(Now.AddDays(-31).AddMinutes(-i), "old")));
        await AuditLogReaderTests.AddAsync(database, Enumerable.Range(0, 5).Select(i => AuditLogReaderTests.Event(Now.AddDays(-29).AddMinutes(-i), "recent")));
        await using var db = database.CreateContext();
        var purge = new AuditRetentionPurge(db, Options.Create(new AuditRetentionOptions { RetentionDays = 30, CleanupBatchSize = 7 }), new FakeTimeProvider(Now));

        var deleted = await purge.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(25, deleted);
        await using var check = database.CreateContext();
        Assert.All(check.Set<AuditEvent>().ToList(), e => Assert.Equal("recent", e.EventType));
        Assert.Equal(5, check.Set<AuditEvent>().Count());
    }

    [Fact]
    public async Task RunAsync_RetentionZero_KeepsEverything()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await AuditLogReaderTests.AddAsync(database, [AuditLogReaderTests.Event(Now.AddYears(-10), "ancient")]);
        await using var db = database.CreateContext();
        var purge = new AuditRetentionPurge(db, Options.Create(new AuditRetentionOptions { RetentionDays = 0 }), new FakeTimeProvider(Now));

        Assert.Equal(0, await purge.RunAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, db.Set<AuditEvent>().Count());
    }

    [Fact]
    public async Task Service_ClockAdvancesPastInterval_RunsPurge()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await AuditLogReaderTests.AddAsync(database, [AuditLogReaderTests.Event(Now.AddDays(-2), "old"), AuditLogReaderTests.Event(Now, "new")]);
        var clock = new FakeTimeProvider(Now);
        var options = Options.Create(new AuditRetentionOptions { RetentionDays = 1, CleanupInterval = TimeSpan.FromHours(1) });
        var services = new ServiceCollection()
            .AddScoped(_ => database.CreateContext())
            .AddScoped(sp => new AuditRetentionPurge(sp.GetRequiredService<AppPasswordsDbContext>(), options, clock))
            .BuildServiceProvider();
        await using var _ = services;
        using var service = new AuditRetentionService(services.GetRequiredService<IServiceScopeFactory>(), options, clock, NullLogger<AuditRetentionService>.Instance);
        var pass = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        service.PassCompleted += (_, deleted) => pass.TrySetResult(deleted);
        await service.StartAsync(TestContext.Current.CancellationToken);

        Assert.False(pass.Task.IsCompleted);
        clock.Advance(TimeSpan.FromHours(1));
        var deleted = await pass.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await service.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, deleted);
        await using var check = database.CreateContext();
        Assert.Equal("new", Assert.Single(check.Set<AuditEvent>().ToList()).EventType);
    }
}
