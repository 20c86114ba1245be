using System.Globalization;
using System.Security.Claims;
using AppPasswords.Core.Users;

namespace AppPasswords.Web.Auth;

/// <summary>
/// Builds the one principal shape both sign-in modes produce (see <see cref="PortalClaimTypes"/>). The cookie never
/// carries the admin role: <see cref="WithAdminRole"/> adds it per request from the database.
/// </summary>
public static class PortalPrincipalFactory
{
    public const string AuthenticationType = "AppPasswords";

    public static ClaimsPrincipal Create(User user, Guid sessionId, IEnumerable<Claim>? extraClaims = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = new ClaimsIdentity(AuthenticationType, PortalClaimTypes.DisplayName, PortalClaimTypes.Role);
        identity.AddClaim(new Claim(PortalClaimTypes.UserId, user.Id.ToString("D", CultureInfo.InvariantCulture)));
        identity.AddClaim(SessionClaim(sessionId));
        identity.AddClaim(new Claim(PortalClaimTypes.UserPrincipalName, user.UserPrincipalName));
        identity.AddClaim(new Claim(PortalClaimTypes.DisplayName, user.DisplayName));
        if (!string.IsNullOrEmpty(user.Email))
        {
            identity.AddClaim(new Claim(PortalClaimTypes.Email, user.Email));
        }

        if (extraClaims is not null)
        {
            identity.AddClaims(extraClaims);
        }

        return new ClaimsPrincipal(identity);
    }

    /// <summary>The same principal for another session id, without any role (what the cookie of a renewed session holds).</summary>
    public static ClaimsPrincipal ForSession(ClaimsPrincipal principal, Guid sessionId) =>
        Copy(principal, c => c.Type is not (PortalClaimTypes.SessionId or PortalClaimTypes.Role), SessionClaim(sessionId));

    /// <summary>The principal with the admin role exactly when <paramref name="isAdmin"/> (any role it carried is dropped).</summary>
    public static ClaimsPrincipal WithAdminRole(ClaimsPrincipal principal, bool isAdmin, string adminRole) =>
        Copy(principal, c => c.Type != PortalClaimTypes.Role, isAdmin ? new Claim(PortalClaimTypes.Role, adminRole) : null);

    private static ClaimsPrincipal Copy(ClaimsPrincipal principal, Func<Claim, bool> keep, Claim? add)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var source = principal.Identities.First();
        var identity = new ClaimsIdentity(source.Claims.Where(keep), source.AuthenticationType, PortalClaimTypes.DisplayName, PortalClaimTypes.Role);
        if (add is not null)
        {
            identity.AddClaim(add);
        }

        return new ClaimsPrincipal(identity);
    }

    private static Claim SessionClaim(Guid sessionId) => new(PortalClaimTypes.SessionId, sessionId.ToString("D", CultureInfo.InvariantCulture));
}
