using AppPasswords.Core.Audit;
using AppPasswords.Core.Auth;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Auth;
using AppPasswords.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AppPasswords.Web.Pages.Account;

/// <summary>The signed-in user's active sessions and "sign out everywhere".</summary>
public partial class SessionsModel(IUserSessionStore sessions, IAuditLog audit, ILogger<SessionsModel> logger) : PageModel
{
    public IReadOnlyList<UserSession> Sessions { get; private set; } = [];

    public Guid? CurrentSessionId { get; private set; }

    public async Task OnGetAsync()
    {
        CurrentSessionId = User.GetSessionId();
        Sessions = await sessions.ListActiveAsync(User.GetUserId(), HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync()
    {
        var userId = User.GetUserId();
        var count = await sessions.RevokeAllAsync(userId, HttpContext.RequestAborted);
        LogSignedOutEverywhere(logger, userId, count);
        await audit.RecordAsync(
            new AuditEvent { EventType = AuditEventTypes.SignOutEverywhere, ActorUserId = userId, Details = $$"""{"sessions":{{count}}}""" },
            HttpContext.RequestAborted);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return LocalRedirect("/Account/SignIn");
    }

    [LoggerMessage(EventId = SecurityEventIds.SignedOutEverywhere, EventName = nameof(SecurityEventIds.SignedOutEverywhere), Level = LogLevel.Information, Message = "User {UserId} signed out everywhere ({Count} sessions)")]
    private static partial void LogSignedOutEverywhere(ILogger logger, Guid userId, int count);
}
