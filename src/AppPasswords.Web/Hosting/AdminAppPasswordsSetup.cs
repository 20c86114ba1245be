using AppPasswords.Core.Admin;
using AppPasswords.Web.Admin;

namespace AppPasswords.Web.Hosting;

internal static class AdminAppPasswordsSetup
{
    /// <summary>Admin actions on the app password inventory and service keys, and the emails that tell users about admin actions.</summary>
    public static IServiceCollection AddAdminAppPasswordActions(this IServiceCollection services)
    {
        services.AddScoped<AdminNoticeMail>();
        services.AddScoped<IAdminRevocationNotifier, EmailAdminRevocationNotifier>();
        services.AddScoped<IAdminUserActionNotifier, EmailAdminUserActionNotifier>();
        services.AddScoped<IAdminRevokeAppPasswordsCommand, AdminRevokeAppPasswordsCommand>();
        return services;
    }
}
