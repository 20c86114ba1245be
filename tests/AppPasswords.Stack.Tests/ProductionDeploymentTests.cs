using System.Net;
using System.Text.RegularExpressions;
using AppPasswords.Stack.Tests.Support;
using Microsoft.Playwright;
using OtpNet;
using static Microsoft.Playwright.Assertions;

namespace AppPasswords.Stack.Tests;

/// <summary>
/// The portal deployed as docs/operations.md describes, driven end to end: Chromium through nginx (TLS, round-robin,
/// no stickiness) to two portal processes that share the database and Redis. Proves that a user's journey does not
/// depend on which instance answers a request, that limits and revocations hold across instances, and that losing
/// an instance mid-journey loses nothing.
/// </summary>
public sealed partial class ProductionDeploymentTests(ProductionDeployment stack) : IClassFixture<ProductionDeployment>
{
    [Fact]
    public async Task Journey_AlternatingInstancesThroughNginx_RegistersMfaCreatesCopiesRevokesAndSurvivesLosingOne()
    {
        await stack.EnsureBothRunningAsync();
        var page = await stack.OpenPageAsync();
        var main = page.GetByRole(AriaRole.Main);
        var answered = new List<(string Request, string Upstream)>();
        page.Response += (_, response) =>
        {
            if (response.Request.ResourceType == "document" && response.Headers.TryGetValue(NginxProxy.UpstreamHeader, out var upstream))
            {
                lock (answered)
                {
                    answered.Add(($"{response.Request.Method} {new Uri(response.Url).AbsolutePath}", upstream));
                }
            }
        };

        try
        {
            // Sign in; the session cookie is Secure: the portal saw nginx's https, not its own plain http.
            await page.GotoAsync("/Account/SignIn");
            await main.GetByLabel("User name").FillAsync(ProductionDeployment.UserName);
            await main.GetByLabel("Password").FillAsync(ProductionDeployment.Password);
            await main.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/Mfa/Setup\\?returnUrl="));
            var session = (await page.Context.CookiesAsync()).Single(c => c.Name.EndsWith("AppPasswords", StringComparison.Ordinal));
            Assert.True(session.Secure, $"The session cookie {session.Name} is not Secure: the portal did not take X-Forwarded-Proto from nginx.");

            // MFA registration: authenticator app with the code computed from the key on the page, then an alternate
            // email with the code that arrives over SMTP.
            await main.GetByRole(AriaRole.Link, new() { Name = "Set it up now" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Authenticator app" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/Mfa/Setup/Authenticator$"));
            await page.GetByText("Can't scan the image?").ClickAsync();
            var key = (await page.GetByTestId("totp-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
            await page.GetByLabel("Code", new() { Exact = true }).FillAsync(new Totp(Base32Encoding.ToBytes(key)).ComputeTotp());
            await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/Mfa/Setup/Contact$"));
            const string email = "stack-user@home.example.org";
            await page.GetByLabel("Email address").FillAsync(email);
            await page.GetByRole(AriaRole.Button, new() { Name = "Email me a code" }).ClickAsync();
            var codeMail = await stack.Smtp.WaitForMessageAsync(email, TimeSpan.FromSeconds(60));
            await page.GetByLabel("Code", new() { Exact = true }).FillAsync(SixDigits().Match(codeMail.TextBody ?? "").Value);
            await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Next", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/Mfa/Setup/Done$"));
            await page.GetByRole(AriaRole.Link, new() { Name = "Go to app passwords" }).ClickAsync();
            await ExpectHeadingAsync(page, "My app passwords");

            // Create an app password; the shown-once page, whichever instance serves it, shows it; Copy puts it on the clipboard.
            var first = await CreateAndCopyAsync(page, "Work laptop");

            // Both instances answered pages of this journey (nginx alternates), and each logged its requests.
            string[] upstreams;
            lock (answered)
            {
                upstreams = [.. answered.Select(a => a.Upstream).Distinct()];
            }

            Assert.All(stack.Portals, p => Assert.Contains(p.Upstream, upstreams));
            Assert.All(stack.Portals, p => Assert.True(p.Process!.CountLines("HTTP GET /") > 0, $"{p.Name} logged no page request."));

            // The copied password verifies on each instance directly, as mail servers next to each would call it.
            foreach (var portal in stack.Portals)
            {
                using var ok = await ProductionDeployment.VerifyAsync(portal, stack.ServiceKey, ProductionDeployment.UserName, first, "192.0.2.10");
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            }

            // Revoke it through nginx; the instance that did not handle the revocation refuses it at once, and so does the other.
            await main.GetByRole(AriaRole.Link, new() { Name = "Revoke Work laptop" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/AppPasswords/Revoke/"));
            var revoked = await page.RunAndWaitForResponseAsync(
                () => main.GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync(),
                r => r.Request.Method == "POST" && r.Url.Contains("/AppPasswords/Revoke/", StringComparison.Ordinal));
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "The app password was revoked." })).ToBeVisibleAsync();
            var revokedBy = stack.Portals.Single(p => p.Upstream == revoked.Headers[NginxProxy.UpstreamHeader]);
            foreach (var portal in stack.Portals.OrderBy(p => p == revokedBy))
            {
                using var refused = await ProductionDeployment.VerifyAsync(portal, stack.ServiceKey, ProductionDeployment.UserName, first, "192.0.2.10");
                Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{portal.Name} answered {(int)refused.StatusCode} for a password revoked on {revokedBy.Name}.");
            }

            // Another app password; the instance that created it dies (SIGKILL) before the shown-once page is requested.
            // nginx routes around it, and the surviving instance shows the password.
            PortalProcess? killed = null;
            await page.RouteAsync("**/AppPasswords/Create", async route =>
            {
                if (route.Request.Method != "POST")
                {
                    await route.ContinueAsync();
                    return;
                }

                var response = await route.FetchAsync(new() { MaxRedirects = 0 });
                killed = stack.Portals.Single(p => p.Upstream == response.Headers[NginxProxy.UpstreamHeader]);
                await killed.KillAsync();
                await route.FulfillAsync(new() { Response = response });
            });
            var second = await CreateAndCopyAsync(page, "Phone");
            Assert.NotNull(killed);
            Assert.False(killed.IsRunning);
            var survivor = stack.Portals.Single(p => p != killed);
            lock (answered)
            {
                Assert.Equal(survivor.Upstream, answered[^1].Upstream);
            }

            using (var ok = await ProductionDeployment.VerifyAsync(survivor, stack.ServiceKey, ProductionDeployment.UserName, second, "192.0.2.10"))
            {
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            }
        }
        catch (Exception e) when (e is Xunit.Sdk.XunitException or PlaywrightException or TimeoutException)
        {
            string journey;
            lock (answered)
            {
                journey = string.Join('\n', answered.Select(a => $"{a.Request} <- {a.Upstream}"));
            }

            throw new InvalidOperationException($"{e.Message}\n\nPages and who answered:\n{journey}\n\n{stack.Diagnostics()}", e);
        }
        finally
        {
            await page.Context.DisposeAsync();
        }
    }

    [Fact]
    public async Task VerifyRateLimit_PerUserAlternatingInstances_RefusesTheRequestAfterTheLimitOnBoth()
    {
        await stack.EnsureBothRunningAsync();
        // Wrong passwords for one user name, alternating between the instances, each from its own client address so
        // that only the per-user limit applies.
        const string user = "limit-probe@example.test";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= ProductionDeployment.VerifyPerUserPerMinute + 1; i++)
        {
            using var response = await ProductionDeployment.VerifyAsync(
                stack.Portals[i % 2], stack.ProbeServiceKey, user, $"wrong-password-{i}", $"198.51.100.{i + 1}");
            statuses.Add(response.StatusCode);
        }

        // The limit's worth of refusals (401), then the next failure is refused for the limit (429) on either instance.
        var expected = Enumerable.Repeat(HttpStatusCode.Unauthorized, ProductionDeployment.VerifyPerUserPerMinute)
            .Concat([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests]);
        Assert.Equal(expected, statuses);
    }

    /// <summary>From the list page: Create, a name, Next, the shown-once page; Copy; returns the copied password.</summary>
    private static async Task<string> CreateAndCopyAsync(IPage page, string label)
    {
        var main = page.GetByRole(AriaRole.Main);
        await page.GotoAsync("/AppPasswords/Create");
        await ExpectHeadingAsync(page, "Create app password");
        await main.GetByLabel("Name", new() { Exact = true }).FillAsync(label);
        await main.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/AppPasswords/Created$"));
        await ExpectHeadingAsync(page, "Your new app password");
        var shown = await page.Locator("#app-password").InputValueAsync();
        Assert.Matches("^[a-z]{4}( [a-z]{4})+$", shown);
        await main.GetByRole(AriaRole.Button, new() { Name = "Copy", Exact = true }).ClickAsync();
        await Expect(page.Locator("#copy-status")).ToHaveTextAsync("Copied");
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Equal(shown, copied);
        await page.GotoAsync("/AppPasswords");
        await ExpectHeadingAsync(page, "My app passwords");
        return copied;
    }

    private static Task ExpectHeadingAsync(IPage page, string heading) =>
        Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);

    [GeneratedRegex("(?<![0-9])[0-9]{6}(?![0-9])")]
    private static partial Regex SixDigits();
}
