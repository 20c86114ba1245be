using System.Net;
using AppPasswords.Testing;
using AppPasswords.Web.Tests.Pages.Mfa;

namespace AppPasswords.Web.Tests.Pages.Admin;

/// <summary>The Policy page's "allow skip" and "skip days" are the rules the registration interrupt enforces.</summary>
public class PolicySkipTests
{
    private const string Password = MfaPagesHost.Password;

    [Fact]
    public async Task Policy_SkipTurnedOff_SkipNotOfferedAndRefused()
    {
        await using var host = await MfaPagesHost.StartAsync(("Mfa:AllowSkipDays", "7"));
        using var ann = await host.SignInAsync();
        var (_, before) = await ann.GetAsync("/Mfa/Setup");
        Assert.Contains("Skip for now (7 days left)", before, StringComparison.Ordinal);

        await SavePolicyAsync(host, allowSkip: false, days: 7);

        var (_, after) = await ann.GetAsync("/Mfa/Setup");
        Assert.DoesNotContain("Skip for now", after, StringComparison.Ordinal);
        await ann.PostAsync("/Mfa/Setup?returnUrl=%2F", "Skip");
        var (home, _) = await ann.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/Mfa/Setup", home.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_SkipTurnedOffDuringSkip_InterruptShownAgain()
    {
        await using var host = await MfaPagesHost.StartAsync(("Mfa:AllowSkipDays", "7"));
        using var ann = await host.SignInAsync();
        await ann.PostAsync("/Mfa/Setup?returnUrl=%2F", "Skip");
        var (skipping, _) = await ann.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, skipping.StatusCode);

        await SavePolicyAsync(host, allowSkip: false, days: 7);

        var (home, _) = await ann.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/Mfa/Setup", home.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_SkipDaysChanged_SkipOfferedForThatManyDays()
    {
        await using var host = await MfaPagesHost.StartAsync(("Mfa:AllowSkipDays", "0"));
        await SavePolicyAsync(host, allowSkip: true, days: 2);
        var ann = await host.SignInAsync();

        var (_, offered) = await ann.GetAsync("/Mfa/Setup");
        Assert.Contains("Skip for now (2 days left)", offered, StringComparison.Ordinal);
        await ann.PostAsync("/Mfa/Setup?returnUrl=%2F", "Skip");
        Assert.Equal(HttpStatusCode.OK, (await ann.GetAsync("/")).Response.StatusCode);

        host.Host.Clock!.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        ann.Dispose();
        ann = await host.SignInExistingAsync(ann.UserId, "ann");
        var (_, secondDay) = await ann.GetAsync("/Mfa/Setup");
        Assert.Contains("Skip for now (1 days left)", secondDay, StringComparison.Ordinal);
        await ann.PostAsync("/Mfa/Setup?returnUrl=%2F", "Skip");
        Assert.Equal(HttpStatusCode.OK, (await ann.GetAsync("/")).Response.StatusCode);

        host.Host.Clock.Advance(TimeSpan.FromDays(1));
        ann.Dispose();
        ann = await host.SignInExistingAsync(ann.UserId, "ann");
        var (home, _) = await ann.GetAsync("/");
        var (_, over) = await ann.GetAsync("/Mfa/Setup");
        ann.Dispose();

        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.DoesNotContain("Skip for now", over, StringComparison.Ordinal);
    }

    private static async Task SavePolicyAsync(MfaPagesHost host, bool allowSkip, int days)
    {
        if (host.Host.KeyFor("admin") is null)
        {
            await host.Host.CreateRegisteredUserAsync("admin", Password, admin: true);
        }

        using var admin = host.Host.CreateCookieClient();
        await host.Host.SignInAsync(admin, "admin", Password);
        var fields = new Dictionary<string, string>
        {
            ["Input.AppPasswordsEnabled"] = "true",
            ["Input.MaxActivePerUser"] = "10",
            ["Input.MaxLifetimeDays"] = "",
            ["Input.AllowedProtocols"] = "imap",
            ["Input.SkipMfaSetupDays"] = days.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (allowSkip)
        {
            fields["Input.AllowSkipMfaSetup"] = "true";
        }

        using var saved = await admin.PostFormAsync("/Admin/Policy", "/Admin/Policy", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
    }
}
