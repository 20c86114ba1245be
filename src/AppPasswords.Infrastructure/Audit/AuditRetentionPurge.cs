using AppPasswords.Core.Audit;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AppPasswords.Infrastructure.Audit;

/// <summary>
/// The only code that deletes audit events: those older than the retention period, in small batches so that
/// sign-ins and verifications writing to the log are never blocked for long.
/// </summary>
public sealed class AuditRetentionPurge(AppPasswordsDbContext db, IOptions<AuditRetentionOptions> options, TimeProvider clock)
{
    /// <summary>Deletes expired events and returns how many were deleted; 0 when retention is unlimited.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (settings.RetentionDays <= 0)
        {
            return 0;
        }

        var cutoff = clock.GetUtcNow().AddDays(-settings.RetentionDays);
        var total = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var deleted = await db.Set<AuditEvent>()
                .Where(e => e.OccurredAt < cutoff)
                .OrderBy(e => e.OccurredAt)
                .Take(settings.CleanupBatchSize)
                .ExecuteDeleteAsync(cancellationToken);
            total += deleted;
            if (deleted < settings.CleanupBatchSize)
            {
                break;
            }
        }

        return total;
    }
}
