using System.Net;
using System.Text.RegularExpressions;
using AppPasswords.Core.MailClients;
using AppPasswords.Core.Security;
using AppPasswords.Testing;
using AppPasswords.Web.Pages.UserAppPasswords;
using AppPasswords.Web.Tests.MailClients;

namespace AppPasswords.Web.Tests.Pages.UserAppPasswords;

/// <summary>
/// The show-once page over real HTTP: mail server settings with Copy buttons, and the Apple configuration profile
/// that only the same user can download, once, during the same display.
/// </summary>
public partial class CreatedPageTests
{
    private const string CreatedPath = "/AppPasswords/Created";
    private const string ProfilePath = "/AppPasswords/Created?handler=Profile";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Created_ServersConfigured_EverySettingHasCopyButtonAndProfileForm()
    {
        await using var host = new PortalHost().WithContosoServers();
        var (user, client, _) = await host.CreateVerifiedUserAsync("alice");

        var display = await CreateAndDisplayAsync(client, "Laptop");

        var expected = new Dictionary<string, string>
        {
            ["setting-imap-host"] = "imap.contoso.com",
            ["setting-imap-port"] = "993",
            ["setting-imap-security"] = "SSL/TLS",
            ["setting-smtp-host"] = "smtp.contoso.com",
            ["setting-smtp-port"] = "587",
            ["setting-smtp-security"] = "STARTTLS",
            ["setting-username"] = user.UserPrincipalName,
        };
        foreach (var (id, value) in expected)
        {
            Assert.Contains($"<code id=\"{id}\" class=\"setting-value\">{WebUtility.HtmlEncode(value)}</code>", display.Html, StringComparison.Ordinal);
            Assert.Contains($"data-copy-target=\"{id}\" data-copy-status=\"{id}-status\"", display.Html, StringComparison.Ordinal);
            Assert.Contains($"<span id=\"{id}-status\" class=\"copy-status\" role=\"status\" aria-live=\"polite\">", display.Html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("setting-pop3", display.Html, StringComparison.Ordinal);
        Assert.Contains(">Copy<span class=\"visually-hidden\"> IMAP server</span>", display.Html, StringComparison.Ordinal);
        Assert.Contains("Download profile for Apple Mail", display.Html, StringComparison.Ordinal);
        Assert.Equal(ShownOnceSecretStore.TicketLength, display.ProfileTicket?.Length);
        Assert.Contains("no-store", display.CacheControl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Created_InChinese_SettingsAndProfileLocalized()
    {
        await using var host = new PortalHost().WithContosoServers();
        var (_, client, _) = await host.CreateVerifiedUserAsync("alice");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        var display = await CreateAndDisplayAsync(client, "笔记本");

        Assert.Contains("邮件服务器设置", display.Html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">IMAP 服务器</th>", display.Html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">SMTP 端口</th>", display.Html, StringComparison.Ordinal);
        Assert.Contains(">复制<span class=\"visually-hidden\"> 用户名</span>", display.Html, StringComparison.Ordinal);
        Assert.Contains("下载 Apple 邮件描述文件", display.Html, StringComparison.Ordinal);
        Assert.Contains("data-copied-text=\"已复制\"", display.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Created_ServersNotConfigured_NoSettingsAndNoProfile()
    {
        await using var host = new PortalHost();
        var (_, client, _) = await host.CreateVerifiedUserAsync("alice");

        var display = await CreateAndDisplayAsync(client, "Laptop");

        Assert.DoesNotContain("setting-imap", display.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Profile", display.Html, StringComparison.Ordinal);
        Assert.Null(display.ProfileTicket);
        Assert.Matches("^[a-z]{4}( [a-z]{4})+$", display.Password);
    }

    [Fact]
    public async Task Created_UnencryptedServer_NotAdvertised()
    {
        await using var host = new PortalHost().WithContosoServers()
            .With("MailServers:Pop3:Host", "pop.contoso.com").With("MailServers:Pop3:Port", "110").With("MailServers:Pop3:Security", "None");
        var (_, client, _) = await host.CreateVerifiedUserAsync("alice");

        var display = await CreateAndDisplayAsync(client, "Laptop");

        Assert.Contains("setting-imap-host", display.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("pop.contoso.com", display.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_FirstDownload_PlistWithAccountAndPasswordThenRefused()
    {
        await using var host = new PortalHost().WithContosoServers();
        var (user, client, _) = await host.CreateVerifiedUserAsync("alice", email: "alice@contoso.com");
        var display = await CreateAndDisplayAsync(client, "Laptop");

        using var download = await PostProfileAsync(client, display.Token, display.ProfileTicket);

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(AppleMailProfileBuilder.ContentType, download.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", download.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("contoso.com-mail.mobileconfig", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var document = AppleMailProfileBuilderTests.Parse(await download.Content.ReadAsByteArrayAsync(Ct));
        var profile = AppleMailProfileBuilderTests.Dict(document.Root!.Element("dict")!);
        Assert.Equal(AppleMailProfileBuilder.ConfigurationPayloadType, profile["PayloadType"].Value);
        var mail = AppleMailProfileBuilderTests.Dict(Assert.Single(profile["PayloadContent"].Elements("dict")));
        Assert.Equal(AppleMailProfileBuilder.MailPayloadType, mail["PayloadType"].Value);
        Assert.Equal("alice@contoso.com", mail["EmailAddress"].Value);
        Assert.Equal(user.UserPrincipalName, mail["IncomingMailServerUsername"].Value);
        Assert.Equal(display.Password.Replace(" ", "", StringComparison.Ordinal), mail["IncomingPassword"].Value);
        Assert.Equal(mail["IncomingPassword"].Value, mail["OutgoingPassword"].Value);

        using var again = await PostProfileAsync(client, display.Token, display.ProfileTicket);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var againBody = await again.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(mail["IncomingPassword"].Value, againBody, StringComparison.Ordinal);

        using var reload = await client.GetAsync(new Uri(CreatedPath, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, reload.StatusCode);
        Assert.DoesNotContain(mail["IncomingPassword"].Value, host.Logs.AllText(), StringComparison.Ordinal);
    }

    private const string MissingTicket = "(no ticket field)";

    public static TheoryData<string> BadTickets() => new()
    {
        MissingTicket,
        "",
        "abc",
        new string('0', ShownOnceSecretStore.TicketLength),
        new string('Z', ShownOnceSecretStore.TicketLength),
        new string('A', ShownOnceSecretStore.TicketLength + 1),
        new string('A', 100_000),
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "\u00e9\u4f60\u597d" + new string('A', ShownOnceSecretStore.TicketLength - 3),
    };

    [Theory]
    [MemberData(nameof(BadTickets))]
    public async Task Profile_MissingMalformedOrForgedTicket_NotFoundAndRealTicketStillWorks(string ticket)
    {
        await using var host = new PortalHost().WithContosoServers();
        var (_, client, _) = await host.CreateVerifiedUserAsync("alice");
        var display = await CreateAndDisplayAsync(client, "Laptop");

        using (var bad = await PostProfileAsync(client, display.Token, ticket == MissingTicket ? null : ticket))
        {
            Assert.Equal(HttpStatusCode.NotFound, bad.StatusCode);
            Assert.NotEqual(AppleMailProfileBuilder.ContentType, bad.Content.Headers.ContentType?.MediaType);
        }

        using var good = await PostProfileAsync(client, display.Token, display.ProfileTicket);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    [Fact]
    public async Task Profile_AnotherUsersTicket_NotFoundAndOwnerStillDownloadsOnce()
    {
        await using var host = new PortalHost().WithContosoServers();
        var (_, alice, _) = await host.CreateVerifiedUserAsync("alice");
        var (_, bob, _) = await host.CreateVerifiedUserAsync("bob");
        var display = await CreateAndDisplayAsync(alice, "Laptop");
        var bobToken = await PortalHostAccounts.GetAntiforgeryTokenAsync(bob, "/AppPasswords/RevokeAll");

        using (var stolen = await PostProfileAsync(bob, bobToken, display.ProfileTicket))
        {
            Assert.Equal(HttpStatusCode.NotFound, stolen.StatusCode);
        }

        using var owner = await PostProfileAsync(alice, display.Token, display.ProfileTicket);
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
    }

    [Fact]
    public async Task Profile_AfterDownloadLifetime_NotFound()
    {
        await using var host = new PortalHost().WithContosoServers();
        var clock = host.UseFakeClock(DateTimeOffset.UtcNow);
        var (_, client, _) = await host.CreateVerifiedUserAsync("alice");
        var display = await CreateAndDisplayAsync(client, "Laptop");

        clock.Advance(new ShownOnceOptions().DownloadLifetime + TimeSpan.FromSeconds(1));
        using var late = await PostProfileAsync(client, display.Token, display.ProfileTicket);

        Assert.Equal(HttpStatusCode.NotFound, late.StatusCode);
    }

    [Fact]
    public async Task Profile_WithinDownloadLifetime_Downloads()
    {
        await using var host = new PortalHost().WithContosoServers();
        var clock = host.UseFakeClock(DateTimeOffset.UtcNow);
        var (_, client, _) = await host.CreateVerifiedUserAsync("alice");
        var display = await CreateAndDisplayAsync(client, "Laptop");

        clock.Advance(new ShownOnceOptions().DownloadLifetime - TimeSpan.FromSeconds(5));
        using var inTime = await PostProfileAsync(client, display.Token, display.ProfileTicket);

        Assert.Equal(HttpStatusCode.OK, inTime.StatusCode);
    }

    [Fact]
    public async Task Profile_WithoutAntiforgery_BadRequestAndTicketNotUsedUp()
    {
        await using var host = new PortalHost().WithContosoServers();
        var (_, client, _) = await host.CreateVerifiedUserAsync("alice");
        var display = await CreateAndDisplayAsync(client, "Laptop");

        using (var forged = await PostProfileAsync(client, token: null, display.ProfileTicket))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        using var good = await PostProfileAsync(client, display.Token, display.ProfileTicket);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    [Fact]
    public async Task Profile_TenParallelDownloads_ExactlyOneSucceeds()
    {
        await using var host = new PortalHost().WithContosoServers();
        var (_, client, _) = await host.CreateVerifiedUserAsync("alice");
        var display = await CreateAndDisplayAsync(client, "Laptop");

        var statuses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var response = await PostProfileAsync(client, display.Token, display.ProfileTicket);
            return response.StatusCode;
        }));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(9, statuses.Count(s => s == HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Profile_Anonymous_RedirectedToSignIn()
    {
        await using var host = new PortalHost().WithContosoServers();
        var (_, owner, _) = await host.CreateVerifiedUserAsync("alice");
        var display = await CreateAndDisplayAsync(owner, "Laptop");
        using var anonymous = host.CreateCookieClient();
        var token = await PortalHostAccounts.GetAntiforgeryTokenAsync(anonymous, "/Account/SignIn");

        using var response = await PostProfileAsync(anonymous, token, display.ProfileTicket);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/SignIn", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var owned = await PostProfileAsync(owner, display.Token, display.ProfileTicket);
        Assert.Equal(HttpStatusCode.OK, owned.StatusCode);
    }

    [Fact]
    public async Task Created_SecondTabAfterDisplay_NothingSecretAndNoProfileTicket()
    {
        await using var host = new PortalHost().WithContosoServers();
        var (_, client, _) = await host.CreateVerifiedUserAsync("alice");
        var display = await CreateAndDisplayAsync(client, "Laptop");

        using var secondTab = await client.GetAsync(new Uri(CreatedPath, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, secondTab.StatusCode);
        var list = await client.GetStringAsync(new Uri("/AppPasswords", UriKind.Relative), Ct);
        Assert.DoesNotContain(display.Password, list, StringComparison.Ordinal);
        Assert.DoesNotContain(display.ProfileTicket!, list, StringComparison.Ordinal);
    }

    private sealed record Display(string Html, string Password, string? ProfileTicket, string Token, string CacheControl);

    private static async Task<Display> CreateAndDisplayAsync(HttpClient client, string label)
    {
        using (var post = await client.PostFormAsync("/AppPasswords/Create", "/AppPasswords/Create", new Dictionary<string, string>
        {
            ["Input.Label"] = label,
            ["Input.ExpiresInDays"] = "0",
            ["Input.Protocols"] = "Imap",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        }

        using var response = await client.GetAsync(new Uri(CreatedPath, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        var password = PasswordPattern().Match(html).Groups[1].Value;
        Assert.NotEmpty(password);
        var ticket = TicketPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : null;
        var token = PortalHostAccounts.ExtractAntiforgeryToken(html)
            ?? await PortalHostAccounts.GetAntiforgeryTokenAsync(client, "/AppPasswords/RevokeAll");
        return new Display(html, password, ticket, token, response.Headers.CacheControl?.ToString() ?? "");
    }

    private static async Task<HttpResponseMessage> PostProfileAsync(HttpClient client, string? token, string? ticket)
    {
        var fields = new Dictionary<string, string>();
        if (token is not null)
        {
            fields["__RequestVerificationToken"] = token;
        }

        if (ticket is not null)
        {
            fields["ticket"] = ticket;
        }

        using var form = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri(ProfilePath, UriKind.Relative), form, Ct);
    }

    [GeneratedRegex("id=\"app-password\" class=\"app-password\" type=\"text\" readonly value=\"([^\"]+)\"")]
    private static partial Regex PasswordPattern();

    [GeneratedRegex("name=\"ticket\" value=\"([^\"]+)\"")]
    private static partial Regex TicketPattern();
}
