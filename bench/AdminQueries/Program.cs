using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using AppPasswords.Core.Admin;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Common;
using AppPasswords.Infrastructure.Admin;
using AppPasswords.Infrastructure.Audit;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

// Usage: AdminQueries <file.db> [iterations=50] [skip: case-insensitive substring of query names to leave out] [--matrix: every term x filter x sort x direction] [--no-export]
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: AdminQueries <file.db> [iterations]");
    return 2;
}

var path = Path.GetFullPath(args[0]);
var iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
var skip = args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal) ? args[2] : null;
var capture = new LastCommandCapture();
var options = new DbContextOptionsBuilder<AppPasswordsDbContext>();
DatabaseRegistration.UseSqlite(options, $"Data Source={path};Mode=ReadOnly");
options.AddInterceptors(capture);
var now = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
var clock = new FixedClock(now);
AppPasswordsDbContext NewContext() => new(options.Options);

Console.WriteLine($"# {path} ({new FileInfo(path).Length / 1024 / 1024} MB), {iterations} iterations after 5 warm-ups, {Environment.ProcessorCount} cores");
Console.WriteLine();
Console.WriteLine("| Query | rows | p50 ms | p95 ms | max ms |");
Console.WriteLine("|---|---|---|---|---|");

var plans = new List<(string Name, string Sql, string Plan)>();

