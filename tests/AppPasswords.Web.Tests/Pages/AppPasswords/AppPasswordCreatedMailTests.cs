using System.Net;
using System.Text.RegularExpressions;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Infrastructure.Messaging;
using AppPasswords.Testing;
using AppPasswords.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.Pages.UserAppPasswords;

public class AppPasswordCreatedMailTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Issue_OverRealSmtp_MailHasLabelAndRevokeLinkButNoPassword()
    {
        await using var smtp = new InProcessSmtpServer();
        await using var host = new PortalHost()
            .With("Smtp:Host", "127.0.0.1")
            .With("Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Smtp:TlsMode", "None")
            .With("Portal:PublicBaseUrl", "https://portal.contoso.com/");
        var user = await host.CreateUserAsync("alice", "Correct-Horse-42", email: "alice@contoso.com");
        var result = await host.IssueAsync(user.Id, "Alice's iPhone");

        var mail = await smtp.WaitForMessageAsync("alice@contoso.com");
        var body = mail.TextBody;
        Assert.Contains("Alice's iPhone", body, StringComparison.Ordinal);
        Assert.Contains($"https://portal.contoso.com/AppPasswords/Revoke/{result.AppPassword!.Id}", body, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Password!, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Core.Security.AppPasswordGenerator.FormatForDisplay(result.Password!), body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CreateOverHttp_InChinese_LinkFromRequestAndLocalized()
    {
        await using var host = new PortalHost();
        var (user, client, _) = await host.CreateVerifiedUserAsync("bob", email: "bob@contoso.com");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        using var response = await client.PostFormAsync("/AppPasswords/Create", "/AppPasswords/Create", new Dictionary<string, string>
        {
            ["Input.Label"] = "笔记本",
            ["Input.ExpiresInDays"] = "0",
            ["Input.Protocols"] = "Imap",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await using var scope = host.Services.CreateAsyncScope();
        var id = (await scope.ServiceProvider.GetRequiredService<IListAppPasswordsQuery>().ListAsync(user.Id, Ct)).Single().Id;
        var mail = (await scope.ServiceProvider.GetRequiredService<DevelopmentOutbox>().ListAsync(20, Ct)).First(m => m.Recipient == "bob@contoso.com");
        Assert.Equal("你的账户有新的应用密码", mail.Subject);
        Assert.Contains("笔记本", mail.Body, StringComparison.Ordinal);
        Assert.Contains(new Uri(host.Start(), $"/AppPasswords/Revoke/{id}").ToString(), mail.Body, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex("[a-z]{4} [a-z]{4} [a-z]{4}"), mail.Body);
    }
}
