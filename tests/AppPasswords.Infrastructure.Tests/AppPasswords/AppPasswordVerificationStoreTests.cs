using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Policy;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.AppPasswords;
using AppPasswords.Infrastructure.Persistence;
using AppPasswords.Infrastructure.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AppPasswords.Infrastructure.Tests.AppPasswords;

/// <summary>
/// Both implementations of the verification port against a real SQLite file: the prepared-SQL store the portal uses
/// on SQLite, and the EF Core store it uses on SQL Server (its LINQ runs here on SQLite).
/// </summary>
public class AppPasswordVerificationStoreTests
{
    private static readonly IOptionsMonitor<AppPasswordPolicyOptions> Defaults =
        new StaticOptionsMonitor(new AppPasswordPolicyOptions { MaxActivePerUser = 7, MaxLifetimeDays = 30, AllowedProtocols = AppPasswordProtocols.Imap | AppPasswordProtocols.Smtp });

    public static TheoryData<string> Stores => ["sqlite", "ef"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task FindForVerificationAsync_UnknownTag_NoCandidateAndConfiguredPolicy(string kind)
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using var store = Create(database, kind);

        var snapshot = await store.Store.FindForVerificationAsync(new byte[16], TestContext.Current.CancellationToken);

        Assert.Null(snapshot.Candidate);
        Assert.False(snapshot.UserBlocked);
        Assert.Equal(new AppPasswordPolicy(true, 7, TimeSpan.FromDays(30), AppPasswordProtocols.Imap | AppPasswordProtocols.Smtp), snapshot.Policy);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task FindForVerificationAsync_KnownTag_ReturnsEveryColumnAndTheOwnersNames(string kind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await SqliteTestDatabase.CreateAsync();
        var (user, row) = await SeedAsync(database);
        await using var store = Create(database, kind);

        var snapshot = await store.Store.FindForVerificationAsync(row.LookupTag, ct);

        var candidate = Assert.IsType<AppPasswordCandidate>(snapshot.Candidate);
        Assert.Equal(user.UserPrincipalName, candidate.UserPrincipalName);
        Assert.Equal(user.ExternalKey, candidate.UserExternalKey);
        var read = candidate.AppPassword;
        Assert.Equivalent(row, read, strict: true);
        Assert.False(snapshot.UserBlocked);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task FindForVerificationAsync_BlockAndPolicyWrittenElsewhere_SeenOnTheNextRead(string kind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await SqliteTestDatabase.CreateAsync();
        var (user, row) = await SeedAsync(database);
        await using var store = Create(database, kind);
        Assert.False((await store.Store.FindForVerificationAsync(row.LookupTag, ct)).UserBlocked);

        // Another instance (or the command line) writes: nothing in this process is told.
        await using (var db = database.CreateContext())
        {
            db.Add(new AppPasswordUserBlock { UserId = user.Id, BlockedAt = DateTimeOffset.UnixEpoch, BlockedByUserId = user.Id });
            db.Add(new OrganizationPolicy { AppPasswordsEnabled = false, MaxActivePerUser = 3, MaxLifetimeDays = null, AllowedProtocols = AppPasswordProtocols.Pop3 });
            await db.SaveChangesAsync(ct);
        }

        var snapshot = await store.Store.FindForVerificationAsync(row.LookupTag, ct);
        Assert.True(snapshot.UserBlocked);
        Assert.Equal(new AppPasswordPolicy(false, 3, null, AppPasswordProtocols.Pop3), snapshot.Policy);
        var unknown = await store.Store.FindForVerificationAsync(new byte[16], ct);
        Assert.False(unknown.UserBlocked);
        Assert.False(unknown.Policy.Enabled);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RecordUseAsync_SecondUseWithinTheResolution_WritesOnce(string kind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await SqliteTestDatabase.CreateAsync();
        var (_, row) = await SeedAsync(database);
        await using var store = Create(database, kind);
        var now = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

        Assert.True(await store.Store.RecordUseAsync(row.Id, now, AppPasswordProtocols.Smtp, "192.0.2.7", now.AddMinutes(-1), ct));
        Assert.False(await store.Store.RecordUseAsync(row.Id, now.AddSeconds(59), AppPasswordProtocols.Imap, "192.0.2.8", now.AddSeconds(-1), ct));
        Assert.False(await store.Store.RecordUseAsync(Guid.NewGuid(), now, AppPasswordProtocols.Imap, null, now, ct));

        await using var db = database.CreateContext();
        var stored = await db.Set<AppPassword>().SingleAsync(p => p.Id == row.Id, ct);
        Assert.Equal((now, AppPasswordProtocols.Smtp, "192.0.2.7"), (stored.LastUsedAt, stored.LastUsedProtocol, stored.LastUsedIpAddress));
        Assert.True(await store.Store.RecordUseAsync(row.Id, now.AddMinutes(1), AppPasswordProtocols.Imap, null, now, ct));
        await using var db2 = database.CreateContext();
        stored = await db2.Set<AppPassword>().SingleAsync(p => p.Id == row.Id, ct);
        Assert.Equal((now.AddMinutes(1), AppPasswordProtocols.Imap, (string?)null), (stored.LastUsedAt, stored.LastUsedProtocol, stored.LastUsedIpAddress));
    }

    [Fact]
    public async Task FindForVerificationAsync_ManyConcurrentCallers_EachGetsItsOwnAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await SqliteTestDatabase.CreateAsync();
        var (_, row) = await SeedAsync(database);
        await using var store = Create(database, "sqlite");

        // More callers than kept connections, so leases are reused, opened under the burst and closed on return.
        var results = await Task.WhenAll(Enumerable.Range(0, 4 * SqliteVerificationConnections.MaxIdle).Select(i => Task.Run(async () =>
        {
            var found = 0;
            for (var n = 0; n < 50; n++)
            {
                var snapshot = await store.Store.FindForVerificationAsync((i + n) % 2 == 0 ? row.LookupTag : new byte[16], ct);
                found += snapshot.Candidate?.AppPassword.Id == row.Id ? 1 : 0;
            }

            return found;
        }, ct)));

        Assert.Equal(4 * SqliteVerificationConnections.MaxIdle * 25, results.Sum());
    }

    [Fact]
    public async Task FindSql_Plan_SeeksTheLookupTagIndexAndScansNoTable()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqliteAppPasswordVerificationStore.SqliteSql.Find;
        command.Parameters.AddWithValue("@tag", new byte[16]);
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                plan.Add(reader.GetString(3));
            }
        }

