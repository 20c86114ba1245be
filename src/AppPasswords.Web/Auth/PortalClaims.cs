using System.Globalization;
using System.Security.Claims;

namespace AppPasswords.Web.Auth;

/// <summary>
/// The claims every sign-in mode (Entra ID or the built-in directory) puts on the portal's principal,
/// so pages and policies work the same whichever mode signed the user in.
/// </summary>
public static class PortalClaimTypes
{
    /// <summary>The portal's own user id (<see cref="Core.Users.User.Id"/>).</summary>
    public const string UserId = "apppasswords:uid";

    /// <summary>The server-side session id; the session row decides whether the cookie is still valid.</summary>
    public const string SessionId = "apppasswords:sid";

    public const string UserPrincipalName = "apppasswords:upn";

    public const string DisplayName = ClaimTypes.Name;

    public const string Email = ClaimTypes.Email;

    public const string Role = ClaimTypes.Role;
}

public static class PortalPolicies
{
    /// <summary>Requires the admin role (name configurable, default <c>AppPasswords.Admin</c>).</summary>
    public const string Admin = "Admin";
}

public static class PortalPrincipalExtensions
{
    /// <summary>The signed-in user's portal id; throws when the principal is not a portal principal.</summary>
    public static Guid GetUserId(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var value = principal.FindFirstValue(PortalClaimTypes.UserId)
            ?? throw new InvalidOperationException("The principal carries no portal user id.");
        return Guid.Parse(value, CultureInfo.InvariantCulture);
    }

    public static Guid? GetSessionId(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return Guid.TryParse(principal.FindFirstValue(PortalClaimTypes.SessionId), CultureInfo.InvariantCulture, out var id) ? id : null;
    }
}
