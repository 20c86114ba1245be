using AppPasswords.Core.Admin;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Mfa;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.Admin;

/// <summary>
/// Dashboard counts. Every count is one aggregate query; the per-day chart is one index range count per day on
/// (CreatedAt, Id), which stays cheap at a million rows where grouping converted tick values would not translate.
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
        var perDay = new List<DailyCount>(chartDays);
        for (var i = chartDays - 1; i >= 0; i--)
        {
            var day = today.AddDays(-i);
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var end = start.AddDays(1);
            var count = await db.Set<AppPassword>().CountAsync(p => p.CreatedAt >= start && p.CreatedAt < end, cancellationToken);
            perDay.Add(new DailyCount(day, count));
        }

        return new AdminDashboardStats(now, withMfa, users - withMfa, active, created, revoked, failures, perDay);
    }
}
