using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using AppPasswords.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.Account;

public class DemoSeedTests
{
    [Fact]
    public async Task DemoSeedUsers_InDevelopment_CreatesAliceAndAdmin()
    {
        await using var host = new PortalHost("Development").With("Demo:SeedUsers", "true");
        host.Start();

        await using var scope = host.Services.CreateAsyncScope();
        var users = await scope.ServiceProvider.GetRequiredService<ILocalUserDirectory>().ListAsync(TestContext.Current.CancellationToken);

        Assert.Equal([("admin", true), ("alice", false)], users.Select(u => (u.UserName, u.IsAdmin)));
    }

    [Fact]
    public async Task DemoSeedUsers_OutsideDevelopment_IsIgnored()
    {
        await using var host = new PortalHost("Production").With("Demo:SeedUsers", "true");
        host.Start();

        await using var scope = host.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>().Set<User>().CountAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Demo:SeedUsers is ignored", host.Logs.AllText(), StringComparison.Ordinal);
    }
}
