using System.Diagnostics;
using System.Globalization;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

// Usage: DataGenerator <file.db> [users=100000] [appPasswords=1000000] [auditEvents=10000000]
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: DataGenerator <file.db> [users] [appPasswords] [auditEvents]");
    return 2;
}

var path = Path.GetFullPath(args[0]);
var userCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
var passwordCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
var eventCount = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10_000_000;
if (File.Exists(path))
{
    Console.Error.WriteLine($"{path} exists; refusing to overwrite.");
    return 2;
}

var total = Stopwatch.StartNew();
var options = new DbContextOptionsBuilder<AppPasswordsDbContext>();
DatabaseRegistration.UseSqlite(options, $"Data Source={path};Pooling=False");
IModel model;
await using (var db = new AppPasswordsDbContext(options.Options))
{
    await db.Database.MigrateAsync();
    model = db.Model;
}

Console.WriteLine($"migrated in {total.Elapsed.TotalSeconds:F1} s");
await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
await connection.OpenAsync();
await Exec(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;");

// Secondary indexes are dropped during the load and recreated from the migration's own SQL afterwards.
var indexes = new List<(string Name, string Sql)>();
await using (var command = connection.CreateCommand())
{
    command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('Users','AppPasswords','AuditEvents')";
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync())
    {
        indexes.Add((reader.GetString(0), reader.GetString(1)));
    }
}

foreach (var (name, _) in indexes)
{
    await Exec(connection, $"DROP INDEX \"{name}\"");
}

