using System.Security.Claims;
using System.Text.Encodings.Web;
using AppPasswords.Testing;
using AppPasswords.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AppPasswords.Web.Tests.Support;

/// <summary>
/// Signs a request in as the portal principal named by the <c>X-Test-User</c> header, so shell and logging
/// tests do not depend on the sign-in feature. <c>X-Test-Admin: true</c> adds the admin role.
/// </summary>
internal static class TestSignIn
{
    public const string Scheme = "Test";
    public const string UserHeader = "X-Test-User";
    public const string AdminHeader = "X-Test-Admin";
    public const string AdminRole = "AppPasswords.Admin";

    public static PortalHost WithTestSignIn(this PortalHost host) => host.WithServices(services =>
    {
        services.AddAuthentication(o =>
        {
            o.DefaultScheme = Scheme;
            o.DefaultAuthenticateScheme = Scheme;
            o.DefaultChallengeScheme = Scheme;
        }).AddScheme<AuthenticationSchemeOptions, Handler>(Scheme, _ => { });
    });

    public static PortalHost WithAdminPolicy(this PortalHost host) => host.WithServices(services =>
        services.AddAuthorizationBuilder().AddPolicy(PortalPolicies.Admin, p => p.RequireRole(AdminRole)));

    private sealed class Handler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var userId = Request.Headers[UserHeader].ToString();
            if (string.IsNullOrEmpty(userId))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            List<Claim> claims =
            [
                new(PortalClaimTypes.UserId, userId),
                new(PortalClaimTypes.DisplayName, "Test User " + userId[..8]),
                new(PortalClaimTypes.UserPrincipalName, "test.user@example.com"),
            ];
            if (Request.Headers[AdminHeader] == "true")
            {
                claims.Add(new Claim(PortalClaimTypes.Role, AdminRole));
            }

            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, TestSignIn.Scheme, PortalClaimTypes.DisplayName, PortalClaimTypes.Role));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, TestSignIn.Scheme)));
        }
    }
}
