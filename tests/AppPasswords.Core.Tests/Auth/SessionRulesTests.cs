using AppPasswords.Core.Auth;
using AppPasswords.Core.Users;

namespace AppPasswords.Core.Tests.Auth;

public class SessionRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private readonly SessionOptions options = new();

    private UserSession NewSession() => new() { CreatedAt = Start, LastSeenAt = Start, AbsoluteExpiresAt = Start + options.AbsoluteLifetime };

    [Fact]
    public void Evaluate_Defaults_Are30MinutesIdleAnd12HoursAbsolute()
    {
        Assert.Equal((TimeSpan.FromMinutes(30), TimeSpan.FromHours(12)), (options.IdleTimeout, options.AbsoluteLifetime));
    }

    [Fact]
    public void Evaluate_ActiveUntilIdleTimeout()
    {
        var session = NewSession();

        Assert.Equal(SessionState.Active, SessionRules.Evaluate(session, Start.AddMinutes(29), options));
        Assert.Equal(SessionState.IdleExpired, SessionRules.Evaluate(session, Start.AddMinutes(30), options));
    }

    [Fact]
    public void Evaluate_AbsoluteLifetimeWinsOverActivity()
    {
        var session = NewSession();
        session.LastSeenAt = Start.AddHours(12).AddMinutes(-1);

        Assert.Equal(SessionState.AbsoluteExpired, SessionRules.Evaluate(session, Start.AddHours(12), options));
    }

    [Fact]
    public void Evaluate_RevokedOrMissing()
    {
        var session = NewSession();
        session.RevokedAt = Start;

        Assert.Equal(SessionState.Revoked, SessionRules.Evaluate(session, Start, options));
        Assert.Equal(SessionState.Missing, SessionRules.Evaluate(null, Start, options));
    }

    [Fact]
    public void ShouldTouch_AtMostOncePerInterval()
    {
        var session = NewSession();

        Assert.False(SessionRules.ShouldTouch(session, Start.AddSeconds(59), options));
        Assert.True(SessionRules.ShouldTouch(session, Start.AddMinutes(1), options));
    }
}
