namespace AppPasswords.Core.Auth;

/// <summary>Configuration section <c>Authentication:Session</c>.</summary>
public sealed class SessionOptions
{
    public const string Section = "Authentication:Session";

    /// <summary>A session unused for this long ends (sliding).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after sign-in whatever its use.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How stale <see cref="Users.UserSession.LastSeenAt"/> may get before it is written again.</summary>
    public TimeSpan LastSeenWriteInterval { get; set; } = TimeSpan.FromMinutes(1);
}
