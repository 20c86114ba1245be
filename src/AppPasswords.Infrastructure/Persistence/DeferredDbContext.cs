using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Infrastructure.Persistence;

/// <summary>
/// The request's <see cref="AppPasswordsDbContext"/>, resolved on first use: for services that are built on every
/// verify API request but reach the database only now and then (the audit log records the first use of a password
/// and throttled failures; the service key store is read when the key is not in its short cache). Renting a pooled
/// context and resetting it on return showed as 2-3 % of the verify API's CPU in a profile (docs/performance.md).
/// It is the same scoped instance every other service of the request gets, so units of work are unchanged.
/// </summary>
public sealed class DeferredDbContext(IServiceProvider requestServices)
{
    private AppPasswordsDbContext? db;

    public AppPasswordsDbContext Value => db ??= requestServices.GetRequiredService<AppPasswordsDbContext>();
}
