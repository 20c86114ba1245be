using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Policy;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AppPasswords.Infrastructure.AppPasswords;

/// <summary>
/// The verify API's reads and writes through EF Core, for providers other than SQLite (SQL Server): two compiled
/// queries on the request's DbContext — the password by lookup tag with its owner's names and block, then the
/// policy row. Uncached, like the SQLite store, so a change made by any instance applies to the next request.
/// </summary>
internal sealed class EfAppPasswordVerificationStore(AppPasswordsDbContext db, IOptionsMonitor<AppPasswordPolicyOptions> defaults) : IAppPasswordVerificationStore
{
    private static readonly Func<AppPasswordsDbContext, byte[], CancellationToken, Task<Found?>> FindByTag =
        EF.CompileAsyncQuery((AppPasswordsDbContext context, byte[] tag, CancellationToken _) =>
            context.Set<AppPassword>().AsNoTracking()
                .Where(p => p.LookupTag == tag)
                .Join(context.Set<User>(), p => p.UserId, u => u.Id, (p, u) => new Found(
                    p,
                    u.UserPrincipalName,
                    u.ExternalKey,
                    context.Set<AppPasswordUserBlock>().Any(b => b.UserId == p.UserId)))
                .FirstOrDefault());

    private static readonly Func<AppPasswordsDbContext, CancellationToken, Task<OrganizationPolicy?>> CurrentPolicy =
        EF.CompileAsyncQuery((AppPasswordsDbContext context, CancellationToken _) =>
            context.Set<OrganizationPolicy>().AsNoTracking().FirstOrDefault(p => p.Id == OrganizationPolicy.SingletonId));

    public async Task<AppPasswordVerificationSnapshot> FindForVerificationAsync(byte[] lookupTag, CancellationToken cancellationToken = default)
    {
        var found = await FindByTag(db, lookupTag, cancellationToken);
        var policy = await CurrentPolicy(db, cancellationToken) ?? OrganizationPolicy.FromConfiguration(defaults.CurrentValue);
        return new AppPasswordVerificationSnapshot(
            found is null ? null : new AppPasswordCandidate(found.AppPassword, found.UserPrincipalName, found.UserExternalKey),
            found?.Blocked ?? false,
            policy.ToAppPasswordPolicy());
    }

    public async Task<bool> RecordUseAsync(Guid appPasswordId, DateTimeOffset now, AppPasswordProtocols protocol, string? ipAddress, DateTimeOffset notUsedSince, CancellationToken cancellationToken = default) =>
        await db.Set<AppPassword>()
            .Where(p => p.Id == appPasswordId && (p.LastUsedAt == null || p.LastUsedAt <= notUsedSince))
            .ExecuteUpdateAsync(
                s => s.SetProperty(p => p.LastUsedAt, now)
                    .SetProperty(p => p.LastUsedProtocol, protocol)
                    .SetProperty(p => p.LastUsedIpAddress, ipAddress),
                cancellationToken) == 1;

    private sealed record Found(AppPassword AppPassword, string UserPrincipalName, string UserExternalKey, bool Blocked);
}
