using System.Net;
using AppPasswords.Core.Notifications;
using AppPasswords.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.Pages.Development;

public class OutboxTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_InDevelopment_ShowsMessagesTheOutboxKept()
    {
        await using var host = new PortalHost("Development");
        using var client = host.CreateRawClient();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ISmsSender>().SendAsync("+12015550123", "Your code is 482913", Ct);
        }

        using var response = await client.GetAsync(new Uri("/Development/Outbox", UriKind.Relative), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("482913", body, StringComparison.Ordinal);
        Assert.Contains("12015550123", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Testing")]
    public async Task Get_OutsideDevelopment_NotFound(string environment)
    {
        await using var host = new PortalHost(environment);
        using var client = host.CreateRawClient();

        using var response = await client.GetAsync(new Uri("/Development/Outbox", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Senders_NoProviderConfigured_AreTheOutbox_SmtpHostConfigured_IsSmtp()
    {
        await using var plain = new PortalHost();
        plain.Start();
        await using var smtp = new PortalHost().With("Smtp:Host", "127.0.0.1");
        smtp.Start();

        await using var plainScope = plain.Services.CreateAsyncScope();
        await using var smtpScope = smtp.Services.CreateAsyncScope();
        Assert.IsType<Infrastructure.Messaging.DevelopmentOutbox>(plainScope.ServiceProvider.GetRequiredService<IEmailSender>());
        Assert.IsType<Infrastructure.Messaging.DevelopmentOutbox>(plainScope.ServiceProvider.GetRequiredService<ISmsSender>());
        Assert.IsType<Infrastructure.Messaging.SmtpEmailSender>(smtpScope.ServiceProvider.GetRequiredService<IEmailSender>());
    }
}
