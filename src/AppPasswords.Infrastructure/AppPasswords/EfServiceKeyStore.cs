using AppPasswords.Core.ServiceKeys;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.AppPasswords;

internal sealed class EfServiceKeyStore(AppPasswordsDbContext db) : IServiceKeyStore
{
    private static readonly Func<AppPasswordsDbContext, string, CancellationToken, Task<ServiceKey?>> FindByPrefix =
        EF.CompileAsyncQuery((AppPasswordsDbContext context, string prefix, CancellationToken _) =>
            context.Set<ServiceKey>().AsNoTracking().FirstOrDefault(k => k.Prefix == prefix));

    public async Task AddAsync(ServiceKey serviceKey, CancellationToken cancellationToken = default)
    {
        db.Set<ServiceKey>().Add(serviceKey);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ServiceKey>> ListAsync(CancellationToken cancellationToken = default) =>
        await db.Set<ServiceKey>().AsNoTracking().OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);

    public Task<ServiceKey?> FindByPrefixAsync(string prefix, CancellationToken cancellationToken = default) =>
        FindByPrefix(db, prefix, cancellationToken);

    public async Task<bool> RevokeAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await db.Set<ServiceKey>().Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken) == 1;

    public Task RecordUseAsync(Guid id, DateTimeOffset now, DateTimeOffset notUsedSince, CancellationToken cancellationToken = default) =>
        db.Set<ServiceKey>().Where(k => k.Id == id && (k.LastUsedAt == null || k.LastUsedAt <= notUsedSince))
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
}
