using AppPasswords.Core.ServiceKeys;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.AppPasswords;

/// <summary>Service keys in the portal database; the context is resolved only when a query runs (see <see cref="DeferredDbContext"/>).</summary>
internal sealed class EfServiceKeyStore(DeferredDbContext deferred) : IServiceKeyStore
{
    private AppPasswordsDbContext Db => deferred.Value;

    private static readonly Func<AppPasswordsDbContext, string, CancellationToken, Task<ServiceKey?>> FindByPrefix =
        EF.CompileAsyncQuery((AppPasswordsDbContext context, string prefix, CancellationToken _) =>
            context.Set<ServiceKey>().AsNoTracking().FirstOrDefault(k => k.Prefix == prefix));

    public async Task AddAsync(ServiceKey serviceKey, CancellationToken cancellationToken = default)
    {
        Db.Set<ServiceKey>().Add(serviceKey);
        await Db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ServiceKey>> ListAsync(CancellationToken cancellationToken = default) =>
        await Db.Set<ServiceKey>().AsNoTracking().OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);

    public Task<ServiceKey?> FindByPrefixAsync(string prefix, CancellationToken cancellationToken = default) =>
        FindByPrefix(Db, prefix, cancellationToken);

    public async Task<bool> RevokeAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await Db.Set<ServiceKey>().Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken) == 1;

    public Task RecordUseAsync(Guid id, DateTimeOffset now, DateTimeOffset notUsedSince, CancellationToken cancellationToken = default) =>
        Db.Set<ServiceKey>().Where(k => k.Id == id && (k.LastUsedAt == null || k.LastUsedAt <= notUsedSince))
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
}
