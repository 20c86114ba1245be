using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using AppPasswords.Testing;
using AppPasswords.Web.Hosting.Commands;

namespace AppPasswords.Web.Tests.Account;

public class UsersCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UsersAdd_WithAdminAndPasswordOnStdin_CreatesAnAdminWhoCanSignIn()
    {
        await using var host = new PortalHost();
        host.Start();
        using var output = new StringWriter();

        var exitCode = await UsersCommand.RunAsync(
            host.Services, ["add", "root", "--admin", "--display-name", "Root Admin"], new StringReader("Blue-Kettle-Orbit-42\n"), output, interactive: false, Ct);
        using var listOutput = new StringWriter();
        await UsersCommand.RunAsync(host.Services, ["list"], new StringReader(""), listOutput, interactive: false, Ct);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            // Admin pages sit behind the MFA interrupt like every page: register MFA for the new admin first.
            var root = await scope.ServiceProvider.GetRequiredService<global::AppPasswords.Infrastructure.Persistence.AppPasswordsDbContext>()
                .Set<global::AppPasswords.Core.Users.User>().SingleAsync(u => u.UserPrincipalName == "root", Ct);
            await host.CompleteMfaRegistrationAsync(root, "root");
        }

        using var client = host.CreateCookieClient();
        await host.SignInAsync(client, "root", "Blue-Kettle-Orbit-42");
        using var admin = await client.GetAsync(new Uri("/Admin", UriKind.Relative), Ct);

        Assert.Equal(0, exitCode);
        Assert.Contains("root\tadmin\tRoot Admin", listOutput.ToString(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, admin.StatusCode);
        Assert.DoesNotContain("Blue-Kettle-Orbit-42", output.ToString() + host.Logs.AllText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("password1")]
    [InlineData("short")]
    [InlineData("")]
    public async Task UsersAdd_WeakPassword_FailsWithExitCode1(string password)
    {
        await using var host = new PortalHost();
        host.Start();
        using var output = new StringWriter();

        var exitCode = await UsersCommand.RunAsync(host.Services, ["add", "root"], new StringReader(password + "\n"), output, interactive: false, Ct);

        Assert.Equal(1, exitCode);
    }

    [Fact]
    public async Task UsersSetAdmin_UnknownUser_FailsAndKnownUserChanges()
    {
        await using var host = new PortalHost();
        await host.CreateUserAsync("alice", "Blue-Kettle-Orbit-42");
        using var output = new StringWriter();

        var unknown = await UsersCommand.RunAsync(host.Services, ["set-admin", "nobody", "true"], new StringReader(""), output, interactive: false, Ct);
        var known = await UsersCommand.RunAsync(host.Services, ["set-admin", "alice", "true"], new StringReader(""), output, interactive: false, Ct);
        var badUsage = await UsersCommand.RunAsync(host.Services, ["set-admin", "alice", "maybe"], new StringReader(""), output, interactive: false, Ct);

        Assert.Equal((1, 0, 2), (unknown, known, badUsage));
    }

    [Fact]
    public void WithoutConfigurationSwitches_DropsConfigurationKeepsVerbOptions()
    {
        var args = global::AppPasswords.Web.Hosting.CommandLine.WithoutConfigurationSwitches(["add", "root", "--admin", "--Database:DataDirectory", "/tmp/x", "--Serilog:X=1", "--email", "a@b.c"]);

        Assert.Equal(["add", "root", "--admin", "--email", "a@b.c"], args);
    }
}
