using System.Data;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using AppPasswords.Core.Auth;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace AppPasswords.Infrastructure.Auth;

/// <summary>
/// <see cref="ISignInThrottle"/> in the database: the hard cap has to survive restarts, every instance behind a load
/// balancer already shares the database, and one row write costs far less than the PBKDF2 hash it guards.
/// <para>
/// A reservation is one upsert per key (SQLite <c>INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING</c>, SQL Server
/// <c>MERGE … WITH (HOLDLOCK) … OUTPUT</c>) that counts the attempt as a failure only while the key is neither delayed
/// nor capped, and doubles the stored delay once past the free failures; the keys of one attempt are reserved in one
/// transaction, so either all or none count. Old rows are pruned in the same transaction.
/// </para>
/// </summary>
public sealed class DatabaseSignInThrottle(AppPasswordsDbContext db, TimeProvider clock, IOptions<SignInThrottleOptions> options) : ISignInThrottle
{
    public const string Table = "SignInThrottle";
    public const int MaxKeyLength = 64;

    public const string SqliteReserveSql = """
        INSERT INTO "SignInThrottle" ("Key", "UserId", "Failures", "ConsecutiveFailures", "DelayTicks", "LastFailureTicks")
        VALUES (@key, @userId, 1, 1, CASE WHEN 1 < @free THEN 0 ELSE @base END, @now)
        ON CONFLICT ("Key") DO UPDATE SET
            "UserId" = COALESCE(excluded."UserId", "UserId"),
            "Failures" = CASE WHEN "LastFailureTicks" <= @forgetBefore THEN 1 ELSE "Failures" + 1 END,
            "ConsecutiveFailures" = "ConsecutiveFailures" + 1,
            "DelayTicks" = CASE
                WHEN (CASE WHEN "LastFailureTicks" <= @forgetBefore THEN 1 ELSE "Failures" + 1 END) < @free THEN 0
                WHEN "DelayTicks" = 0 OR "LastFailureTicks" <= @forgetBefore THEN @base
                WHEN "DelayTicks" * 2 >= @max THEN @max
                ELSE "DelayTicks" * 2
            END,
            "LastFailureTicks" = @now
        WHERE "LastFailureTicks" + "DelayTicks" <= @now AND "ConsecutiveFailures" < @cap
        RETURNING "ConsecutiveFailures"
        """;

    public const string SqlServerReserveSql = """
        MERGE [SignInThrottle] WITH (HOLDLOCK) AS [t]
        USING (SELECT @key AS [Key]) AS [s] ON [t].[Key] = [s].[Key]
        WHEN MATCHED AND [t].[LastFailureTicks] + [t].[DelayTicks] <= @now AND [t].[ConsecutiveFailures] < @cap THEN UPDATE SET
            [UserId] = COALESCE(@userId, [t].[UserId]),
            [Failures] = CASE WHEN [t].[LastFailureTicks] <= @forgetBefore THEN 1 ELSE [t].[Failures] + 1 END,
            [ConsecutiveFailures] = [t].[ConsecutiveFailures] + 1,
            [DelayTicks] = CASE
                WHEN (CASE WHEN [t].[LastFailureTicks] <= @forgetBefore THEN 1 ELSE [t].[Failures] + 1 END) < @free THEN 0
                WHEN [t].[DelayTicks] = 0 OR [t].[LastFailureTicks] <= @forgetBefore THEN @base
                WHEN [t].[DelayTicks] * 2 >= @max THEN @max
                ELSE [t].[DelayTicks] * 2
            END,
            [LastFailureTicks] = @now
        WHEN NOT MATCHED THEN
            INSERT ([Key], [UserId], [Failures], [ConsecutiveFailures], [DelayTicks], [LastFailureTicks])
            VALUES (@key, @userId, 1, 1, CASE WHEN 1 < @free THEN 0 ELSE @base END, @now)
        OUTPUT [inserted].[ConsecutiveFailures];
        """;

    /// <summary>A success from an untrusted browser gives its IP address the reserved attempt back.</summary>
    public const string SqliteReleaseSql = """
        UPDATE "SignInThrottle" SET
            "Failures" = CASE WHEN "Failures" > 0 THEN "Failures" - 1 ELSE 0 END,
            "ConsecutiveFailures" = CASE WHEN "ConsecutiveFailures" > 0 THEN "ConsecutiveFailures" - 1 ELSE 0 END,
            "DelayTicks" = CASE WHEN "Failures" - 1 < @free THEN 0 WHEN "DelayTicks" / 2 < @base THEN @base ELSE "DelayTicks" / 2 END
        WHERE "Key" = @key
        """;

    public const string SqlServerReleaseSql = """
        UPDATE [SignInThrottle] SET
            [Failures] = CASE WHEN [Failures] > 0 THEN [Failures] - 1 ELSE 0 END,
            [ConsecutiveFailures] = CASE WHEN [ConsecutiveFailures] > 0 THEN [ConsecutiveFailures] - 1 ELSE 0 END,
            [DelayTicks] = CASE WHEN [Failures] - 1 < @free THEN 0 WHEN [DelayTicks] / 2 < @base THEN @base ELSE [DelayTicks] / 2 END
        WHERE [Key] = @key;
        """;

    public const string SqliteClearSql = """DELETE FROM "SignInThrottle" WHERE "Key" = @key""";

    public const string SqlServerClearSql = "DELETE FROM [SignInThrottle] WHERE [Key] = @key;";

    /// <summary>Rows quiet for the retention period go, except the lock of a known account (an admin or a trusted device lifts it).</summary>
    public const string SqlitePruneSql = """
        DELETE FROM "SignInThrottle" WHERE "LastFailureTicks" < @cutoff AND ("UserId" IS NULL OR "ConsecutiveFailures" < @cap)
        """;

