using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AppPasswords.Core.Security;
using AppPasswords.Infrastructure.Persistence;
using AppPasswords.Infrastructure.Security;
using AppPasswords.Testing;
using AppPasswords.Web.Tests.MailClients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.Pages.UserAppPasswords;

/// <summary>
/// Shown-once tickets live in the database: any instance on the same database (and so the same Data Protection key
/// ring) can take a ticket another one issued, exactly once, and the secret is never stored in clear.
/// </summary>
public partial class ShownOnceTicketTests
{
    private const string CreatedPath = "/AppPasswords/Created";
    private const string ProfilePath = "/AppPasswords/Created?handler=Profile";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Created_TicketIssuedByOneHost_DisplayedByAnotherHostOnceAndProfileDownloadedByTheFirst()
    {
        await using var first = new PortalHost().WithContosoServers();
        var cookies = new CookieContainer();
        var (_, client, _) = await first.CreateVerifiedUserAsync("alice", cookies: cookies);
        await using var second = SecondHost(first).WithContosoServers();
        using var onSecond = second.CreateCookieClient(cookies);

        await PostCreateAsync(client, "Laptop");
        using var display = await onSecond.GetAsync(new Uri(CreatedPath, UriKind.Relative), Ct);
        var html = await display.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, display.StatusCode);
        var password = PasswordPattern().Match(html).Groups[1].Value;
        Assert.Matches("^[a-z]{4}( [a-z]{4})+$", password);
        using (var again = await client.GetAsync(new Uri(CreatedPath, UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        }

        var ticket = TicketPattern().Match(html).Groups[1].Value;
        var token = PortalHostAccounts.ExtractAntiforgeryToken(html)!;
        using (var download = await PostProfileAsync(client, token, ticket))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Contains(password.Replace(" ", "", StringComparison.Ordinal), await download.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using (var secondDownload = await PostProfileAsync(onSecond, token, ticket))
        {
            Assert.Equal(HttpStatusCode.NotFound, secondDownload.StatusCode);
        }

        Assert.DoesNotContain(password.Replace(" ", "", StringComparison.Ordinal), first.Logs.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain(password.Replace(" ", "", StringComparison.Ordinal), second.Logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_ParallelDownloadsOnTwoHosts_ExactlyOneSucceeds()
    {
        await using var first = new PortalHost().WithContosoServers();
        var cookies = new CookieContainer();
        var (_, client, _) = await first.CreateVerifiedUserAsync("alice", cookies: cookies);
        await using var second = SecondHost(first).WithContosoServers();
        using var onSecond = second.CreateCookieClient(cookies);
        await PostCreateAsync(client, "Laptop");
        var html = await client.GetStringAsync(new Uri(CreatedPath, UriKind.Relative), Ct);
        var ticket = TicketPattern().Match(html).Groups[1].Value;
        var token = PortalHostAccounts.ExtractAntiforgeryToken(html)!;

        var statuses = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            using var response = await PostProfileAsync(i % 2 == 0 ? client : onSecond, token, ticket);
            return response.StatusCode;
        }));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(11, statuses.Count(s => s == HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task TakeAsync_ConcurrentTakersInSeparateScopes_ExactlyOneGetsThePayload()
    {
        await using var host = new PortalHost();
        host.Start();
        var userId = Guid.NewGuid();
        var sessionId = Guid.NewGuid();
        var ticket = await WithStore(host, s => s.IssueAsync(ShownOnceTicketKind.Display, userId, sessionId, "payload-1", Ct));

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
            WithStore(host, s => s.TakeAsync(ShownOnceTicketKind.Display, userId, sessionId, ticket, Ct)), Ct)));

        Assert.Equal("payload-1", Assert.Single(results, r => r is not null));
        Assert.Equal(0, await CountTicketsAsync(host));
    }

    [Fact]
    public async Task TakeAsync_OtherUserSessionOrKind_NullAndOwnerStillTakesOnce()
    {
        await using var host = new PortalHost();
        host.Start();
        var alice = Guid.NewGuid();
        var session = Guid.NewGuid();
        var ticket = await WithStore(host, s => s.IssueAsync(ShownOnceTicketKind.Download, alice, session, "alice's secret", Ct));

        Assert.Null(await WithStore(host, s => s.TakeAsync(ShownOnceTicketKind.Download, Guid.NewGuid(), session, ticket, Ct)));
        Assert.Null(await WithStore(host, s => s.TakeAsync(ShownOnceTicketKind.Download, alice, Guid.NewGuid(), ticket, Ct)));
        Assert.Null(await WithStore(host, s => s.TakeAsync(ShownOnceTicketKind.Download, alice, null, ticket, Ct)));
        Assert.Null(await WithStore(host, s => s.TakeAsync(ShownOnceTicketKind.Display, alice, session, ticket, Ct)));
        Assert.Equal("alice's secret", await WithStore(host, s => s.TakeAsync(ShownOnceTicketKind.Download, alice, session, ticket.ToLowerInvariant(), Ct)));
        Assert.Null(await WithStore(host, s => s.TakeAsync(ShownOnceTicketKind.Download, alice, session, ticket, Ct)));
    }

    [Fact]
    public async Task Created_AfterDisplayLifetime_RedirectsAndExpiredRowPrunedByNextIssue()
    {
        await using var host = new PortalHost();
        var clock = host.UseFakeClock(DateTimeOffset.UtcNow);
        var (_, client, _) = await host.CreateVerifiedUserAsync("alice");
        await PostCreateAsync(client, "Laptop");
        Assert.Equal(1, await CountTicketsAsync(host));

        clock.Advance(new ShownOnceOptions().DisplayLifetime + TimeSpan.FromSeconds(1));
        using (var late = await client.GetAsync(new Uri(CreatedPath, UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        }

        Assert.Equal(1, await CountTicketsAsync(host));
        await PostCreateAsync(client, "Phone");
        Assert.Equal(1, await CountTicketsAsync(host));
        using var inTime = await client.GetAsync(new Uri(CreatedPath, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, inTime.StatusCode);
        Assert.Equal(0, await CountTicketsAsync(host));
    }

    [Fact]
    public async Task Created_WithinConfiguredDisplayLifetime_Shown()
    {
        await using var host = new PortalHost().With("ShownOnce:DisplayLifetime", "00:20:00");
        var clock = host.UseFakeClock(DateTimeOffset.UtcNow);
        var (_, client, _) = await host.CreateVerifiedUserAsync("alice");
        await PostCreateAsync(client, "Laptop");

        clock.Advance(TimeSpan.FromMinutes(19));
        using var display = await client.GetAsync(new Uri(CreatedPath, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, display.StatusCode);
    }

    [Theory]
    [InlineData("ShownOnce:DisplayLifetime", "00:00:00")]
    [InlineData("ShownOnce:DisplayLifetime", "02:00:00")]
    [InlineData("ShownOnce:DownloadLifetime", "-00:05:00")]
    public async Task Startup_LifetimeOutOfRange_Refused(string key, string value)
    {
        await using var host = new PortalHost().With(key, value);

        var error = Assert.ThrowsAny<Exception>(() => host.Start());

        Assert.Contains("ShownOnce", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ticket_WhileWaiting_PasswordNotInDatabaseFileInClear()
    {
        await using var host = new PortalHost().WithContosoServers();
        var (_, client, _) = await host.CreateVerifiedUserAsync("alice");
        await PostCreateAsync(client, "Laptop");
        var html = await client.GetStringAsync(new Uri(CreatedPath, UriKind.Relative), Ct);
        var password = PasswordPattern().Match(html).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        Assert.NotEmpty(password);
        Assert.Equal(1, await CountTicketsAsync(host));

        foreach (var file in Directory.GetFiles(host.DataDirectory, "apppasswords.db*"))
        {
            byte[] bytes;
            await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy, Ct);
                bytes = copy.ToArray();
            }

            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(password)));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(password)));
        }

        Assert.DoesNotContain(password, host.Logs.AllText(), StringComparison.Ordinal);
    }

    private static PortalHost SecondHost(PortalHost first) => new PortalHost().With("Database:DataDirectory", first.DataDirectory);

    private static async Task<T> WithStore<T>(PortalHost host, Func<IShownOnceTicketStore, Task<T>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<IShownOnceTicketStore>());
    }

    private static async Task<int> CountTicketsAsync(PortalHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>().Set<ShownOnceTicket>().CountAsync(Ct);
    }

    private static async Task PostCreateAsync(HttpClient client, string label)
    {
        using var post = await client.PostFormAsync("/AppPasswords/Create", "/AppPasswords/Create", new Dictionary<string, string>
        {
            ["Input.Label"] = label,
            ["Input.ExpiresInDays"] = "0",
            ["Input.Protocols"] = "Imap",
        });
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.EndsWith(CreatedPath, post.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostProfileAsync(HttpClient client, string token, string ticket)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["ticket"] = ticket });
        return await client.PostAsync(new Uri(ProfilePath, UriKind.Relative), form, Ct);
    }

    [GeneratedRegex("id=\"app-password\" class=\"app-password\" type=\"text\" readonly value=\"([^\"]+)\"")]
    private static partial Regex PasswordPattern();

    [GeneratedRegex("name=\"ticket\" value=\"([^\"]+)\"")]
    private static partial Regex TicketPattern();
}
