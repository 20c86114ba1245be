using AppPasswords.Core.Admin;
using AppPasswords.Infrastructure.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Infrastructure;

public static class AdminUsersRegistration
{
    /// <summary>The admin dashboard counts and the user directory of the admin console.</summary>
    public static IServiceCollection AddAdminUsersData(this IServiceCollection services)
    {
        services.AddScoped<IAdminDashboardQuery, AdminDashboardQuery>();
        services.AddScoped<IAdminUserListQuery, AdminUserListQuery>();
        return services;
    }
}
