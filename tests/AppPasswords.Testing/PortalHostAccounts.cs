using System.Net;
using System.Text.RegularExpressions;
using AppPasswords.Core.Users;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Testing;

/// <summary>Built-in directory users and signed-in clients for tests of any feature.</summary>
public static partial class PortalHostAccounts
{
    /// <summary>Creates a local user (password must pass the policy: 8+ characters, not a common password).</summary>
    public static async Task<User> CreateUserAsync(this PortalHost host, string userName, string password, bool admin = false, string? displayName = null, string? email = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        host.Start();
        await using var scope = host.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ILocalUserDirectory>()
            .CreateAsync(new NewLocalUser(userName, displayName, email, admin), password);
        return result.User ?? throw new InvalidOperationException($"Could not create user '{userName}': {result.Error}.");
    }

    /// <summary>A client against the host that keeps cookies and does not follow redirects.</summary>
    public static HttpClient CreateCookieClient(this PortalHost host, CookieContainer? cookies = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies ?? new CookieContainer() })
        {
            BaseAddress = host.Start(),
        };
    }

    /// <summary>
    /// Signs <paramref name="client"/> in through the real form; throws unless the portal redirected away from it.
    /// For users registered with <see cref="MfaTestAccounts.CreateRegisteredUserAsync"/> it also passes the second-factor check.
    /// </summary>
    public static async Task SignInAsync(this PortalHost host, HttpClient client, string userName, string password)
    {
        using var response = await host.PostSignInAsync(client, userName, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in of '{userName}' failed with {(int)response.StatusCode}.");
        }

        if (host.KeyFor(userName) is { } key)
        {
            await host.PassSecondFactorAsync(client, key);
        }
    }

    /// <summary>Posts the sign-in form (with a fresh antiforgery token) and returns the raw response.</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(this PortalHost host, HttpClient client, string userName, string password, string? returnUrl = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(client);
        var token = await GetAntiforgeryTokenAsync(client, "/Account/SignIn");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        });
        var path = returnUrl is null ? "/Account/SignIn" : "/Account/SignIn?returnUrl=" + Uri.EscapeDataString(returnUrl);
        return await client.PostAsync(new Uri(path, UriKind.Relative), form);
    }

    /// <summary>Posts a form with the antiforgery token of the page at <paramref name="pagePath"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pagePath, string postPath, IDictionary<string, string>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var values = new Dictionary<string, string>(fields ?? new Dictionary<string, string>())
        {
            ["__RequestVerificationToken"] = await GetAntiforgeryTokenAsync(client, pagePath),
        };
        using var form = new FormUrlEncodedContent(values);
        return await client.PostAsync(new Uri(postPath, UriKind.Relative), form);
    }

    /// <summary>Reads the antiforgery token from the page's first form.</summary>
    public static async Task<string> GetAntiforgeryTokenAsync(HttpClient client, string pagePath)
    {
        ArgumentNullException.ThrowIfNull(client);
        var html = await client.GetStringAsync(new Uri(pagePath, UriKind.Relative));
        return ExtractAntiforgeryToken(html) ?? throw new InvalidOperationException($"No antiforgery token on {pagePath}.");
    }

    public static string? ExtractAntiforgeryToken(string html)
    {
        var match = TokenPattern().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
