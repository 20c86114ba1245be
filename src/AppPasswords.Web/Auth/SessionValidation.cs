using AppPasswords.Core.Auth;
using AppPasswords.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace AppPasswords.Web.Auth;

/// <summary>
/// Checks the server-side session behind every authenticated cookie; an ended session signs the cookie out. The admin
/// role is not taken from the cookie: the same query reads the user's current role, which this request's principal gets.
/// </summary>
internal static partial class SessionValidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        var sessionId = principal.GetSessionId();
        var userIdText = principal.FindFirst(PortalClaimTypes.UserId)?.Value;
        var check = new SessionCheck(SessionState.Missing, IsAdmin: false);
        if (sessionId is { } sid && Guid.TryParse(userIdText, out var userId))
        {
            check = await services.GetRequiredService<IUserSessionStore>().ValidateAsync(sid, userId, context.HttpContext.RequestAborted);
        }

        if (check.State == SessionState.Active)
        {
            // For this request only: ShouldRenew stays false, so the cookie never carries the role.
            context.ReplacePrincipal(PortalPrincipalFactory.WithAdminRole(
                principal, check.IsAdmin, services.GetRequiredService<IOptions<PortalAuthenticationOptions>>().Value.AdminRole));
            return;
        }

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("AppPasswords.Web.Auth.Sessions");
        LogRejected(logger, sessionId, check.State);
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(context.Scheme.Name);
    }

    [LoggerMessage(EventId = SecurityEventIds.SessionRejected, EventName = nameof(SecurityEventIds.SessionRejected), Level = LogLevel.Information, Message = "Session {SessionId} rejected: {State}")]
    private static partial void LogRejected(ILogger logger, Guid? sessionId, SessionState state);
}
