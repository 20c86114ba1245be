using AppPasswords.Core.Audit;
using AppPasswords.Infrastructure.Audit;
using AppPasswords.Infrastructure.Tests.Support;

namespace AppPasswords.Infrastructure.Tests.Audit;

public class AuditLogReaderTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid Alice = Guid.Parse("0d3c4b4e-0000-4000-8000-000000000001");
    private static readonly Guid Bob = Guid.Parse("0d3c4b4e-0000-4000-8000-000000000002");

    [Fact]
    public async Task GetPageAsync_RowsAddedBetweenPages_NoRowSkippedOrRepeated()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        // Several events share a timestamp so the Id tie-breaker is exercised.
        await AddAsync(database, Enumerable.Range(0, 95).Select(i => Event(Start.AddMinutes(i / 3), "auth.sign-in")));
        await using var db = database.CreateContext();
        var reader = new AuditLogReader(db);
        var seen = new List<long>();
        AuditCursor? cursor = null;
        var pages = 0;
        do
        {
            var page = await reader.GetPageAsync(new AuditFilter(), cursor, 10, TestContext.Current.CancellationToken);
            seen.AddRange(page.Items.Select(e => e.Id));
            cursor = page.Next;
            pages++;
            // New events arrive (newest and with an old timestamp equal to the boundary) while the admin pages.
            await AddAsync(database, [Event(Start.AddDays(1).AddMinutes(pages), "auth.sign-in")]);
        }
        while (cursor is not null);

        Assert.Equal(10, pages);
        Assert.Equal(95, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        await using var check = database.CreateContext();
        var expected = check.Set<AuditEvent>().Where(e => e.OccurredAt < Start.AddDays(1))
            .AsEnumerable().OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Select(e => e.Id).ToList();
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task GetPageAsync_Filters_ReturnOnlyMatchingEvents()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await AddAsync(database,
        [
            Event(Start, "auth.sign-in", actor: Alice, correlation: "c1"),
            Event(Start.AddHours(1), "auth.sign-in", AuditOutcomes.Failure, actor: Bob),
            Event(Start.AddDays(1), "admin.policy-changed", actor: Alice, target: Bob),
            Event(Start.AddDays(2), "auth.sign-out", actor: Bob, target: Bob, correlation: "c2"),
        ]);
        await using var db = database.CreateContext();
        var reader = new AuditLogReader(db);
        async Task<string[]> Types(AuditFilter filter) =>
            [.. (await reader.GetPageAsync(filter, null, 50, TestContext.Current.CancellationToken)).Items.Select(e => e.EventType + "@" + e.OccurredAt.Day)];

        Assert.Equal(["auth.sign-in@1", "auth.sign-in@1"], await Types(new AuditFilter { EventType = "auth.sign-in" }));
        Assert.Equal(["auth.sign-in@1"], await Types(new AuditFilter { Outcome = AuditOutcomes.Failure }));
        Assert.Equal(["admin.policy-changed@2", "auth.sign-in@1"], await Types(new AuditFilter { ActorUserId = Alice }));
        Assert.Equal(["auth.sign-out@3", "admin.policy-changed@2"], await Types(new AuditFilter { TargetUserId = Bob }));
        Assert.Equal(["admin.policy-changed@2"], await Types(new AuditFilter { From = Start.AddDays(1), To = Start.AddDays(2) }));
        Assert.Equal(["auth.sign-out@3"], await Types(new AuditFilter { CorrelationId = "c2" }));
        Assert.Empty(await Types(new AuditFilter { EventType = "auth.sign-in", ActorUserId = Alice, Outcome = AuditOutcomes.Failure }));
    }

    [Fact]
    public async Task StreamAsync_MoreRowsThanOneChunk_ReturnsEveryRowOnceInOrder()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await AddAsync(database, Enumerable.Range(0, 4500).Select(i => Event(Start.AddSeconds(i / 2), i % 2 == 0 ? "a" : "b")));
        await using var db = database.CreateContext();
        var reader = new AuditLogReader(db);

        var all = new List<AuditEvent>();
        await foreach (var e in reader.StreamAsync(new AuditFilter { EventType = "a" }, TestContext.Current.CancellationToken))
        {
            all.Add(e);
        }

        Assert.Equal(2250, all.Count);
        Assert.Equal(all.Count, all.Select(e => e.Id).Distinct().Count());
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.OccurredAt > p.Second.OccurredAt));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("12")]
    [InlineData("-5.3")]
    [InlineData("5.-3")]
    [InlineData("99999999999999999999999.1")]
    [InlineData("1.2.3")]
    public void TryDecode_Malformed_ReturnsFalse(string token)
    {
        Assert.False(AuditCursorFormat.TryDecode(token, out var cursor));
        Assert.Null(cursor);
    }

    [Fact]
    public void Encode_RoundTrips()
    {
        var cursor = new AuditCursor(Start.AddTicks(7), 42);

        Assert.True(AuditCursorFormat.TryDecode(AuditCursorFormat.Encode(cursor), out var decoded));
        Assert.Equal(cursor, decoded);
    }

    internal static AuditEvent Event(DateTimeOffset at, string type, string outcome = AuditOutcomes.Success, Guid? actor = null, Guid? target = null, string? correlation = null) =>
        new() { OccurredAt = at, EventType = type, Outcome = outcome, ActorUserId = actor, TargetUserId = target, CorrelationId = correlation };

    internal static async Task AddAsync(SqliteTestDatabase database, IEnumerable<AuditEvent> events)
    {
        await using var db = database.CreateContext();
        db.Set<AuditEvent>().AddRange(events);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}
