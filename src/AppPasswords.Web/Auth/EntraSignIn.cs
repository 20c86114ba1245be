using System.Security.Claims;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Auth;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;

namespace AppPasswords.Web.Auth;

/// <summary>
/// Turns a validated Entra ID token into the portal principal: upserts the <c>User</c> row keyed
/// <c>entra:{tid}:{oid}</c> (name, UPN, email and whether the token carries the configured admin app role refreshed
/// each time; a changed admin role ends the user's other sessions) and starts a server-side session. The role is read
/// from that row on every request, not kept in the cookie.
/// </summary>
internal static partial class EntraSignIn
{
    public static async Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        var services = context.HttpContext.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("AppPasswords.Web.Auth.Entra");
        var token = context.Principal ?? throw new InvalidOperationException("No principal in a validated token.");
        var tenantId = token.GetTenantId();
        var objectId = token.GetObjectId();
        if (string.IsNullOrEmpty(tenantId) || string.IsNullOrEmpty(objectId))
        {
            LogFailed(logger, "token without tid or oid");
            context.Fail("The token carries no tenant id or object id.");
            return;
        }

        var adminRole = services.GetRequiredService<IOptions<PortalAuthenticationOptions>>().Value.AdminRole;
        var upn = token.FindFirstValue("preferred_username") ?? token.FindFirstValue(ClaimTypes.Upn) ?? token.FindFirstValue("upn") ?? objectId;
        var name = token.FindFirstValue("name") ?? upn;
        var email = token.FindFirstValue("email") ?? token.FindFirstValue(ClaimTypes.Email);
        var roles = token.FindAll("roles").Concat(token.FindAll(ClaimTypes.Role)).Select(c => c.Value);
        var isAdmin = roles.Contains(adminRole, StringComparer.Ordinal);
        var mfa = token.FindAll("amr").Concat(token.FindAll("http://schemas.microsoft.com/claims/authnmethodsreferences"))
            .Any(c => string.Equals(c.Value, "mfa", StringComparison.Ordinal));

        var user = await services.GetRequiredService<IExternalUserSync>()
            .SyncAsync($"entra:{tenantId}:{objectId}", upn, name, email, isAdmin, context.HttpContext.RequestAborted);
        var request = context.HttpContext.Request;
        var session = await services.GetRequiredService<IUserSessionStore>().CreateAsync(
            user.Id, context.HttpContext.Connection.RemoteIpAddress?.ToString(), request.Headers.UserAgent.ToString(), mfa, context.HttpContext.RequestAborted);

        context.Principal = PortalPrincipalFactory.Create(
            user,
            session.Id,
            [new Claim(ClaimConstants.Tid, tenantId), new Claim(ClaimConstants.Oid, objectId)]);
        LogSucceeded(logger, user.Id);
        await services.GetRequiredService<IAuditLog>().RecordAsync(
            new AuditEvent
            {
                EventType = AuditEventTypes.SignIn,
                Outcome = AuditOutcomes.Success,
                ActorUserId = user.Id,
                ActorName = user.UserPrincipalName,
                Details = mfa ? """{"method":"entra","mfa":true}""" : """{"method":"entra","mfa":false}""",
            },
            context.HttpContext.RequestAborted);
    }

    /// <summary>A failed or cancelled sign-in at the identity provider: audit it and show our own page, never a 500.</summary>
    public static async Task OnRemoteFailureAsync(RemoteFailureContext context)
    {
        var services = context.HttpContext.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("AppPasswords.Web.Auth.Entra");
        LogFailed(logger, context.Failure?.GetType().Name ?? "unknown");
        await services.GetRequiredService<IAuditLog>().RecordAsync(
            new AuditEvent
            {
                EventType = AuditEventTypes.SignIn,
                Outcome = AuditOutcomes.Failure,
                Details = $$"""{"method":"entra","reason":"{{context.Failure?.GetType().Name}}"}""",
            },
            context.HttpContext.RequestAborted);
        context.Response.Redirect("/Account/AccessDenied?reason=signin-failed");
        context.HandleResponse();
    }

    [LoggerMessage(EventId = SecurityEventIds.ExternalSignInSucceeded, EventName = nameof(SecurityEventIds.ExternalSignInSucceeded), Level = LogLevel.Information, Message = "Entra ID sign-in succeeded for user {UserId}")]
    private static partial void LogSucceeded(ILogger logger, Guid userId);

    [LoggerMessage(EventId = SecurityEventIds.ExternalSignInFailed, EventName = nameof(SecurityEventIds.ExternalSignInFailed), Level = LogLevel.Warning, Message = "Entra ID sign-in failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
