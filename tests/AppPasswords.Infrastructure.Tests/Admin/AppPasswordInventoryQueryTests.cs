using AppPasswords.Core.Admin;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Users;
using System.Data.Common;
using AppPasswords.Infrastructure.Admin;
using AppPasswords.Infrastructure.Persistence;
using AppPasswords.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace AppPasswords.Infrastructure.Tests.Admin;

public class AppPasswordInventoryQueryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider clock = new(Now);
    private int sequence;

    public static TheoryData<InventorySort, bool> Sorts => new()
    {
        { InventorySort.Created, true },
        { InventorySort.Created, false },
        { InventorySort.LastUsed, true },
        { InventorySort.LastUsed, false },
        { InventorySort.Expiry, true },
        { InventorySort.Expiry, false },
        { InventorySort.User, false },
        { InventorySort.User, true },
    };

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task GetPageAsync_RowsAddedWhilePaging_EveryOriginalRowExactlyOnceInOrder(InventorySort sort, bool descending)
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var users = await AddUsersAsync(database, "carol@contoso.example", "alice@contoso.example", "bob@contoso.example");
        // Duplicated sort values (same timestamps, same users, many nulls) exercise the Id tie-breaker and null handling.
        var original = Enumerable.Range(0, 57).Select(i => Password(users[i % 3], $"client {i}", Now.AddDays(-(i % 7)), lastUsed: i % 4 == 0 ? null : Now.AddHours(-(i % 5)), expires: i % 3 == 0 ? null : Now.AddDays(i % 6))).ToList();
        await AddAsync(database, original);
        var filter = new InventoryFilter { Sort = sort, Descending = descending };

        var seen = new List<Guid>();
        InventoryCursor? cursor = null;
        var round = 0;
        do
        {
            await using var db = database.CreateContext();
            var page = await new AppPasswordInventoryQuery(db, clock).GetPageAsync(filter, cursor, 10, TestContext.Current.CancellationToken);
            seen.AddRange(page.Items.Select(r => r.Id));
            cursor = page.Next;
            // Rows arrive while the admin pages: some sort before the cursor, some after, some equal to it.
            round++;
            await AddAsync(database, [Password(users[round % 3], $"new {round}", Now.AddDays(-(round % 7)), lastUsed: round % 2 == 0 ? null : Now.AddHours(-1), expires: round % 2 == 0 ? null : Now.AddDays(2))]);
        }
        while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Superset(original.Select(p => p.Id).ToHashSet(), seen.ToHashSet());
        var order = seen.Select((id, index) => (id, index)).ToDictionary(x => x.id, x => x.index);
        await using var check = database.CreateContext();
        var all = await new AppPasswordInventoryQuery(check, clock).GetPageAsync(filter, null, 200, TestContext.Current.CancellationToken);
        var expectedOrder = all.Items.Select(r => r.Id).Where(order.ContainsKey).ToList();
        Assert.Equal(expectedOrder, seen.Where(id => expectedOrder.Contains(id)).ToList());
    }

    public static TheoryData<InventorySort, bool, int> NullBoundaries => new()
    {
        { InventorySort.LastUsed, true, 4 },
        { InventorySort.LastUsed, false, 3 },
        { InventorySort.Expiry, true, 4 },
        { InventorySort.Expiry, false, 3 },
    };

    /// <summary>Pages whose last row is the last of the first key range (non-null descending, null ascending) still lead into the second range.</summary>
    [Theory]
    [MemberData(nameof(NullBoundaries))]
    public async Task GetPageAsync_PageEndsExactlyAtNullBoundary_ContinuesIntoOtherRange(InventorySort sort, bool descending, int pageSize)
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var users = await AddUsersAsync(database, "alice@contoso.example");
        // 4 rows with a value, 3 without: the first range fills exactly one page of its size.
        var rows = Enumerable.Range(0, 7).Select(i => Password(users[0], $"c{i}", Now.AddDays(-i), i < 4 ? Now.AddHours(-i) : null, i < 4 ? Now.AddDays(i + 1) : null)).ToList();
        await AddAsync(database, rows);
        var filter = new InventoryFilter { Sort = sort, Descending = descending };
        await using var db = database.CreateContext();
        var query = new AppPasswordInventoryQuery(db, clock);

        var first = await query.GetPageAsync(filter, null, pageSize, TestContext.Current.CancellationToken);
        var rest = await query.GetPageAsync(filter, first.Next, 50, TestContext.Current.CancellationToken);

        Assert.NotNull(first.Next);
        Assert.Equal(pageSize, first.Items.Count);
        Assert.All(first.Items, r => Assert.Equal(descending, Key(r, sort) is not null));
        Assert.All(rest.Items, r => Assert.Equal(descending, Key(r, sort) is null));
        Assert.Null(rest.Next);
        Assert.Equal(rows.Select(r => r.Id).Order(), first.Items.Concat(rest.Items).Select(r => r.Id).Order());
    }

    public static TheoryData<InventorySort, bool, bool> PlanCases => new()
    {
        { InventorySort.LastUsed, true, false },
        { InventorySort.LastUsed, true, true },
        { InventorySort.LastUsed, false, false },
        { InventorySort.LastUsed, false, true },
        { InventorySort.Expiry, true, false },
        { InventorySort.Expiry, true, true },
        { InventorySort.Expiry, false, false },
        { InventorySort.Expiry, false, true },
        { InventorySort.Created, true, false },
    };

    /// <summary>
    /// The regression that took a deep page sorted by last use from 63 ms to 134 s on a million rows: a cursor query
    /// with "OR key IS NULL" made SQLite sort the whole table. Every query a page issues must read an index in order.
    /// </summary>
    [Theory]
    [MemberData(nameof(PlanCases))]
    public async Task GetPageAsync_EveryNullableSortAndCursor_ReadsIndexInOrderWithoutSorting(InventorySort sort, bool descending, bool nullCursor)
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var users = await AddUsersAsync(database, "alice@contoso.example");
        await AddAsync(database, Enumerable.Range(0, 20).Select(i => Password(users[0], $"c{i}", Now.AddDays(-i), i % 2 == 0 ? Now.AddHours(-i) : null, i % 2 == 0 ? Now.AddDays(i + 1) : null)));
        var (db, recorder) = RecordingContext(database);
        await using var _ = db;
        var cursor = new InventoryCursor(nullCursor ? null : Now.AddHours(-6).UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), descending ? Guid.AllBitsSet : Guid.Empty);

        var page = await new AppPasswordInventoryQuery(db, clock).GetPageAsync(new InventoryFilter { Sort = sort, Descending = descending }, cursor, 50, TestContext.Current.CancellationToken);

        Assert.NotEmpty(page.Items);
        Assert.NotEmpty(recorder.Commands);
        foreach (var plan in await ExplainAsync(db, recorder))
        {
            Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
            Assert.Contains(plan, line => line.Contains("IX_AppPasswords_Admin_", StringComparison.Ordinal));
        }
    }

    public static TheoryData<string, InventorySort, bool> PlanComparisons()
    {
        var data = new TheoryData<string, InventorySort, bool>();
        foreach (var filter in FiltersByName.Keys)
        {
            foreach (var sort in Enum.GetValues<InventorySort>())
            {
                data.Add(filter, sort, true);
                data.Add(filter, sort, false);
            }
        }

        return data;
    }

    private static readonly Dictionary<string, InventoryFilter> FiltersByName = new()
    {
        ["label"] = new() { Search = "Printer" },
        ["label+not used"] = new() { Search = "Printer", NotUsedForDays = 2 },
        ["user"] = new() { Search = "bob" },
        ["user or label+active"] = new() { Search = "c", Status = InventoryStatus.Active },
        ["created window+revoked"] = new() { CreatedFrom = Now.AddDays(-4), CreatedTo = Now.AddHours(-1), Status = InventoryStatus.Revoked },
        ["expiring+label"] = new() { ExpiringWithinDays = 4, Search = "Printer" },
        ["expired"] = new() { Status = InventoryStatus.Expired },
    };

    /// <summary>
    /// Every plan a page can be given (walk of the sort index, or a driving range read and sorted) returns the same
    /// rows in the same order, page after page with keyset cursors, and exactly the rows the filter defines.
    /// </summary>
    [Theory]
    [MemberData(nameof(PlanComparisons))]
    public async Task ReadPageAsync_EveryApplicablePlan_SameRowsInSameOrder(string filterName, InventorySort sort, bool descending)
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var users = await AddUsersAsync(database, "carol@contoso.example", "alice@contoso.example", "bob@contoso.example");
        var rows = Enumerable.Range(0, 60).Select(i => Password(users[i % 3], i % 4 == 0 ? "Printer " + i : i % 4 == 1 ? "Calendar" : "client " + i, Now.AddDays(-(i % 6)), lastUsed: i % 5 == 0 ? null : Now.AddDays(-(i % 4)), expires: i % 3 == 0 ? null : Now.AddDays((i % 7) - 2))).ToList();
        foreach (var revoked in rows.Where((_, i) => i % 6 == 1))
        {
            revoked.RevokedAt = Now.AddHours(-3);
        }

        await AddAsync(database, rows);
        var filter = FiltersByName[filterName] with { Sort = sort, Descending = descending };
        await using var db = database.CreateContext();
        var query = new AppPasswordInventoryQuery(db, clock);
        var chosen = await query.ChoosePlanAsync(filter, TestContext.Current.CancellationToken);
        InventoryDriver[] drivers = [InventoryDriver.SortOrder, InventoryDriver.Term, InventoryDriver.Created, InventoryDriver.Expiry];

        var expected = rows.Where(p => Matches(p, filter, users)).Select(p => p.Id).Order().ToList();
        Assert.NotEmpty(expected);
        List<Guid>? reference = null;
        foreach (var driver in drivers.Where(d => Applies(d, filter)))
        {
            var seen = new List<Guid>();
            InventoryCursor? cursor = null;
            do
            {
                var page = await query.ReadPageAsync(filter, chosen with { Driver = driver }, cursor, 4, TestContext.Current.CancellationToken);
                seen.AddRange(page.Items.Select(r => r.Id));
                cursor = page.Next;
            }
            while (cursor is not null);

            Assert.Equal(expected, seen.Order().ToList());
            reference ??= seen;
            Assert.Equal(reference, seen);
        }
    }

    private static bool Applies(InventoryDriver driver, InventoryFilter filter) => driver switch
    {
        InventoryDriver.Term => filter.Search is not null,
        InventoryDriver.Created => filter.CreatedFrom is not null || filter.CreatedTo is not null,
        InventoryDriver.Expiry => filter.ExpiringWithinDays is not null || filter.Status == InventoryStatus.Expired,
        _ => true,
    };

    private static bool Matches(AppPassword p, InventoryFilter f, Guid[] users)
    {
        string[] upns = ["carol@contoso.example", "alice@contoso.example", "bob@contoso.example"];
        var upn = upns[Array.IndexOf(users, p.UserId)];
        return (f.Search is null || p.Label.StartsWith(f.Search, StringComparison.Ordinal) || upn.StartsWith(f.Search, StringComparison.Ordinal))
            && f.Status switch
            {
                InventoryStatus.Active => p.RevokedAt is null && (p.ExpiresAt is null || p.ExpiresAt > Now),
                InventoryStatus.Revoked => p.RevokedAt is not null,
                InventoryStatus.Expired => p.RevokedAt is null && p.ExpiresAt <= Now,
                _ => true,
            }
            && (f.NotUsedForDays is not { } idle || p.LastUsedAt is null || p.LastUsedAt < Now.AddDays(-idle))
            && (f.ExpiringWithinDays is not { } soon || (p.RevokedAt is null && p.ExpiresAt > Now && p.ExpiresAt <= Now.AddDays(soon)))
            && (f.CreatedFrom is not { } from || p.CreatedAt >= from)
            && (f.CreatedTo is not { } to || p.CreatedAt < to);
    }

    /// <summary>
    /// The choice itself: a term whose range is narrower than the window limit drives the page through the label
    /// index (its few matches sorted on the index entries); a broad one walks the sort order's index and sorts nothing.
    /// </summary>
    [Theory]
    [InlineData("Tablet 7", true, "IX_AppPasswords_Admin_Label")]
    [InlineData("Printer", false, "IX_AppPasswords_Admin_Created")]
    public async Task ChoosePlanAsync_TermNarrowOrBroad_ReadsLabelIndexOrWalksSortIndex(string term, bool narrow, string index)
    {
        var expected = narrow ? InventoryDriver.Term : InventoryDriver.SortOrder;
        await using var database = await SqliteTestDatabase.CreateAsync();
        var users = await AddUsersAsync(database, "alice@contoso.example");
        await AddAsync(database, Enumerable.Range(0, 40).Select(i => Password(users[0], i < 30 ? "Printer " + i : i < 33 ? "Tablet 7" : "Calendar", Now.AddHours(-i), null, null)));
        var (db, recorder) = RecordingContext(database);
        await using var _ = db;
        var query = new AppPasswordInventoryQuery(db, clock) { WindowLimit = 10 };
        var filter = new InventoryFilter { Search = term, NotUsedForDays = 1 };

        var plan = await query.ChoosePlanAsync(filter, TestContext.Current.CancellationToken);
        recorder.Commands.Clear();
        var page = await query.ReadPageAsync(filter, plan, null, 5, TestContext.Current.CancellationToken);

        Assert.Equal(expected, plan.Driver);
        Assert.Equal(narrow ? 3 : 5, page.Items.Count);
        var plans = await ExplainAsync(db, recorder);
        var only = Assert.Single(plans);
        Assert.Contains(only, line => line.Contains(index, StringComparison.Ordinal) && !line.Contains("u USING", StringComparison.Ordinal));
        if (expected == InventoryDriver.SortOrder)
        {
            Assert.DoesNotContain(only, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
            Assert.DoesNotContain(only, line => line.Contains("IX_AppPasswords_Admin_Label", StringComparison.Ordinal));
        }
        else
        {
            // The matches are ordered on the label index entries alone; only the page's ids are then read.
            Assert.Contains(only, line => line.Contains("COVERING INDEX IX_AppPasswords_Admin_Label", StringComparison.Ordinal));
            Assert.DoesNotContain(only, line => line.Contains("IX_AppPasswords_Admin_Created", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ChoosePlanAsync_NarrowExpiryWindow_DrivesByExpiryIndex()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var users = await AddUsersAsync(database, "alice@contoso.example");
        await AddAsync(database, Enumerable.Range(0, 40).Select(i => Password(users[0], "Printer", Now.AddHours(-i), null, i < 3 ? Now.AddDays(1) : Now.AddDays(100))));
        var (db, recorder) = RecordingContext(database);
        await using var _ = db;
        var query = new AppPasswordInventoryQuery(db, clock) { WindowLimit = 10 };
        var filter = new InventoryFilter { ExpiringWithinDays = 7, Search = "Printer" };

        var plan = await query.ChoosePlanAsync(filter, TestContext.Current.CancellationToken);
        recorder.Commands.Clear();
        var page = await query.ReadPageAsync(filter, plan, null, 50, TestContext.Current.CancellationToken);

        Assert.Equal(InventoryDriver.Expiry, plan.Driver);
        Assert.Equal(3, page.Items.Count);
        Assert.Contains(Assert.Single(await ExplainAsync(db, recorder)), line => line.Contains("COVERING INDEX IX_AppPasswords_Admin_Expiry (ExpiresAt>? AND ExpiresAt<?)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(InventoryStatus.Revoked, 30, null)]
    [InlineData(InventoryStatus.Expired, 30, null)]
    [InlineData(InventoryStatus.Any, 0, null)]
    [InlineData(InventoryStatus.Any, null, "zzz")]
    public async Task GetPageAsync_FiltersThatCannotMatch_EmptyWithoutReadingPasswords(InventoryStatus status, int? expiringDays, string? search)
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var users = await AddUsersAsync(database, "alice@contoso.example");
        var revoked = Password(users[0], "Printer", Now.AddDays(-1), null, Now.AddDays(2));
        revoked.RevokedAt = Now;
        await AddAsync(database, [revoked, Password(users[0], "Printer", Now.AddDays(-1), null, Now.AddDays(-2))]);
        var (db, recorder) = RecordingContext(database);
        await using var _ = db;

        var page = await new AppPasswordInventoryQuery(db, clock).GetPageAsync(new InventoryFilter { Status = status, ExpiringWithinDays = expiringDays, Search = search }, null, 50, TestContext.Current.CancellationToken);

        Assert.Empty(page.Items);
        Assert.Null(page.Next);
        Assert.DoesNotContain(recorder.Commands, c => c.Sql.Contains("\"Protocols\"", StringComparison.Ordinal));
    }

    private static (AppPasswordsDbContext Db, SqlRecorder Recorder) RecordingContext(SqliteTestDatabase database)
    {
        var recorder = new SqlRecorder();
        var builder = new DbContextOptionsBuilder<AppPasswordsDbContext>();
        DatabaseRegistration.UseSqlite(builder, database.ConnectionString);
        builder.AddInterceptors(recorder);
        return (new AppPasswordsDbContext(builder.Options), recorder);
    }

    private static async Task<List<List<string>>> ExplainAsync(AppPasswordsDbContext db, SqlRecorder recorder)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var plans = new List<List<string>>();
        foreach (var command in recorder.Commands)
        {
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + command.Sql;
            foreach (var (name, value) in command.Parameters)
            {
                var parameter = explain.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                explain.Parameters.Add(parameter);
            }

            var plan = new List<string>();
            await using var reader = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                plan.Add(reader.GetString(3));
            }

            plans.Add(plan);
        }

        return plans;
    }

    [Fact]
    public async Task GetPageAsync_Filters_MatchTheirDefinition()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var users = await AddUsersAsync(database, "alice@contoso.example", "bob@contoso.example");
        var active = Password(users[0], "Outlook", Now.AddDays(-10), lastUsed: Now.AddDays(-1), expires: Now.AddDays(5));
        var idle = Password(users[0], "Thunderbird", Now.AddDays(-100), lastUsed: Now.AddDays(-60), expires: null);
        var never = Password(users[1], "Printer", Now.AddDays(-40), lastUsed: null, expires: Now.AddDays(60));
        var expired = Password(users[1], "Old phone", Now.AddDays(-400), lastUsed: null, expires: Now.AddDays(-35));
        var revoked = Password(users[1], "Outlook", Now.AddDays(-20), lastUsed: null, expires: null);
        revoked.RevokedAt = Now.AddDays(-2);
        await AddAsync(database, [active, idle, never, expired, revoked]);
        await using var db = database.CreateContext();
        var query = new AppPasswordInventoryQuery(db, clock);
        async Task<Guid[]> Ids(InventoryFilter f) => [.. (await query.GetPageAsync(f, null, 50, TestContext.Current.CancellationToken)).Items.Select(r => r.Id).Order()];
        Guid[] Expect(params AppPassword[] p) => [.. p.Select(x => x.Id).Order()];

        Assert.Equal(Expect(active, idle, never), await Ids(new InventoryFilter { Status = InventoryStatus.Active }));
        Assert.Equal(Expect(revoked), await Ids(new InventoryFilter { Status = InventoryStatus.Revoked }));
        Assert.Equal(Expect(expired), await Ids(new InventoryFilter { Status = InventoryStatus.Expired }));
        Assert.Equal(Expect(idle, never, expired, revoked), await Ids(new InventoryFilter { NotUsedForDays = 30 }));
        Assert.Equal(Expect(active), await Ids(new InventoryFilter { ExpiringWithinDays = 30 }));
        Assert.Equal(Expect(active, never, revoked), await Ids(new InventoryFilter { CreatedFrom = Now.AddDays(-50), CreatedTo = Now }));
        Assert.Equal(Expect(active, idle), await Ids(new InventoryFilter { Search = "alice" }));
        Assert.Equal(Expect(active, revoked), await Ids(new InventoryFilter { Search = "Outl" }));
        Assert.Equal(Expect(active), await Ids(new InventoryFilter { Search = "Outl", Status = InventoryStatus.Active }));
        Assert.Equal(Expect(never, expired, revoked), await Ids(new InventoryFilter { UserId = users[1] }));
        Assert.Empty(await Ids(new InventoryFilter { Search = "%" }));
        Assert.Empty(await Ids(new InventoryFilter { Search = "' OR 1=1 --" }));
    }

    [Fact]
    public async Task StreamAsync_ReturnsExactlyThePagedView()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var users = await AddUsersAsync(database, "alice@contoso.example");
        await AddAsync(database, Enumerable.Range(0, 30).Select(i => Password(users[0], i % 2 == 0 ? "even" : "odd", Now.AddMinutes(-i), null, null)));
        await using var db = database.CreateContext();
        var query = new AppPasswordInventoryQuery(db, clock);
        var filter = new InventoryFilter { Search = "even", Sort = InventorySort.Created };

        var streamed = new List<Guid>();
        await foreach (var row in query.StreamAsync(filter, TestContext.Current.CancellationToken))
        {
            streamed.Add(row.Id);
        }

        var paged = (await query.GetPageAsync(filter, null, 100, TestContext.Current.CancellationToken)).Items.Select(r => r.Id).ToList();
        Assert.Equal(15, streamed.Count);
        Assert.Equal(paged, streamed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("n~abc")]
    [InlineData("v!!!~0123456789abcdef0123456789abcdef")]
    [InlineData("q~0123456789abcdef0123456789abcdef")]
    public void TryDecode_Malformed_ReturnsFalse(string token)
    {
        Assert.False(InventoryCursor.TryDecode(token, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("638999999999999999")]
    [InlineData("zoë@contoso.example")]
    public void Encode_RoundTrips(string? value)
    {
        var cursor = new InventoryCursor(value, Guid.NewGuid());

        Assert.True(InventoryCursor.TryDecode(cursor.Encode(), out var decoded));
        Assert.Equal(cursor, decoded);
    }

    private static DateTimeOffset? Key(InventoryRow row, InventorySort sort) => sort == InventorySort.LastUsed ? row.LastUsedAt : row.ExpiresAt;

    private AppPassword Password(Guid userId, string label, DateTimeOffset created, DateTimeOffset? lastUsed, DateTimeOffset? expires)
    {
        var n = Interlocked.Increment(ref sequence);
        return new AppPassword
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Label = label,
            CreatedAt = created,
            LastUsedAt = lastUsed,
            ExpiresAt = expires,
            HashKeyId = "test",
            HashVersion = 1,
            LookupTag = BitConverter.GetBytes((long)n).Concat(new byte[8]).ToArray(),
            Hash = new byte[32],
        };
    }

    private static async Task<Guid[]> AddUsersAsync(SqliteTestDatabase database, params string[] upns)
    {
        await using var db = database.CreateContext();
        var users = upns.Select(upn => new User { Id = Guid.NewGuid(), ExternalKey = "local:" + upn, UserPrincipalName = upn, DisplayName = upn, CreatedAt = Now }).ToList();
        db.Set<User>().AddRange(users);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return [.. users.Select(u => u.Id)];
    }

    private static async Task AddAsync(SqliteTestDatabase database, IEnumerable<AppPassword> passwords)
    {
        await using var db = database.CreateContext();
        db.Set<AppPassword>().AddRange(passwords);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private sealed class SqlRecorder : DbCommandInterceptor
    {
        public List<(string Sql, List<(string Name, object? Value)> Parameters)> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add((command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value))]));
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
