using AppPasswords.Core.Admin;
using AppPasswords.Web.Admin;

namespace AppPasswords.Web.Hosting;

internal static class AdminAppPasswordsSetup
{
    /// <summary>Admin actions on the app password inventory and service keys.</summary>
    public static IServiceCollection AddAdminAppPasswordActions(this IServiceCollection services)
    {
        services.AddScoped<IAdminRevocationNotifier, EmailAdminRevocationNotifier>();
        services.AddScoped<IAdminRevokeAppPasswordsCommand, AdminRevokeAppPasswordsCommand>();
        return services;
    }
}
