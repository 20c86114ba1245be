using AppPasswords.Core.Admin;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Mfa;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.Admin;

/// <summary>
/// Dashboard counts. Every count is one aggregate query over an index range: (CreatedAt, Id) for "created",
/// RevokedAt for "revoked"; the chart is one grouped query over the same (CreatedAt, Id) range.
/// </summary>
public sealed class AdminDashboardQuery(AppPasswordsDbContext db, TimeProvider clock) : IAdminDashboardQuery
{
    public const int MaxChartDays = 60;

    public async Task<AdminDashboardStats> GetAsync(int chartDays, CancellationToken cancellationToken = default)
    {
        chartDays = Math.Clamp(chartDays, 1, MaxChartDays);
        var now = clock.GetUtcNow();
        var weekAgo = now.AddDays(-7);
        var dayAgo = now.AddHours(-24);

        var users = await db.Set<User>().CountAsync(cancellationToken);
        var withMfa = await db.Set<User>()
            .CountAsync(u => db.Set<MfaMethod>().Any(m => m.UserId == u.Id && m.ActivatedAt != null), cancellationToken);
        var active = await db.Set<AppPassword>()
            .CountAsync(p => p.RevokedAt == null && (p.ExpiresAt == null || p.ExpiresAt > now), cancellationToken);
        var created = await db.Set<AppPassword>().CountAsync(p => p.CreatedAt >= weekAgo, cancellationToken);
        var revoked = await db.Set<AppPassword>().CountAsync(p => p.RevokedAt >= weekAgo, cancellationToken);
        var failures = await db.Set<AuditEvent>()
            .CountAsync(e => e.OccurredAt >= dayAgo && e.EventType == AuditEventTypes.AppPasswordVerifyFailed, cancellationToken);

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var first = today.AddDays(-(chartDays - 1));
        var counts = await CountCreatedPerDayAsync(new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), cancellationToken);
        var perDay = Enumerable.Range(0, chartDays)
            .Select(i => first.AddDays(i))
            .Select(day => new DailyCount(day, counts.TryGetValue(day.DayNumber, out var count) ? (int)count : 0))
            .ToList();

        return new AdminDashboardStats(now, withMfa, users - withMfa, active, created, revoked, failures, perDay);
    }

    /// <summary>
    /// App passwords created per UTC day since <paramref name="start"/>, keyed by <see cref="DateOnly.DayNumber"/>:
    /// one grouped range scan of the (CreatedAt, Id) index. Raw SQL because the day of a stored value is provider
    /// specific (UTC ticks on SQLite, datetimeoffset on SQL Server) and EF cannot translate it through the converter.
    /// </summary>
    private async Task<Dictionary<int, long>> CountCreatedPerDayAsync(DateTimeOffset start, CancellationToken cancellationToken)
    {
        var sql = db.Database.IsSqlite() ? SqliteSql.CreatedPerDay : SqlServerSql.CreatedPerDay;
        object startValue = db.Database.IsSqlite() ? start.UtcTicks : start;
        var rows = await db.Database.SqlQueryRaw<DayCount>(sql, startValue).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => (int)r.Day, r => r.Count);
    }

    /// <summary>{0} is the start (EF passes it as a parameter); a SQLite day is the UTC ticks divided by TimeSpan.TicksPerDay.</summary>
    private static class SqliteSql
    {
        public const string CreatedPerDay =
            "SELECT \"CreatedAt\" / 864000000000 AS \"Day\", COUNT(*) AS \"Count\" FROM \"AppPasswords\" WHERE \"CreatedAt\" >= {0} GROUP BY \"Day\"";
    }

    /// <summary>{0} is the start (EF passes it as a parameter); the day number counts from 0001-01-01 like <see cref="DateOnly.DayNumber"/>.</summary>
    private static class SqlServerSql
    {
        public const string CreatedPerDay =
            "SELECT CAST(DATEDIFF(day, CAST('0001-01-01' AS date), CAST(SWITCHOFFSET([CreatedAt], '+00:00') AS date)) AS bigint) AS [Day], COUNT_BIG(*) AS [Count] "
            + "FROM [AppPasswords] WHERE [CreatedAt] >= {0} GROUP BY CAST(SWITCHOFFSET([CreatedAt], '+00:00') AS date)";
    }

    /// <summary>One row of the per-day count (a SQL result shape, not an entity).</summary>
    private sealed class DayCount
    {
        public long Day { get; set; }

        public long Count { get; set; }
    }
}
