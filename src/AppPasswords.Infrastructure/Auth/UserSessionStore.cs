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

    public async Task<SessionState> ValidateAsync(Guid sessionId, Guid userId, CancellationToken cancellationToken = default)
    {
        var session = await db.Set<UserSession>().SingleOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, cancellationToken);
        var now = clock.GetUtcNow();
        var state = SessionRules.Evaluate(session, now, options.Value);
        if (state == SessionState.Active && SessionRules.ShouldTouch(session!, now, options.Value))
        {
            session!.LastSeenAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return state;
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
