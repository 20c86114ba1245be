using AppPasswords.Core.AppPasswords;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.AppPasswords;

internal sealed class EfAppPasswordStore(AppPasswordsDbContext db) : IAppPasswordStore
{
    public async Task<AppPasswordAddOutcome> AddWithinLimitAsync(AppPassword appPassword, int maxActive, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appPassword);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await LockUserAsync(appPassword.UserId, ct);

            var mine = db.Set<AppPassword>().Where(p => p.UserId == appPassword.UserId && p.RevokedAt == null);
            var active = await mine.CountAsync(p => p.ExpiresAt == null || p.ExpiresAt > now, ct);
            if (active >= maxActive)
            {
                return AppPasswordAddOutcome.LimitReached;
            }

            var labels = await mine.Select(p => p.Label).ToListAsync(ct);
            if (labels.Contains(appPassword.Label, StringComparer.OrdinalIgnoreCase))
            {
                return AppPasswordAddOutcome.DuplicateLabel;
            }

            db.Set<AppPassword>().Add(appPassword);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            return AppPasswordAddOutcome.Added;
        }, cancellationToken);
    }

    private async Task LockUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        var locks = db.Set<AppPasswordUserLock>();
        if (await locks.Where(l => l.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(l => l.Version, l => l.Version + 1), cancellationToken) > 0)
        {
            return;
        }

        // First creation for this user: insert the lock row. On SQLite the transaction's write lock already
        // serializes writers; on SQL Server a concurrent first insert loses on the primary key, and then the
        // update waits for the winner's row lock like any later creation.
        try
        {
            locks.Add(new AppPasswordUserLock { UserId = userId, Version = 1 });
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            await locks.Where(l => l.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(l => l.Version, l => l.Version + 1), cancellationToken);
        }
    }

    public async Task<IReadOnlyList<AppPassword>> ListForUserAsync(Guid userId, CancellationToken cancellationToken = default) =>
        await db.Set<AppPassword>().AsNoTracking().Where(p => p.UserId == userId).OrderByDescending(p => p.CreatedAt).ToListAsync(cancellationToken);

    public Task<AppPassword?> FindForUserAsync(Guid userId, Guid appPasswordId, CancellationToken cancellationToken = default) =>
        db.Set<AppPassword>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == appPasswordId && p.UserId == userId, cancellationToken);

    public async Task<bool> RevokeAsync(Guid userId, Guid appPasswordId, DateTimeOffset now, string reason, CancellationToken cancellationToken = default) =>
        await db.Set<AppPassword>()
            .Where(p => p.Id == appPasswordId && p.UserId == userId && p.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.RevokedAt, now).SetProperty(p => p.RevocationReason, reason), cancellationToken) == 1;

    public Task<int> RevokeAllAsync(Guid userId, DateTimeOffset now, string reason, CancellationToken cancellationToken = default) =>
        db.Set<AppPassword>()
            .Where(p => p.UserId == userId && p.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.RevokedAt, now).SetProperty(p => p.RevocationReason, reason), cancellationToken);
}
