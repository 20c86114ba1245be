using AppPasswords.Core.Auth;
using AppPasswords.Core.Mfa;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AppPasswords.Infrastructure.Auth;

/// <summary>Sessions in the <c>UserSessions</c> table; also where the second-factor time of a session lives.</summary>
public sealed class UserSessionStore(AppPasswordsDbContext db, TimeProvider clock, IOptions<SessionOptions> options)
    : IUserSessionStore, ISecondFactorSession
{
    public async Task<UserSession> CreateAsync(Guid userId, string? ipAddress, string? userAgent, bool secondFactorVerified, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var session = new UserSession
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            CreatedAt = now,
            LastSeenAt = now,
            AbsoluteExpiresAt = now + options.Value.AbsoluteLifetime,
            LastSecondFactorAt = secondFactorVerified ? now : null,
            IpAddress = Truncate(ipAddress, 64),
            UserAgent = Truncate(userAgent, 512),
        };
        db.Set<UserSession>().Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    public async Task<SessionCheck> ValidateAsync(Guid sessionId, Guid userId, CancellationToken cancellationToken = default)
    {
        // One query per request: the session row and the user's role as the database has it now.
        var found = await (from s in db.Set<UserSession>()
                           where s.Id == sessionId && s.UserId == userId
                           join u in db.Set<User>() on s.UserId equals u.Id
                           join c in db.Set<LocalCredential>() on u.Id equals c.UserId into local
                           from c in local.DefaultIfEmpty()
                           select new { Session = s, IsAdmin = c != null ? c.IsAdmin : u.ExternalAdmin })
            .SingleOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var state = SessionRules.Evaluate(found?.Session, now, options.Value);
        if (state == SessionState.Active && SessionRules.ShouldTouch(found!.Session, now, options.Value))
        {
            found.Session.LastSeenAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return new SessionCheck(state, state == SessionState.Active && found!.IsAdmin);
    }

    public async Task<UserSession?> RenewAfterSecondFactorAsync(Guid sessionId, Guid userId, CancellationToken cancellationToken = default)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            var now = clock.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var current = await db.Set<UserSession>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, ct);
            if (SessionRules.Evaluate(current, now, options.Value) != SessionState.Active
                || await db.Set<UserSession>().Where(s => s.Id == sessionId && s.RevokedAt == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now), ct) != 1)
            {
                return null;
            }

            var successor = new UserSession
            {
                Id = Guid.NewGuid(),
                UserId = current!.UserId,
                CreatedAt = current.CreatedAt,
                LastSeenAt = now,
                AbsoluteExpiresAt = current.AbsoluteExpiresAt,
                LastSecondFactorAt = now,
                IpAddress = current.IpAddress,
                UserAgent = current.UserAgent,
            };
            db.Set<UserSession>().Add(successor);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return successor;
        }, cancellationToken);
    }

    public async Task RevokeAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await db.Set<UserSession>()
            .Where(s => s.Id == sessionId && s.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now), cancellationToken);
    }

    public async Task<int> RevokeAllAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return await db.Set<UserSession>()
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.AbsoluteExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now), cancellationToken);
    }

    public async Task<IReadOnlyList<UserSession>> ListActiveAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var idleSince = now - options.Value.IdleTimeout;
        return await db.Set<UserSession>().AsNoTracking()
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.AbsoluteExpiresAt > now && s.LastSeenAt > idleSince)
            .OrderByDescending(s => s.LastSeenAt)
            .ToListAsync(cancellationToken);
    }

    public async Task<DateTimeOffset?> GetLastVerifiedAtAsync(Guid sessionId, CancellationToken cancellationToken = default) =>
        await db.Set<UserSession>().AsNoTracking()
            .Where(s => s.Id == sessionId && s.RevokedAt == null)
            .Select(s => s.LastSecondFactorAt)
            .SingleOrDefaultAsync(cancellationToken);

    public async Task MarkVerifiedAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await db.Set<UserSession>()
            .Where(s => s.Id == sessionId && s.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSecondFactorAt, now), cancellationToken);
    }

    private static string? Truncate(string? value, int max) => value is { Length: > 0 } && value.Length > max ? value[..max] : value;
}
