using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Policy;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.Policy;

/// <summary>The app password policy from the organisation policy an administrator saved (cached, see the store).</summary>
public sealed class DatabaseAppPasswordPolicyProvider(IOrganizationPolicyStore store) : IAppPasswordPolicyProvider
{
    public async ValueTask<AppPasswordPolicy> GetPolicyAsync(CancellationToken cancellationToken = default) =>
        (await store.GetAsync(cancellationToken)).ToAppPasswordPolicy();
}

/// <summary>Per-user blocks set by administrators. Not cached: a block takes effect on the next verification.</summary>
public sealed class DatabaseAppPasswordUserRestrictions(AppPasswordsDbContext db) : IAppPasswordUserRestrictions
{
    public async ValueTask<bool> IsBlockedAsync(Guid userId, CancellationToken cancellationToken = default) =>
        await db.Set<AppPasswordUserBlock>().AsNoTracking().AnyAsync(b => b.UserId == userId, cancellationToken);
}
