using AppPasswords.Infrastructure;

namespace AppPasswords.Web.Hosting;

internal static class AdminSetup
{
    /// <summary>The admin console under <c>/Admin</c> (pages require <see cref="Auth.PortalPolicies.Admin"/>).</summary>
    public static IServiceCollection AddAdminConsole(this IServiceCollection services)
    {
        services.AddAdminConsoleData();
        services.AddAdminUsersData();
        services.AddAdminAppPasswordActions();
        return services;
    }
}
