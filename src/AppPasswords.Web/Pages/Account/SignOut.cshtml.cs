using AppPasswords.Core.Audit;
using AppPasswords.Core.Auth;
using AppPasswords.Infrastructure.Auth;
using AppPasswords.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AppPasswords.Web.Pages.Account;

/// <summary>POST only: ends the server-side session, clears the cookie and, in Entra ID mode, signs out at the provider.</summary>
[AllowAnonymous]
public partial class SignOutModel(IUserSessionStore sessions, IAuditLog audit, IConfiguration configuration, ILogger<SignOutModel> logger) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true && User.GetSessionId() is { } sessionId)
        {
            var userId = User.GetUserId();
            await sessions.RevokeAsync(sessionId, HttpContext.RequestAborted);
            LogSignedOut(logger, userId, sessionId);
            await audit.RecordAsync(
                new AuditEvent { EventType = AuditEventTypes.SignOut, ActorUserId = userId, Target = "session:" + sessionId },
                HttpContext.RequestAborted);
        }

        if (PortalAuthenticationOptions.IsEntraConfigured(configuration))
        {
            return SignOut(
                new AuthenticationProperties { RedirectUri = "/" },
                CookieAuthenticationDefaults.AuthenticationScheme,
                OpenIdConnectDefaults.AuthenticationScheme);
        }

        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return LocalRedirect("/");
    }

    [LoggerMessage(EventId = SecurityEventIds.SignedOut, EventName = nameof(SecurityEventIds.SignedOut), Level = LogLevel.Information, Message = "User {UserId} signed out of session {SessionId}")]
    private static partial void LogSignedOut(ILogger logger, Guid userId, Guid sessionId);
}
