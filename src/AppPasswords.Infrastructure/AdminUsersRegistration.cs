using AppPasswords.Core.Admin;
using AppPasswords.Infrastructure.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Infrastructure;

public static class AdminUsersRegistration
{
    /// <summary>The admin dashboard counts, the user directory and the per-user actions of the admin console.</summary>
    public static IServiceCollection AddAdminUsersData(this IServiceCollection services)
    {
        services.AddScoped<IAdminDashboardQuery, AdminDashboardQuery>();
        services.AddScoped<IAdminUserListQuery, AdminUserListQuery>();
        services.AddScoped<IAdminUserDetailQuery, AdminUserDetailQuery>();
        services.AddScoped<IAdminUserActionCommand, AdminUserActionCommand>();
        return services;
    }
}
