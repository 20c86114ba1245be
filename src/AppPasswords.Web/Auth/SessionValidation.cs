using AppPasswords.Core.Auth;
using AppPasswords.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace AppPasswords.Web.Auth;

/// <summary>Checks the server-side session behind every authenticated cookie; an ended session signs the cookie out.</summary>
internal static partial class SessionValidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var sessionId = principal.GetSessionId();
        var userIdText = principal.FindFirst(PortalClaimTypes.UserId)?.Value;
        var state = SessionState.Missing;
        if (sessionId is { } sid && Guid.TryParse(userIdText, out var userId))
        {
            var store = context.HttpContext.RequestServices.GetRequiredService<IUserSessionStore>();
            state = await store.ValidateAsync(sid, userId, context.HttpContext.RequestAborted);
        }

        if (state == SessionState.Active)
        {
            return;
        }

        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("AppPasswords.Web.Auth.Sessions");
        LogRejected(logger, sessionId, state);
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(context.Scheme.Name);
    }

    [LoggerMessage(EventId = SecurityEventIds.SessionRejected, EventName = nameof(SecurityEventIds.SessionRejected), Level = LogLevel.Information, Message = "Session {SessionId} rejected: {State}")]
    private static partial void LogRejected(ILogger logger, Guid? sessionId, SessionState state);
}
