using AppPasswords.Infrastructure.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppPasswords.Web.Hosting;

/// <summary>Ready only while the portal's database accepts connections.</summary>
internal sealed class DatabaseHealthCheck(AppPasswordsDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy("The database is reachable.")
            : new HealthCheckResult(context.Registration.FailureStatus, "The database is not reachable.");
    }
}
