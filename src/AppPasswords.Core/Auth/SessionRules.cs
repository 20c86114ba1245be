using AppPasswords.Core.Users;

namespace AppPasswords.Core.Auth;

public enum SessionState
{
    Active,
    Missing,
    Revoked,
    IdleExpired,
    AbsoluteExpired,
}

/// <summary>Decides whether a server-side session is still valid at a given time.</summary>
public static class SessionRules
{
    public static SessionState Evaluate(UserSession? session, DateTimeOffset now, SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (session is null)
        {
            return SessionState.Missing;
        }

        if (session.RevokedAt is not null)
        {
            return SessionState.Revoked;
        }

        if (now >= session.AbsoluteExpiresAt)
        {
            return SessionState.AbsoluteExpired;
        }

        return now - session.LastSeenAt >= options.IdleTimeout ? SessionState.IdleExpired : SessionState.Active;
    }

    /// <summary>Whether <see cref="UserSession.LastSeenAt"/> is old enough to be worth a database write.</summary>
    public static bool ShouldTouch(UserSession session, DateTimeOffset now, SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(options);
        return now - session.LastSeenAt >= options.LastSeenWriteInterval;
    }
}
