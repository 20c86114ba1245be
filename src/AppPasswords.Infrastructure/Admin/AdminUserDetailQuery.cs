using AppPasswords.Core.Admin;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Auth;
using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using AppPasswords.Core.Policy;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.Admin;

/// <summary>Reads one user's standing; the audit events come from the (ActorUserId, OccurredAt) and (TargetUserId, OccurredAt) indexes.</summary>
public sealed class AdminUserDetailQuery(AppPasswordsDbContext db, IUserSessionStore sessions) : IAdminUserDetailQuery
{
    public const int MaxRecentEvents = 100;

    public async Task<AdminUserDetail?> GetAsync(Guid userId, int recentEvents, CancellationToken cancellationToken = default)
    {
        var user = await db.Set<User>().AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var methods = await db.Set<MfaMethod>().AsNoTracking().Where(m => m.UserId == userId).ToListAsync(cancellationToken);
        var contacts = await db.Set<ContactMethod>().AsNoTracking().Where(c => c.UserId == userId).ToListAsync(cancellationToken);
        var blocked = await db.Set<AppPasswordUserBlock>().AsNoTracking().AnyAsync(b => b.UserId == userId, cancellationToken);
        var activeSessions = (await sessions.ListActiveAsync(userId, cancellationToken)).Count;
        var take = Math.Clamp(recentEvents, 0, MaxRecentEvents);
        var about = await db.Set<AuditEvent>().AsNoTracking().Where(e => e.TargetUserId == userId).OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Take(take).ToListAsync(cancellationToken);
        var by = await db.Set<AuditEvent>().AsNoTracking().Where(e => e.ActorUserId == userId).OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Take(take).ToListAsync(cancellationToken);
        var events = about.Concat(by).DistinctBy(e => e.Id).OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Take(take).ToList();

        return new AdminUserDetail(
            user.Id,
            user.UserPrincipalName,
            user.DisplayName,
            user.CreatedAt,
            user.LastSignInAt,
            [.. methods.OrderByDescending(m => m.IsDefault).ThenBy(m => m.CreatedAt).Select(m => new AdminUserMfaMethod(
                m.Id, m.Type, m.PhoneNumber is null ? null : PhoneNumberValues.Mask(m.PhoneNumber), m.IsDefault, m.IsActive, m.CreatedAt, m.LastUsedAt))],
            [.. contacts.OrderBy(c => c.CreatedAt).Select(c => new AdminUserContact(
                c.Type, c.Type == ContactType.Email ? EmailAddresses.Mask(c.Value) : PhoneNumberValues.Mask(c.Value), c.VerifiedAt))],
            blocked,
            activeSessions,
            events);
    }
}
