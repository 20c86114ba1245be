namespace AppPasswords.Core.Admin;

/// <summary>The counts on the admin dashboard, all taken at <see cref="AsOf"/> (UTC days, rolling windows).</summary>
public sealed record AdminDashboardStats(
    DateTimeOffset AsOf,
    int UsersWithMfa,
    int UsersWithoutMfa,
    int ActiveAppPasswords,
    int AppPasswordsCreatedLast7Days,
    int AppPasswordsRevokedLast7Days,
    int VerifyFailuresLast24Hours,
    IReadOnlyList<DailyCount> AppPasswordsCreatedPerDay);

/// <summary>How many things happened on one UTC day.</summary>
public sealed record DailyCount(DateOnly Day, int Count);

public interface IAdminDashboardQuery
{
    /// <summary>
    /// Counts for the dashboard. A user is registered for MFA with at least one active sign-in method; verify
    /// failures are the recorded (throttled, so aggregated) <c>app-password.verify-failed</c> audit events.
    /// </summary>
    Task<AdminDashboardStats> GetAsync(int chartDays, CancellationToken cancellationToken = default);
}