    public const string SqlServerPruneSql = """
        DELETE FROM [SignInThrottle] WHERE [LastFailureTicks] < @cutoff AND ([UserId] IS NULL OR [ConsecutiveFailures] < @cap);
        """;

    public async Task<SignInReservation> ReserveAsync(SignInThrottleKeys keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var o = options.Value;
        var now = clock.GetUtcNow().UtcTicks;
        var counters = Counters(keys, o);
        var sqlite = db.Database.IsSqlite();
        var reachesCap = false;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                await ExecuteAsync(sqlite ? SqlitePruneSql : SqlServerPruneSql, transaction, cancellationToken, ("@cutoff", now - o.Retention.Ticks), ("@cap", o.HardCap));
                var allowed = true;
                foreach (var counter in counters)
                {
                    var consecutive = await ScalarAsync(
                        sqlite ? SqliteReserveSql : SqlServerReserveSql,
                        transaction,
                        cancellationToken,
                        ("@key", counter.Key),
                        ("@userId", counter.UserId is { } id ? (sqlite ? id.ToString().ToUpperInvariant() : id) : null),
                        ("@now", now),
                        ("@forgetBefore", now - o.ForgetAfter.Ticks),
                        ("@free", counter.Free),
                        ("@base", o.BaseDelay.Ticks),
                        ("@max", o.MaxDelay.Ticks),
                        ("@cap", counter.Cap));
                    if (consecutive is null)
                    {
                        allowed = false;
                        break;
                    }

                    reachesCap |= counter.IsAccount && consecutive >= counter.Cap;
                }

                if (allowed)
                {
                    await transaction.CommitAsync(cancellationToken);
                    return new SignInReservation(true, ReachesCap: reachesCap);
                }

                await transaction.RollbackAsync(cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return await RefusalAsync(counters, now, cancellationToken);
    }

    public async Task RecordSuccessAsync(SignInThrottleKeys keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var o = options.Value;
        var sqlite = db.Database.IsSqlite();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(sqlite ? SqliteClearSql : SqlServerClearSql, transaction, cancellationToken, ("@key", AccountKey(keys.NormalizedUserName)));
            if (keys.TrustedDeviceId is { } device)
            {
                await ExecuteAsync(sqlite ? SqliteClearSql : SqlServerClearSql, transaction, cancellationToken, ("@key", DeviceKey(device)));
            }
            else if (keys.IpAddress is { } ip)
            {
                await ExecuteAsync(
                    sqlite ? SqliteReleaseSql : SqlServerReleaseSql, transaction, cancellationToken, ("@key", IpKey(ip)), ("@free", o.FreeFailuresPerIp), ("@base", o.BaseDelay.Ticks));
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public Task<int> ClearAccountAsync(Guid userId, CancellationToken cancellationToken = default) =>
        db.Set<SignInThrottleEntry>().Where(e => e.UserId == userId).ExecuteDeleteAsync(cancellationToken);

    internal static string AccountKey(string normalizedUserName) =>
        "u:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedUserName)));

    internal static string IpKey(string ipAddress) =>
        ipAddress.Length <= MaxKeyLength - 3 ? "ip:" + ipAddress : "ip:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(ipAddress)));

    internal static string DeviceKey(string deviceId) =>
        deviceId.Length <= MaxKeyLength - 2 ? "d:" + deviceId : "d:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(deviceId)));

    /// <summary>A trusted device is counted on its own; an untrusted browser on the user name and its IP address.</summary>
    private static List<Counter> Counters(SignInThrottleKeys keys, SignInThrottleOptions o)
    {
        if (keys.TrustedDeviceId is { } device)
        {
            return [new Counter(DeviceKey(device), null, o.FreeFailuresPerAccount, o.HardCap, IsAccount: false)];
        }

        var counters = new List<Counter> { new(AccountKey(keys.NormalizedUserName), keys.UserId, o.FreeFailuresPerAccount, o.HardCap, IsAccount: true) };
        if (keys.IpAddress is { } ip)
        {
            counters.Add(new Counter(IpKey(ip), null, o.FreeFailuresPerIp, int.MaxValue, IsAccount: false));
        }

        return counters;
    }

    private async Task<SignInReservation> RefusalAsync(List<Counter> counters, long now, CancellationToken cancellationToken)
    {
        var keys = counters.Select(c => c.Key).ToList();
        var rows = await db.Set<SignInThrottleEntry>().AsNoTracking().Where(e => keys.Contains(e.Key)).ToListAsync(cancellationToken);
        var locked = rows.Any(r => r.ConsecutiveFailures >= counters.First(c => c.Key == r.Key).Cap);
        if (locked)
        {
            return new SignInReservation(false, LockedOut: true);
        }

        var retryAt = rows.Select(r => r.LastFailureTicks + r.DelayTicks).Where(t => t > now).DefaultIfEmpty(now).Max();
        return new SignInReservation(false, RetryAt: new DateTimeOffset(retryAt, TimeSpan.Zero));
    }

    private async Task<long?> ScalarAsync(string sql, IDbContextTransaction transaction, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, transaction, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task ExecuteAsync(string sql, IDbContextTransaction transaction, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, transaction, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private DbCommand Command(string sql, IDbContextTransaction transaction, (string Name, object? Value)[] parameters)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null)
            {
                parameter.DbType = db.Database.IsSqlite() ? DbType.String : DbType.Guid;
            }
            else if (value is string)
            {
                // The key column is varchar: an nvarchar parameter would make SQL Server convert the column and scan.
                parameter.DbType = name == "@key" ? DbType.AnsiString : DbType.String;
            }

            command.Parameters.Add(parameter);
        }

        return command;
    }

    private sealed record Counter(string Key, Guid? UserId, int Free, int Cap, bool IsAccount);
}
