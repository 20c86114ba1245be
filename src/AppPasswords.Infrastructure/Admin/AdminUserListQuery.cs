using AppPasswords.Core.Admin;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using AppPasswords.Core.Policy;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.Admin;

/// <summary>
/// The admin user list: one SQL statement per page, the per-user counts as correlated subqueries over the
/// (UserId, ...) indexes; keyset on the user principal name index.
/// </summary>
public sealed class AdminUserListQuery(AppPasswordsDbContext db, TimeProvider clock) : IAdminUserListQuery
{
    public const int MaxPageSize = 200;
    private const char PrefixRangeEnd = '\uffff';

    public async Task<AdminUserPage> GetPageAsync(string? search, string? afterUserPrincipalName, int pageSize, CancellationToken cancellationToken = default)
    {
        // The comparisons below are translated to SQL: the database collation's, not .NET's culture (CA1309 does not apply).
#pragma warning disable CA1309
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var now = clock.GetUtcNow();
        var users = db.Set<User>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var prefix = search.Trim();
            var end = prefix + PrefixRangeEnd;
            users = users.Where(u =>
                (string.Compare(u.UserPrincipalName, prefix) >= 0 && string.Compare(u.UserPrincipalName, end) < 0)
                || (string.Compare(u.DisplayName, prefix) >= 0 && string.Compare(u.DisplayName, end) < 0));
        }

        if (!string.IsNullOrEmpty(afterUserPrincipalName))
        {
            users = users.Where(u => string.Compare(u.UserPrincipalName, afterUserPrincipalName) > 0);
        }

#pragma warning restore CA1309
        var rows = await users
            .OrderBy(u => u.UserPrincipalName)
            .Take(pageSize + 1)
            .Select(u => new AdminUserRow(
                u.Id,
                u.UserPrincipalName,
                u.DisplayName,
                db.Set<MfaMethod>().Count(m => m.UserId == u.Id && m.ActivatedAt != null),
                db.Set<ContactMethod>().Count(c => c.UserId == u.Id),
                db.Set<MfaMethod>().Where(m => m.UserId == u.Id).Max(m => m.LastUsedAt),
                db.Set<AppPassword>().Count(p => p.UserId == u.Id && p.RevokedAt == null && (p.ExpiresAt == null || p.ExpiresAt > now)),
                db.Set<AppPasswordUserBlock>().Any(b => b.UserId == u.Id)))
            .ToListAsync(cancellationToken);
        var hasMore = rows.Count > pageSize;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new AdminUserPage(rows, hasMore ? rows[^1].UserPrincipalName : null);
    }
}