async Task Measure(string name, Func<AppPasswordsDbContext, Task<int>> run)
{
    if (skip is not null && name.Contains(skip, StringComparison.OrdinalIgnoreCase))
    {
        Console.WriteLine($"| {name} | skipped | | | |");
        return;
    }

    var timings = new List<double>();
    var rows = 0;
    for (var i = 0; i < iterations + 5; i++)
    {
        await using var db = NewContext();
        var timer = Stopwatch.StartNew();
        rows = await run(db);
        timer.Stop();
        if (i >= 5)
        {
            timings.Add(timer.Elapsed.TotalMilliseconds);
        }
    }

    timings.Sort();
    double P(double q) => timings[Math.Min(timings.Count - 1, (int)Math.Ceiling(q * timings.Count) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {rows} | {P(0.5):F1} | {P(0.95):F1} | {timings[^1]:F1} |"));
    plans.Add((name, capture.Sql!, await ExplainAsync(path, capture)));
}

// Cursor 10,000 rows deep for each sort, found once by walking pages (not timed).
async Task<InventoryCursor?> DeepCursor(InventoryFilter filter, int depth)
{
    await using var db = NewContext();
    var query = new AppPasswordInventoryQuery(db, clock);
    InventoryCursor? cursor = null;
    for (var seen = 0; seen < depth;)
    {
        var page = await query.GetPageAsync(filter, cursor, 200);
        seen += page.Items.Count;
        cursor = page.Next;
        if (cursor is null)
        {
            break;
        }
    }

    return cursor;
}

const int PageSize = 50;
foreach (var sort in new[] { InventorySort.Created, InventorySort.LastUsed, InventorySort.Expiry, InventorySort.User })
{
    var filter = new InventoryFilter { Sort = sort, Descending = sort != InventorySort.User };
    await Measure($"Inventory first page, sort {sort}", async db => (await new AppPasswordInventoryQuery(db, clock).GetPageAsync(filter, null, PageSize)).Items.Count);
    var deep = skip is not null && $"Inventory page 10,000 rows deep, sort {sort}".Contains(skip, StringComparison.OrdinalIgnoreCase)
        ? null
        : await DeepCursor(filter, 10_000);
    await Measure($"Inventory page 10,000 rows deep, sort {sort}", async db => (await new AppPasswordInventoryQuery(db, clock).GetPageAsync(filter, deep, PageSize)).Items.Count);
}

var search = new InventoryFilter { Search = "user0421", Status = InventoryStatus.Active };
await Measure("Inventory search \"user0421\" (prefix of UPN or label) + active", async db => (await new AppPasswordInventoryQuery(db, clock).GetPageAsync(search, null, PageSize)).Items.Count);
var labelSearch = new InventoryFilter { Search = "Printer", NotUsedForDays = 90 };
await Measure("Inventory search \"Printer\" + not used for 90 days", async db => (await new AppPasswordInventoryQuery(db, clock).GetPageAsync(labelSearch, null, PageSize)).Items.Count);
var expiring = new InventoryFilter { ExpiringWithinDays = 30, Sort = InventorySort.Expiry, Descending = false };
await Measure("Inventory expiring within 30 days, sort expiry asc", async db => (await new AppPasswordInventoryQuery(db, clock).GetPageAsync(expiring, null, PageSize)).Items.Count);

// Search and filter combinations that used to sort every match, and the worst cases of the order-aware plan:
// a broad term walks the sort index, a narrow one sorts its few matches, a filter whose matches all sit at the far
// end of the sort order (expired = created over a year ago, read newest first) walks the index until it gets there.
var broadByUserAsc = new InventoryFilter { Search = "Printer", Sort = InventorySort.User, Descending = false, NotUsedForDays = 90, Status = InventoryStatus.Active };
await Measure("Inventory search \"Printer\" + active + not used 90 days, sort user asc", async db => (await new AppPasswordInventoryQuery(db, clock).GetPageAsync(broadByUserAsc, null, PageSize)).Items.Count);
var broadUser = new InventoryFilter { Search = "user0", Sort = InventorySort.Expiry, Descending = false };
var broadUserDeep = skip is not null && "Inventory search \"user0\" (1,000,000 matches), sort expiry asc, 10,000 rows deep".Contains(skip, StringComparison.OrdinalIgnoreCase) ? null : await DeepCursor(broadUser, 10_000);
await Measure("Inventory search \"user0\" (1,000,000 matches), sort expiry asc, 10,000 rows deep", async db => (await new AppPasswordInventoryQuery(db, clock).GetPageAsync(broadUser, broadUserDeep, PageSize)).Items.Count);
var narrowLabel = new InventoryFilter { Search = "Tablet 7", ExpiringWithinDays = 30, Sort = InventorySort.LastUsed };
await Measure("Inventory search \"Tablet 7\" (narrow label) + expiring within 30 days, sort last used", async db => (await new AppPasswordInventoryQuery(db, clock).GetPageAsync(narrowLabel, null, PageSize)).Items.Count);
var sparse = new InventoryFilter { Search = "Printer", ExpiringWithinDays = 30, NotUsedForDays = 90, Sort = InventorySort.Created };
await Measure("Worst case: \"Printer\" + expiring within 30 days + not used 90 days (1,053 matches), sort created", async db => (await new AppPasswordInventoryQuery(db, clock).GetPageAsync(sparse, null, PageSize)).Items.Count);
var farEnd = new InventoryFilter { Status = InventoryStatus.Expired, Sort = InventorySort.Created };
await Measure("Worst case: expired (all created over a year ago), sort created desc", async db => (await new AppPasswordInventoryQuery(db, clock).GetPageAsync(farEnd, null, PageSize)).Items.Count);
var farEndTerm = new InventoryFilter { Search = "Printer", Status = InventoryStatus.Expired, Sort = InventorySort.Created };
await Measure("Worst case: \"Printer\" + expired, sort created desc", async db => (await new AppPasswordInventoryQuery(db, clock).GetPageAsync(farEndTerm, null, PageSize)).Items.Count);
var nothing = new InventoryFilter { Search = "Printer", Status = InventoryStatus.Revoked, CreatedFrom = now.AddDays(-1), Sort = InventorySort.LastUsed };
await Measure("Inventory search \"Printer\" + revoked + created in the last day (22 matches), sort last used", async db => (await new AppPasswordInventoryQuery(db, clock).GetPageAsync(nothing, null, PageSize)).Items.Count);

if (args.Contains("--matrix"))
{
    await Matrix();
}

await Measure("Audit first page", async db => (await new AuditLogReader(db).GetPageAsync(new AuditFilter(), null, PageSize)).Items.Count);
Guid someUser;
await using (var db = NewContext())
{
    someUser = await db.Set<AppPasswords.Core.Users.User>().OrderBy(u => u.UserPrincipalName).Skip(421).Select(u => u.Id).FirstAsync();
}

await Measure("Audit filtered by actor", async db => (await new AuditLogReader(db).GetPageAsync(new AuditFilter { ActorUserId = someUser }, null, PageSize)).Items.Count);
await Measure("Audit filtered by event type + outcome", async db => (await new AuditLogReader(db).GetPageAsync(new AuditFilter { EventType = AuditEventTypes.AppPasswordVerifyFailed, Outcome = AuditOutcomes.Failure }, null, PageSize)).Items.Count);

// Every search term x filter x sort x direction, first page and a page 1,000 rows deep: 1 warm-up + 3 timed runs each.
async Task Matrix()
{
    string?[] terms = [null, "Printer", "Tablet 7", "user0421", "user0", "user09", "zzz"];
    (string Name, InventoryFilter Filter)[] filters =
    [
        ("none", new InventoryFilter()),
        ("active", new InventoryFilter { Status = InventoryStatus.Active }),
        ("revoked", new InventoryFilter { Status = InventoryStatus.Revoked }),
        ("expired", new InventoryFilter { Status = InventoryStatus.Expired }),
        ("not used 90d", new InventoryFilter { NotUsedForDays = 90 }),
        ("not used 700d", new InventoryFilter { NotUsedForDays = 700 }),
        ("expiring 30d", new InventoryFilter { ExpiringWithinDays = 30 }),
        ("expiring 1d", new InventoryFilter { ExpiringWithinDays = 1 }),
        ("created last 7d", new InventoryFilter { CreatedFrom = now.AddDays(-7) }),
        ("created first 7d", new InventoryFilter { CreatedTo = now.AddDays(-723) }),
        ("revoked+not used 90d+created last year", new InventoryFilter { Status = InventoryStatus.Revoked, NotUsedForDays = 90, CreatedFrom = now.AddDays(-365) }),
        ("active+expiring 30d+not used 90d", new InventoryFilter { Status = InventoryStatus.Active, ExpiringWithinDays = 30, NotUsedForDays = 90 }),
    ];
    var results = new List<(double Ms, string Name, string Sql)>();
    foreach (var term in terms)
    {
        foreach (var (filterName, baseFilter) in filters)
        {
            foreach (var sort in new[] { InventorySort.Created, InventorySort.LastUsed, InventorySort.Expiry, InventorySort.User })
            {
                foreach (var descending in new[] { true, false })
                {
                    var filter = baseFilter with { Search = term, Sort = sort, Descending = descending };
                    var deep = await DeepCursor(filter, 1_000);
                    foreach (var (page, cursor) in new[] { ("first", (InventoryCursor?)null), ("1,000 deep", deep) })
                    {
                        if (page != "first" && cursor is null)
                        {
                            continue;
                        }

                        var worst = 0.0;
                        for (var i = 0; i < 4; i++)
                        {
                            await using var db = NewContext();
                            var timer = Stopwatch.StartNew();
                            await new AppPasswordInventoryQuery(db, clock).GetPageAsync(filter, cursor, PageSize);
                            if (i > 0)
                            {
                                worst = Math.Max(worst, timer.Elapsed.TotalMilliseconds);
                            }
                        }

                        results.Add((worst, $"term {term ?? "-"} | {filterName} | {sort} {(descending ? "desc" : "asc")} | {page}", capture.Sql!));
                    }
                }
            }
        }
    }

    results.Sort((a, b) => b.Ms.CompareTo(a.Ms));
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Matrix: {results.Count} combinations, max of 3 runs each; over 100 ms: {results.Count(r => r.Ms > 100)}, over 50 ms: {results.Count(r => r.Ms > 50)}; median {results[results.Count / 2].Ms:F1} ms"));
    foreach (var (ms, name, _) in results.Take(25))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {ms,8:F1} ms  {name}"));
    }
}

// Full CSV export of the inventory to a discarding stream, as the page does to the response body.
Console.WriteLine();
if (args.Contains("--no-export"))
{
    PrintPlans();
    return 0;
}

GC.Collect();
var before = Process.GetCurrentProcess();
before.Refresh();
var baseline = before.WorkingSet64;
var peak = 0L;
var exportTimer = Stopwatch.StartNew();
var exported = 0;
await using (var db = NewContext())
await using (var sink = new StreamWriter(Stream.Null))
{
    var csv = new CsvWriter(sink);
    using var sampler = new Timer(_ => peak = Math.Max(peak, Environment.WorkingSet), null, 0, 50);
    await foreach (var row in new AppPasswordInventoryQuery(db, clock).StreamAsync(new InventoryFilter()))
    {
        await csv.WriteRowAsync([row.UserPrincipalName, row.DisplayName, row.Label, CsvWriter.Format(row.CreatedAt), CsvWriter.Format(row.LastUsedAt), row.LastUsedIpAddress, CsvWriter.Format(row.ExpiresAt), CsvWriter.Format(row.RevokedAt)]);
        exported++;
    }
}

exportTimer.Stop();
var self = Process.GetCurrentProcess();
self.Refresh();
peak = Math.Max(peak, self.PeakWorkingSet64);
var gc = GC.GetGCMemoryInfo();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Inventory CSV export: {exported:N0} rows in {exportTimer.Elapsed.TotalSeconds:F1} s; process RSS before {baseline / 1048576} MB, peak {peak / 1048576} MB; GC heap after {gc.HeapSizeBytes / 1048576} MB, total allocated {GC.GetTotalAllocatedBytes() / 1048576} MB"));

PrintPlans();
return 0;

void PrintPlans()
{
    Console.WriteLine();
    foreach (var (name, sql, plan) in plans)
    {
        Console.WriteLine($"### {name}");
        Console.WriteLine("```sql");
        Console.WriteLine(sql.Trim());
        Console.WriteLine("```");
        Console.WriteLine("```");
        Console.WriteLine(plan.TrimEnd());
        Console.WriteLine("```");
    }
}

static async Task<string> ExplainAsync(string path, LastCommandCapture capture)
{
    await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly");
    await connection.OpenAsync();
    await using var command = connection.CreateCommand();
    command.CommandText = "EXPLAIN QUERY PLAN " + capture.Sql;
    foreach (var (name, value) in capture.Parameters)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
    }

    var lines = new List<string>();
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync())
    {
        lines.Add(reader.GetString(3));
    }

    return string.Join('\n', lines);
}

internal sealed class LastCommandCapture : DbCommandInterceptor
{
    public string? Sql { get; private set; }

    public List<(string Name, object? Value)> Parameters { get; } = [];

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Sql = command.CommandText;
        Parameters.Clear();
        foreach (DbParameter p in command.Parameters)
        {
            Parameters.Add((p.ParameterName, p.Value is DBNull ? null : p.Value));
        }

        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
