using AppPasswords.Core.Users;

namespace AppPasswords.Core.Auth;

/// <summary>Server-side sign-in sessions: created at sign-in, checked on each request, revoked at sign-out.</summary>
public interface IUserSessionStore
{
    /// <summary>Starts a new session (a fresh id at every sign-in).</summary>
    Task<UserSession> CreateAsync(Guid userId, string? ipAddress, string? userAgent, bool secondFactorVerified, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether the session is active now, and whether its user holds the admin role now (read in the same query);
    /// refreshes its last-seen time at most once per write interval.
    /// </summary>
    Task<SessionCheck> ValidateAsync(Guid sessionId, Guid userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// After a passed second-factor check: ends the session and starts its successor for the same user with a new id,
    /// the same sign-in time and absolute expiry, and the second factor passed now, so an id known before the check
    /// no longer works. Null when the session is not active (or was renewed by a concurrent request).
    /// </summary>
    Task<UserSession?> RenewAfterSecondFactorAsync(Guid sessionId, Guid userId, CancellationToken cancellationToken = default);

    Task RevokeAsync(Guid sessionId, CancellationToken cancellationToken = default);

    /// <summary>Ends every session of the user; returns how many were active.</summary>
    Task<int> RevokeAllAsync(Guid userId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<UserSession>> ListActiveAsync(Guid userId, CancellationToken cancellationToken = default);
}

/// <summary>The outcome of the per-request session check: the session's state and the user's current admin role.</summary>
public sealed record SessionCheck(SessionState State, bool IsAdmin);
