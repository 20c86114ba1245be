using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.Users;

public sealed class UserLookup(AppPasswordsDbContext db) : IUserLookup
{
    public async Task<Guid?> FindIdAsync(string userPrincipalName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userPrincipalName);
        var upn = userPrincipalName.Trim();
        var ids = await db.Set<User>().AsNoTracking().Where(u => u.UserPrincipalName == upn).Select(u => u.Id).Take(1).ToListAsync(cancellationToken);
        return ids.Count > 0 ? ids[0] : null;
    }

    public async Task<IReadOnlyDictionary<Guid, string>> GetNamesAsync(IEnumerable<Guid> userIds, CancellationToken cancellationToken = default)
    {
        var ids = userIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<Guid, string>();
        }

        return await db.Set<User>().AsNoTracking().Where(u => ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.UserPrincipalName, cancellationToken);
    }
}
