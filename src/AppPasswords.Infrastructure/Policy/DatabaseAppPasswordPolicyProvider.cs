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
    // Compiled: the verify API asks this on every request.
    private static readonly Func<AppPasswordsDbContext, Guid, CancellationToken, Task<bool>> IsBlocked =
        EF.CompileAsyncQuery((AppPasswordsDbContext context, Guid userId, CancellationToken _) =>
            context.Set<AppPasswordUserBlock>().Any(b => b.UserId == userId));

    public async ValueTask<bool> IsBlockedAsync(Guid userId, CancellationToken cancellationToken = default) =>
        await IsBlocked(db, userId, cancellationToken);
}
