using System.Net;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Testing;
using AppPasswords.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.Pages.UserAppPasswords;

/// <summary>The app password pages over real HTTP against real Kestrel, signed in through the real forms.</summary>
public class AppPasswordPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OtherUsersPassword_EveryRoute_NotFoundOrNoEffect()
    {
        await using var host = new PortalHost();
        var (alice, _, _) = await host.CreateVerifiedUserAsync("alice");
        var (_, bob, _) = await host.CreateVerifiedUserAsync("bob");
        var victim = (await host.IssueAsync(alice.Id, "Alice phone")).AppPassword!;

        var list = await bob.GetStringAsync(new Uri("/AppPasswords", UriKind.Relative), Ct);
        Assert.DoesNotContain("Alice phone", list, StringComparison.Ordinal);
        Assert.DoesNotContain(victim.Id.ToString(), list, StringComparison.OrdinalIgnoreCase);

        using (var get = await bob.GetAsync(new Uri($"/AppPasswords/Revoke/{victim.Id}", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }

        var token = await PortalHostAccounts.GetAntiforgeryTokenAsync(bob, "/AppPasswords/RevokeAll");
        using (var post = await bob.PostAsync(new Uri($"/AppPasswords/Revoke/{victim.Id}", UriKind.Relative), Form(token), Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }

        using (var guessed = await bob.PostAsync(new Uri($"/AppPasswords/Revoke/{Guid.NewGuid()}", UriKind.Relative), Form(token), Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, guessed.StatusCode);
        }

        using (var revokeAll = await bob.PostAsync(new Uri("/AppPasswords/RevokeAll", UriKind.Relative), Form(token), Ct))
        {
            Assert.Equal(HttpStatusCode.Redirect, revokeAll.StatusCode);
        }

        using (var created = await bob.GetAsync(new Uri("/AppPasswords/Created", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
            Assert.EndsWith("/AppPasswords", created.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var stillActive = await ActiveAsync(host, alice.Id);
        Assert.Equal([victim.Id], stillActive.Select(p => p.Id));
    }

    [Fact]
    public async Task CreatedTicket_UsedByAnotherUser_ShowsNothingAndOwnerStillGetsItOnce()
    {
        await using var host = new PortalHost();
        var (_, alice, _) = await host.CreateVerifiedUserAsync("alice");
        var (_, bob, _) = await host.CreateVerifiedUserAsync("bob");
        using var post = await alice.PostFormAsync("/AppPasswords/Create", "/AppPasswords/Create", CreateFields("Laptop"));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);

        // Bob replays Alice's TempData cookie (the ticket) with his own session.
        var tempData = post.Headers.GetValues("Set-Cookie").First(c => c.StartsWith(".AspNetCore.Mvc.CookieTempDataProvider", StringComparison.Ordinal));
        using var stolen = new HttpRequestMessage(HttpMethod.Get, "/AppPasswords/Created");
        stolen.Headers.Add("Cookie", tempData.Split(';')[0]);
        using var bobView = await bob.SendAsync(stolen, Ct);
        Assert.NotEqual(HttpStatusCode.OK, bobView.StatusCode);

        using var first = await alice.GetAsync(new Uri("/AppPasswords/Created", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("no-store", first.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        using var reload = await alice.GetAsync(new Uri("/AppPasswords/Created", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, reload.StatusCode);
    }

    [Theory]
    [InlineData("/AppPasswords")]
    [InlineData("/AppPasswords/Create")]
    [InlineData("/AppPasswords/Created")]
    [InlineData("/AppPasswords/RevokeAll")]
    [InlineData("/AppPasswords/Revoke/6f1c0e0e-4d5a-4c39-9a57-0c0f7f3e2a11")]
    public async Task Anonymous_AnyPage_RedirectsToSignIn(string path)
    {
        await using var host = new PortalHost();
        using var client = host.CreateCookieClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/SignIn", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/AppPasswords/Create")]
    [InlineData("/AppPasswords/RevokeAll")]
    [InlineData("/AppPasswords/Revoke/6f1c0e0e-4d5a-4c39-9a57-0c0f7f3e2a11")]
    public async Task Post_WithoutAntiforgery_BadRequestAndNoEffect(string path)
    {
        await using var host = new PortalHost();
        var (user, client, _) = await host.CreateVerifiedUserAsync("alice");
        var existing = (await host.IssueAsync(user.Id, "Keep me")).AppPassword!;
        var target = path.Replace("6f1c0e0e-4d5a-4c39-9a57-0c0f7f3e2a11", existing.Id.ToString(), StringComparison.Ordinal);
        using var form = new FormUrlEncodedContent(CreateFields("Sneaky"));
        using var response = await client.PostAsync(new Uri(target, UriKind.Relative), form, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([existing.Id], (await ActiveAsync(host, user.Id)).Select(p => p.Id));
    }

    public static TheoryData<string, string, string, string> BadInputs() => new()
    {
        { "", "0", "Imap", "Enter a name." },
        { "   ", "0", "Imap", "Enter a name." },
        { new string('x', 65), "0", "Imap", "The name can have at most 64 characters." },
        { "Good name", "7", "Imap", "Choose an expiry." },
        { "Good name", "-1", "Imap", "Choose an expiry." },
        { "Good name", "99999", "Imap", "Choose an expiry." },
        { "Good name", "abc", "Imap", "Choose an expiry." },
        { "Good name", "0", "1024", "Choose at least one protocol." },
        { "Good name", "0", "-1", "Choose at least one protocol." },
        { "Good name", "0", "", "Choose at least one protocol." },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Create_BadInput_LocalizedErrorAndLabelKept(string label, string expiry, string protocol, string message)
    {
        await using var host = new PortalHost();
        var (user, client, _) = await host.CreateVerifiedUserAsync("alice");
        using var response = await client.PostFormAsync("/AppPasswords/Create", "/AppPasswords/Create", CreateFields(label, expiry, protocol));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains(message, html, StringComparison.Ordinal);
        if (label.Trim().Length > 0)
        {
            Assert.Contains($"value=\"{WebUtility.HtmlEncode(label)}\"", html, StringComparison.Ordinal);
        }

        Assert.Empty(await ActiveAsync(host, user.Id));
    }

    [Fact]
    public async Task Create_ExpiryAbovePolicy_Refused()
    {
        await using var host = new PortalHost().With("AppPasswords:Policy:MaxLifetimeDays", "90");
        var (user, client, _) = await host.CreateVerifiedUserAsync("alice");
        foreach (var expiry in new[] { "0", "365" })
        {
            using var response = await client.PostFormAsync("/AppPasswords/Create", "/AppPasswords/Create", CreateFields("Phone", expiry));
            Assert.Contains("Choose an expiry.", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.Empty(await ActiveAsync(host, user.Id));
    }

    [Fact]
    public async Task Create_DuplicateLabel_LocalizedInChinese()
    {
        await using var host = new PortalHost();
        var (user, client, _) = await host.CreateVerifiedUserAsync("alice");
        await host.IssueAsync(user.Id, "Phone");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        using var response = await client.PostFormAsync("/AppPasswords/Create", "/AppPasswords/Create", CreateFields("Phone"));
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("你已有同名的应用密码。", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Phone\"", html, StringComparison.Ordinal);
        Assert.Single(await ActiveAsync(host, user.Id));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("Robert'); DROP TABLE AppPasswords;--")]
    [InlineData("手机 📱 Ünïcødé")]
    [InlineData("\" onmouseover=\"x")]
    public async Task Create_HostileOrUnicodeLabel_StoredVerbatimAndEncoded(string label)
    {
        await using var host = new PortalHost();
        var (user, client, _) = await host.CreateVerifiedUserAsync("alice");
        using var response = await client.PostFormAsync("/AppPasswords/Create", "/AppPasswords/Create", CreateFields(label));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal([label], (await ActiveAsync(host, user.Id)).Select(p => p.Label));
        var list = await client.GetStringAsync(new Uri("/AppPasswords", UriKind.Relative), Ct);
        Assert.DoesNotContain("<script>alert(1)", list, StringComparison.Ordinal);
        Assert.DoesNotContain("\" onmouseover=\"x", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithoutRegistration_SentToMfaSetup()
    {
        await using var host = new PortalHost();
        await host.CreateUserAsync("carol", "Correct-Horse-42");
        using var client = host.CreateCookieClient();
        await host.SignInAsync(client, "carol", "Correct-Horse-42");
        using var response = await client.GetAsync(new Uri("/AppPasswords/Create", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Mfa/Setup", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_StaleSecondFactor_SentToMfaVerifyThenAllowed()
    {
        await using var host = new PortalHost();
        var clock = host.UseFakeClock(DateTimeOffset.UtcNow);
        var (_, client, key) = await host.CreateVerifiedUserAsync("alice");
        using (var fresh = await client.GetAsync(new Uri("/AppPasswords/Create", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(11)); // past Mfa:StepUpMinutes (10), within the session lifetime
        using (var stale = await client.GetAsync(new Uri("/AppPasswords/Create", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
            Assert.Contains("/Mfa/Verify", stale.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        await host.PassSecondFactorAsync(client, key);
        using var again = await client.GetAsync(new Uri("/AppPasswords/Create", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Create_TwentyParallelAt39_LeavesExactly40()
    {
        await using var host = new PortalHost();
        var (user, client, _) = await host.CreateVerifiedUserAsync("alice");
        for (var i = 0; i < 39; i++)
        {
            Assert.True((await host.IssueAsync(user.Id, $"existing {i}")).Succeeded);
        }

        var token = await PortalHostAccounts.GetAntiforgeryTokenAsync(client, "/AppPasswords/Create");
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var fields = CreateFields($"parallel {i}");
            fields["__RequestVerificationToken"] = token;
            using var form = new FormUrlEncodedContent(fields);
            using var response = await client.PostAsync(new Uri("/AppPasswords/Create", UriKind.Relative), form, Ct);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(Ct));
        }));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Redirect));
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.OK && r.Body.Contains("maximum number of app passwords", StringComparison.Ordinal)));
        Assert.Equal(40, (await ActiveAsync(host, user.Id)).Count);
    }

    private static Dictionary<string, string> CreateFields(string label, string expiry = "0", string protocol = "Imap") => new()
    {
        ["Input.Label"] = label,
        ["Input.ExpiresInDays"] = expiry,
        ["Input.Protocols"] = protocol,
    };

    private static FormUrlEncodedContent Form(string token) => new(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

    private static async Task<List<AppPassword>> ActiveAsync(PortalHost host, Guid userId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var all = await scope.ServiceProvider.GetRequiredService<IListAppPasswordsQuery>().ListAsync(userId, Ct);
        return all.Where(p => p.IsActiveAt(clock.GetUtcNow())).ToList();
    }
}
