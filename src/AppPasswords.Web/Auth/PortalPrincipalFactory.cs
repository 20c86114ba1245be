using System.Globalization;
using System.Security.Claims;
using AppPasswords.Core.Users;

namespace AppPasswords.Web.Auth;

/// <summary>Builds the one principal shape both sign-in modes produce (see <see cref="PortalClaimTypes"/>).</summary>
public static class PortalPrincipalFactory
{
    public const string AuthenticationType = "AppPasswords";

    public static ClaimsPrincipal Create(User user, Guid sessionId, bool isAdmin, string adminRole, IEnumerable<Claim>? extraClaims = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = new ClaimsIdentity(AuthenticationType, PortalClaimTypes.DisplayName, PortalClaimTypes.Role);
        identity.AddClaim(new Claim(PortalClaimTypes.UserId, user.Id.ToString("D", CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(PortalClaimTypes.SessionId, sessionId.ToString("D", CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(PortalClaimTypes.UserPrincipalName, user.UserPrincipalName));
        identity.AddClaim(new Claim(PortalClaimTypes.DisplayName, user.DisplayName));
        if (!string.IsNullOrEmpty(user.Email))
        {
            identity.AddClaim(new Claim(PortalClaimTypes.Email, user.Email));
        }

        if (isAdmin)
        {
            identity.AddClaim(new Claim(PortalClaimTypes.Role, adminRole));
        }

        if (extraClaims is not null)
        {
            identity.AddClaims(extraClaims);
        }

        return new ClaimsPrincipal(identity);
    }
}
