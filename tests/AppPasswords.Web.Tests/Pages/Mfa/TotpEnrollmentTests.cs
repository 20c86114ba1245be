using System.Net;
using System.Text.RegularExpressions;
using AppPasswords.Core.Mfa;
using AppPasswords.Testing;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Web.Tests.Pages.Mfa;

/// <summary>
/// An authenticator set-up belongs to the sign-in session that started it and expires; the set-up and security info
/// pages need a recent second factor even to be seen once the user has a sign-in method.
/// </summary>
public partial class TotpEnrollmentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/Mfa/Setup/Authenticator")]
    [InlineData("/Mfa/Setup/Phone")]
    [InlineData("/Mfa/Setup/Contact")]
    [InlineData("/SecurityInfo")]
    public async Task SetupOrSecurityPage_PasswordOnlySessionOfRegisteredUser_RedirectsToVerifyAndPlantsNoSeed(string page)
    {
        await using var host = await MfaPagesHost.StartAsync();
        await host.Host.CreateRegisteredUserAsync("ann", MfaPagesHost.Password);
        using var client = host.Host.CreateCookieClient();
        using var signIn = await host.Host.PostSignInAsync(client, "ann", MfaPagesHost.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        using var response = await client.GetAsync(new Uri(page, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Mfa/Verify?returnUrl=" + Uri.EscapeDataString(page), response.Headers.Location?.OriginalString);
        Assert.DoesNotContain("totp-key", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(0, await host.QueryAsync(db => db.Set<MfaMethod>().CountAsync(m => m.ActivatedAt == null, Ct)));
    }

    [Fact]
    public async Task ChangeContactPage_PasswordOnlySessionOfRegisteredUser_RedirectsToVerify()
    {
        await using var host = await MfaPagesHost.StartAsync();
        var ann = await host.Host.CreateRegisteredUserAsync("ann", MfaPagesHost.Password);
        var contactId = await host.QueryAsync(db => db.Set<Core.Contacts.ContactMethod>().Where(c => c.UserId == ann.Id).Select(c => c.Id).SingleAsync(Ct));
        using var client = host.Host.CreateCookieClient();
        using var signIn = await host.Host.PostSignInAsync(client, "ann", MfaPagesHost.Password);

        using var response = await client.GetAsync(new Uri($"/SecurityInfo/ChangeContact/{contactId}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Mfa/Verify?returnUrl=", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthenticatorSetup_RegisteredUserAfterStepUp_GetsAFreshSeedAndAddsASecondApp()
    {
        await using var host = await MfaPagesHost.StartAsync();
        await host.Host.CreateRegisteredUserAsync("ann", MfaPagesHost.Password);
        using var ann = await host.SignInExistingAsync(Guid.Empty, "ann");

        var (page, body) = await ann.GetAsync("/Mfa/Setup/Authenticator");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var seed = SeedOn(body);
        var (activated, _) = await ann.PostAsync("/Mfa/Setup/Authenticator", null, ("Input.Code", TotpAuthenticator.ComputeCode(seed, host.Host.Clock!.GetUtcNow())));

        Assert.Equal(HttpStatusCode.Redirect, activated.StatusCode);
        Assert.Equal(2, await host.QueryAsync(db => db.Set<MfaMethod>().CountAsync(m => m.ActivatedAt != null && m.Type == MfaMethodType.Totp, Ct)));
    }

    [Fact]
    public async Task AuthenticatorSetup_TwoSessions_DifferentSeedsAndReloadKeepsOwn()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var first = await host.SignInAsync("ann");
        using var second = await host.SignInExistingAsync(first.UserId, "ann");

        var firstSeed = SeedOn((await first.GetAsync("/Mfa/Setup/Authenticator")).Body);
        var secondSeed = SeedOn((await second.GetAsync("/Mfa/Setup/Authenticator")).Body);
        var firstAgain = SeedOn((await first.GetAsync("/Mfa/Setup/Authenticator")).Body);

        Assert.NotEqual(firstSeed, secondSeed);
        Assert.Equal(firstSeed, firstAgain);
    }

    [Fact]
    public async Task AuthenticatorSetup_StartedInSessionA_CannotBeActivatedInSessionB()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var a = await host.SignInAsync("ann");
        using var b = await host.SignInExistingAsync(a.UserId, "ann");
        var seedA = SeedOn((await a.GetAsync("/Mfa/Setup/Authenticator")).Body);
        var code = TotpAuthenticator.ComputeCode(seedA, host.Host.Clock!.GetUtcNow());

        var (_, refusal) = await b.FollowRefusalAsync(b.PostAsync("/Mfa/Setup/Authenticator", null, ("Input.Code", code)));

        Assert.Equal(0, await host.QueryAsync(db => db.Set<MfaMethod>().CountAsync(m => m.ActivatedAt != null, Ct)));
        Assert.Contains("That code is not correct", refusal, StringComparison.Ordinal);
        var (activated, _) = await a.PostAsync("/Mfa/Setup/Authenticator", null, ("Input.Code", code));
        Assert.Equal("/Mfa/Setup/Contact", activated.Headers.Location?.OriginalString);
        var methods = await host.QueryAsync(db => db.Set<MfaMethod>().ToListAsync(Ct));
        Assert.Equal(seedA, SeedOf(host, Assert.Single(methods)));
        Assert.NotNull(methods[0].ActivatedAt);
        Assert.Null(methods[0].EnrollmentSessionId);
    }

    [Fact]
    public async Task AuthenticatorSetup_Expired_RefusedAndRemovedThenANewSeed()
    {
        await using var host = await MfaPagesHost.StartAsync(("Mfa:TotpEnrollmentLifetime", "00:05:00"));
        using var ann = await host.SignInAsync("ann");
        var seed = SeedOn((await ann.GetAsync("/Mfa/Setup/Authenticator")).Body);
        var token = await PortalHostAccounts.GetAntiforgeryTokenAsync(ann.Http, "/Mfa/Setup/Authenticator");
        host.Host.Clock!.Advance(TimeSpan.FromMinutes(5));

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Code"] = TotpAuthenticator.ComputeCode(seed, host.Host.Clock.GetUtcNow()),
            ["__RequestVerificationToken"] = token,
        });
        using var post = await ann.Http.PostAsync(new Uri("/Mfa/Setup/Authenticator", UriKind.Relative), form, Ct);

        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal(0, await host.QueryAsync(db => db.Set<MfaMethod>().CountAsync(Ct)));
        var (_, shown) = await ann.GetAsync(post.Headers.Location!.OriginalString);
        Assert.Contains("This set-up has expired", shown, StringComparison.Ordinal);
        Assert.NotEqual(seed, SeedOn(shown));
    }

    [Fact]
    public async Task AuthenticatorSetup_ExpiredPendingOfAnotherSession_DeletedWhenASetupStarts()
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var a = await host.SignInAsync("ann");
        using var b = await host.SignInExistingAsync(a.UserId, "ann");
        await a.GetAsync("/Mfa/Setup/Authenticator");
        var startedByA = await host.QueryAsync(db => db.Set<MfaMethod>().Select(m => m.Id).SingleAsync(Ct));
        host.Host.Clock!.Advance(TimeSpan.FromMinutes(10));

        await b.GetAsync("/Mfa/Setup/Authenticator");

        var pending = await host.QueryAsync(db => db.Set<MfaMethod>().Select(m => m.Id).ToListAsync(Ct));
        Assert.NotEqual(startedByA, Assert.Single(pending));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12a456")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("123456' OR '1'='1")]
    [InlineData("123456123456123456123456123456123456123456")]
    public async Task AuthenticatorSetup_MalformedCode_ClearMessageSameSeedNothingCounted(string code)
    {
        await using var host = await MfaPagesHost.StartAsync();
        using var ann = await host.SignInAsync("ann");
        var seed = SeedOn((await ann.GetAsync("/Mfa/Setup/Authenticator")).Body);

        var (_, shown) = await ann.FollowRefusalAsync(ann.PostAsync("/Mfa/Setup/Authenticator", null, ("Input.Code", code)));

        Assert.Contains("Enter the 6-digit code.", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", shown, StringComparison.Ordinal);
        Assert.Equal(seed, SeedOn(shown));
        Assert.Equal(0, await host.QueryAsync(db => db.Set<SecondFactorFailures>().SumAsync(f => f.ConsecutiveFailures, Ct)));
    }

    internal static byte[] SeedOn(string page)
    {
        var match = KeyPattern().Match(page);
        Assert.True(match.Success, "The page shows no authenticator key.");
        return OtpNet.Base32Encoding.ToBytes(match.Groups[1].Value.Replace(" ", "", StringComparison.Ordinal));
    }

    private static byte[] SeedOf(MfaPagesHost host, MfaMethod method) =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ITotpSeedProtector>(host.Host.Services).Unprotect(method.ProtectedSeed!);

    [GeneratedRegex("data-testid=\"totp-key\">([A-Z2-7 ]+)<")]
    private static partial Regex KeyPattern();
}
