using AppPasswords.Core.Users;

namespace AppPasswords.Core.Auth;

/// <summary>Server-side sign-in sessions: created at sign-in, checked on each request, revoked at sign-out.</summary>
public interface IUserSessionStore
{
    /// <summary>Starts a new session (a fresh id at every sign-in).</summary>
    Task<UserSession> CreateAsync(Guid userId, string? ipAddress, string? userAgent, bool secondFactorVerified, CancellationToken cancellationToken = default);

    /// <summary>Whether the session is active now; refreshes its last-seen time at most once per write interval.</summary>
    Task<SessionState> ValidateAsync(Guid sessionId, Guid userId, CancellationToken cancellationToken = default);

    Task RevokeAsync(Guid sessionId, CancellationToken cancellationToken = default);

    /// <summary>Ends every session of the user; returns how many were active.</summary>
    Task<int> RevokeAllAsync(Guid userId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<UserSession>> ListActiveAsync(Guid userId, CancellationToken cancellationToken = default);
}