var random = new SplitMix64(20261125);
var epoch = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
var twoYears = TimeSpan.FromDays(730).Ticks;
string[] firstNames = ["Alice", "Bob", "Chen", "Dana", "Eitan", "Fatima", "Grace", "Hiro", "Ines", "Jamal", "Kofi", "Li", "Maria", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wei", "Xu", "Yara", "Zoe"];
string[] lastNames = ["Smith", "Wang", "Garcia", "Müller", "Kim", "Nguyen", "Okafor", "Rossi", "Sato", "Zhang", "Ivanova", "Dubois", "Silva", "Khan", "Larsen"];
string[] labels = ["Outlook on laptop", "Thunderbird", "iPhone Mail", "Android Gmail", "Printer scan-to-mail", "Mac Mail", "Calendar sync", "eM Client", "Old desktop", "Tablet", "=cmd|' /C calc'!A0", "Scanner 3rd floor"];
var userIds = new Guid[userCount];
var upns = new string[userCount];
for (var i = 0; i < userCount; i++)
{
    userIds[i] = Guid.CreateVersion7(epoch.AddTicks(-twoYears + i));
    upns[i] = string.Create(CultureInfo.InvariantCulture, $"user{i:D6}@contoso.example");
}

await Load(connection, model.FindEntityType(typeof(User))!, userCount, i => new Dictionary<string, object?>
{
    [nameof(User.Id)] = userIds[i],
    [nameof(User.ExternalKey)] = "local:" + upns[i].ToUpperInvariant(),
    [nameof(User.UserPrincipalName)] = upns[i],
    [nameof(User.DisplayName)] = firstNames[random.Next(firstNames.Length)] + " " + lastNames[random.Next(lastNames.Length)],
    [nameof(User.Email)] = upns[i],
    [nameof(User.CreatedAt)] = epoch.AddTicks(-twoYears).UtcTicks,
    [nameof(User.LastSignInAt)] = epoch.AddTicks(-random.NextLong(twoYears)).UtcTicks,
});

var tag = new byte[16];
var hash = new byte[32];
await Load(connection, model.FindEntityType(typeof(AppPassword))!, passwordCount, i =>
{
    var created = epoch.AddTicks(-random.NextLong(twoYears));
    random.Fill(tag);
    random.Fill(hash);
    var roll = random.Next(100);
    DateTimeOffset? lastUsed = roll < 70 ? created.AddTicks(random.NextLong((epoch - created).Ticks + 1)) : null;
    return new Dictionary<string, object?>
    {
        [nameof(AppPassword.Id)] = Guid.CreateVersion7(created),
        [nameof(AppPassword.UserId)] = userIds[random.Next(userCount)],
        [nameof(AppPassword.Label)] = labels[random.Next(labels.Length)] + (random.Next(4) == 0 ? " " + random.Next(100).ToString(CultureInfo.InvariantCulture) : ""),
        [nameof(AppPassword.CreatedAt)] = created.UtcTicks,
        [nameof(AppPassword.ExpiresAt)] = random.Next(2) == 0 ? null : created.AddDays(365).UtcTicks,
        [nameof(AppPassword.RevokedAt)] = roll >= 80 ? created.AddDays(random.Next(300)).UtcTicks : null,
        [nameof(AppPassword.RevocationReason)] = roll >= 80 ? AppPasswordRevocationReasons.ByUser : null,
        [nameof(AppPassword.Protocols)] = (int)(random.Next(2) == 0 ? AppPasswordProtocols.All : AppPasswordProtocols.Imap | AppPasswordProtocols.Smtp),
        [nameof(AppPassword.LastUsedAt)] = lastUsed?.UtcTicks,
        [nameof(AppPassword.LastUsedProtocol)] = lastUsed is null ? null : (int)AppPasswordProtocols.Imap,
        [nameof(AppPassword.LastUsedIpAddress)] = lastUsed is null ? null : string.Create(CultureInfo.InvariantCulture, $"10.{random.Next(256)}.{random.Next(256)}.{random.Next(256)}"),
        [nameof(AppPassword.HashKeyId)] = "bench",
        [nameof(AppPassword.HashVersion)] = 1,
        [nameof(AppPassword.LookupTag)] = tag.ToArray(),
        [nameof(AppPassword.Hash)] = hash.ToArray(),
    };
});

string[] eventTypes = [AuditEventTypes.SignIn, AuditEventTypes.SignIn, AuditEventTypes.SignIn, AuditEventTypes.SignOut, AuditEventTypes.AppPasswordCreated, AuditEventTypes.AppPasswordFirstUsed, AuditEventTypes.AppPasswordRevoked, AuditEventTypes.AppPasswordVerifyFailed, AuditEventTypes.PolicyChanged];
var oneYear = TimeSpan.FromDays(365).Ticks;
var step = oneYear / Math.Max(eventCount, 1);
await Load(connection, model.FindEntityType(typeof(AuditEvent))!, eventCount, i =>
{
    var user = userIds[random.Next(userCount)];
    var type = eventTypes[random.Next(eventTypes.Length)];
    return new Dictionary<string, object?>
    {
        [nameof(AuditEvent.OccurredAt)] = epoch.AddTicks(-oneYear + (i * step)).UtcTicks,
        [nameof(AuditEvent.EventType)] = type,
        [nameof(AuditEvent.Outcome)] = type == AuditEventTypes.AppPasswordVerifyFailed ? AuditOutcomes.Failure : AuditOutcomes.Success,
        [nameof(AuditEvent.ActorUserId)] = user,
        [nameof(AuditEvent.TargetUserId)] = user,
        [nameof(AuditEvent.Target)] = null,
        [nameof(AuditEvent.IpAddress)] = string.Create(CultureInfo.InvariantCulture, $"10.{random.Next(256)}.{random.Next(256)}.{random.Next(256)}"),
        [nameof(AuditEvent.UserAgent)] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36",
        [nameof(AuditEvent.CorrelationId)] = random.NextLong(long.MaxValue).ToString("x16", CultureInfo.InvariantCulture),
    };
});

var indexTimer = Stopwatch.StartNew();
foreach (var (_, sql) in indexes)
{
    await Exec(connection, sql);
}

await Exec(connection, "ANALYZE;");
Console.WriteLine($"recreated {indexes.Count} indexes and ran ANALYZE in {indexTimer.Elapsed.TotalSeconds:F1} s");
await Exec(connection, "PRAGMA journal_mode=WAL;");
Console.WriteLine($"done in {total.Elapsed.TotalSeconds:F1} s; file {new FileInfo(path).Length / 1024 / 1024} MB");
return 0;

static async Task Exec(SqliteConnection connection, string sql)
{
    await using var command = connection.CreateCommand();
    command.CommandText = sql;
    command.CommandTimeout = 0;
    await command.ExecuteNonQueryAsync();
}

// One prepared INSERT per table built from the EF model (so it follows the migrations), 50,000 rows per transaction.
static async Task Load(SqliteConnection connection, IEntityType entity, int count, Func<int, Dictionary<string, object?>> row)
{
    var timer = Stopwatch.StartNew();
    var table = entity.GetTableName()!;
    var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
    var properties = entity.GetProperties().Where(p => p.ValueGenerated != ValueGenerated.OnAdd || !p.IsPrimaryKey() || p.ClrType == typeof(Guid)).ToList();
    var sample = row(0);
    properties = properties.Where(p => sample.ContainsKey(p.Name) || !p.IsNullable && p.GetDefaultValueSql() is null && !(p.IsPrimaryKey() && p.ClrType == typeof(long))).ToList();
    var missing = properties.Where(p => !sample.ContainsKey(p.Name)).Select(p => p.Name).ToList();
    if (missing.Count > 0)
    {
        throw new InvalidOperationException($"{table}: the generator supplies no value for required column(s) {string.Join(", ", missing)}; update bench/DataGenerator.");
    }

    await using var command = connection.CreateCommand();
    command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", properties.Select(p => "\"" + p.GetColumnName(store) + "\""))}) VALUES ({string.Join(", ", properties.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
    var parameters = properties.Select((_, i) => command.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture), null))).ToArray();
    SqliteTransaction? transaction = null;
    for (var i = 0; i < count; i++)
    {
        if (i % 50_000 == 0)
        {
            if (transaction is not null)
            {
                await transaction.CommitAsync();
                await transaction.DisposeAsync();
            }

            transaction = connection.BeginTransaction();
            command.Transaction = transaction;
            if (i == 0)
            {
                command.Prepare();
            }
        }

        var values = i == 0 ? sample : row(i);
        for (var p = 0; p < properties.Count; p++)
        {
            var value = values[properties[p].Name];
            parameters[p].Value = value switch
            {
                null => DBNull.Value,
                Guid g => g.ToString().ToUpperInvariant(),
                _ => value,
            };
        }

        await command.ExecuteNonQueryAsync();
    }

    if (transaction is not null)
    {
        await transaction.CommitAsync();
        await transaction.DisposeAsync();
    }

    Console.WriteLine($"{table}: {count:N0} rows in {timer.Elapsed.TotalSeconds:F1} s ({count / Math.Max(timer.Elapsed.TotalSeconds, 0.001):N0} rows/s)");
}

/// <summary>Deterministic, fast, non-cryptographic generator for benchmark data only (never for secrets).</summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong state = seed;

    public ulong NextULong()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public int Next(int maxExclusive) => (int)(NextULong() % (ulong)maxExclusive);

    public long NextLong(long maxExclusive) => (long)(NextULong() % (ulong)maxExclusive);

    public void Fill(byte[] buffer)
    {
        for (var i = 0; i < buffer.Length; i += 8)
        {
            var v = NextULong();
            for (var b = 0; b < 8 && i + b < buffer.Length; b++)
            {
                buffer[i + b] = (byte)(v >> (8 * b));
            }
        }
    }
}
