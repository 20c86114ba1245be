using AppPasswords.Core.Auth;
using AppPasswords.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace AppPasswords.Web.Auth;

/// <summary>
/// A passed second-factor check (at sign-in, at first MFA registration, or for step-up) replaces the session: the old
/// row ends, a new one with a new id takes over its sign-in time and absolute expiry, and the cookie is issued again,
/// so a cookie value known before the check (session fixation, a copy taken before MFA) no longer works.
/// </summary>
internal static partial class SessionRenewal
{
    public static async Task RenewAfterSecondFactorAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.User.GetSessionId() is not { } sessionId)
        {
            return;
        }

        var successor = await http.RequestServices.GetRequiredService<IUserSessionStore>()
            .RenewAfterSecondFactorAsync(sessionId, http.User.GetUserId(), http.RequestAborted);
        if (successor is null)
        {
            return;
        }

        // Same cookie properties as the session it replaces (answered from this request's cache, no second query).
        var current = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        var properties = current.Properties ?? new AuthenticationProperties { IsPersistent = false };
        properties.IssuedUtc = null;
        properties.ExpiresUtc = null;
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PortalPrincipalFactory.ForSession(http.User, successor.Id), properties);
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("AppPasswords.Web.Auth.Sessions");
        LogRenewed(logger, sessionId, successor.Id);
    }

    [LoggerMessage(EventId = SecurityEventIds.SessionRenewed, EventName = nameof(SecurityEventIds.SessionRenewed), Level = LogLevel.Information, Message = "Session {SessionId} renewed as {NewSessionId} after the second factor")]
    private static partial void LogRenewed(ILogger logger, Guid sessionId, Guid newSessionId);
}