        // Every table is reached by a key: the tag's unique index, the user's and the block's primary keys, policy id 1.
        Assert.Contains(plan, line => line.StartsWith("SEARCH p USING INDEX IX_AppPasswords_LookupTag (LookupTag=?)", StringComparison.Ordinal));
        Assert.All(plan.Where(line => line.StartsWith("SCAN", StringComparison.Ordinal)), line => Assert.Contains(line, new[] { "SCAN one", "SCAN CONSTANT ROW" }));
        Assert.Equal(4, plan.Count(line => line.StartsWith("SEARCH", StringComparison.Ordinal)));
    }

    [Fact]
    public void Connections_NotSqlite_AreUnavailable()
    {
        var builder = new DbContextOptionsBuilder<AppPasswordsDbContext>();
        DatabaseRegistration.UseSqlServer(builder, "Server=127.0.0.1,1;Database=none;Connect Timeout=1");
        using var connections = new SqliteVerificationConnections(builder.Options);

        Assert.False(connections.IsAvailable);
    }

    private static async Task<(User User, AppPassword Row)> SeedAsync(SqliteTestDatabase database)
    {
        var user = new User { Id = Guid.NewGuid(), ExternalKey = "local:alice", UserPrincipalName = "alice@contoso.example", DisplayName = "Alice", CreatedAt = DateTimeOffset.UnixEpoch };
        var row = new AppPassword
        {
            Id = Guid.NewGuid(),
            UserId = user.Id,
            Label = "Phone ☎",
            CreatedAt = new DateTimeOffset(2026, 11, 1, 8, 30, 0, TimeSpan.Zero),
            ExpiresAt = new DateTimeOffset(2027, 11, 1, 8, 30, 0, TimeSpan.Zero),
            RevokedAt = new DateTimeOffset(2026, 11, 20, 8, 30, 0, TimeSpan.Zero),
            RevocationReason = AppPasswordRevocationReasons.ByUser,
            Protocols = AppPasswordProtocols.Imap | AppPasswordProtocols.CalDavCardDav,
            LastUsedAt = new DateTimeOffset(2026, 11, 19, 8, 30, 0, TimeSpan.Zero),
            LastUsedProtocol = AppPasswordProtocols.CalDavCardDav,
            LastUsedIpAddress = "2001:db8::1",
            HashKeyId = "k2",
            HashVersion = 1,
            LookupTag = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray(),
            Hash = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray(),
        };
        await using var db = database.CreateContext();
        db.Add(user);
        db.Add(row);
        db.Add(new AppPassword { Id = Guid.NewGuid(), UserId = user.Id, Label = "Other", HashKeyId = "k1", HashVersion = 1, LookupTag = new byte[16].Select((_, i) => (byte)(200 + i)).ToArray(), Hash = new byte[32] });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return (user, row);
    }

    private static StoreUnderTest Create(SqliteTestDatabase database, string kind)
    {
        var builder = new DbContextOptionsBuilder<AppPasswordsDbContext>();
        DatabaseRegistration.UseSqlite(builder, database.ConnectionString);
        if (kind == "sqlite")
        {
            var connections = new SqliteVerificationConnections(builder.Options);
            Assert.True(connections.IsAvailable);
            return new StoreUnderTest(new SqliteAppPasswordVerificationStore(connections, Defaults), connections);
        }

        var db = new AppPasswordsDbContext(builder.Options);
        return new StoreUnderTest(new EfAppPasswordVerificationStore(db, Defaults), db);
    }

    private sealed class StoreUnderTest(IAppPasswordVerificationStore store, IDisposable owner) : IAsyncDisposable
    {
        public IAppPasswordVerificationStore Store { get; } = store;

        public ValueTask DisposeAsync()
        {
            owner.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class StaticOptionsMonitor(AppPasswordPolicyOptions value) : IOptionsMonitor<AppPasswordPolicyOptions>
    {
        public AppPasswordPolicyOptions CurrentValue => value;

        public AppPasswordPolicyOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<AppPasswordPolicyOptions, string?> listener) => null;
    }
}
