using System.Net;
using System.Text.RegularExpressions;
using AppPasswords.Infrastructure.Messaging;
using AppPasswords.Infrastructure.Persistence;
using AppPasswords.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.Pages.Mfa;

/// <summary>
/// The real portal (real sign-in through /Account/SignIn, real server-side sessions) with a fake clock and
/// helpers to read the development outbox.
/// </summary>
internal sealed class MfaPagesHost : IAsyncDisposable
{
    public const string Password = "Blue-Kettle-Orbit-42";

    private MfaPagesHost(PortalHost host) => Host = host;

    public PortalHost Host { get; }

    public static Task<MfaPagesHost> StartAsync(params (string Key, string? Value)[] settings) =>
        StartAsync(new PortalHost(), settings);

    public static Task<MfaPagesHost> StartAsync(PortalHost portal, params (string Key, string? Value)[] settings)
    {
        foreach (var (key, value) in settings)
        {
            portal.With(key, value);
        }

        portal.UseFakeClock(DateTimeOffset.UtcNow);
        portal.Start();
        return Task.FromResult(new MfaPagesHost(portal));
    }

    /// <summary>Creates the local user <paramref name="name"/> and signs a fresh cookie client in through the real form.</summary>
    public async Task<UserClient> SignInAsync(string name = "ann")
    {
        var user = await Host.CreateUserAsync(name, Password, admin: false, email: name + "@contoso.com");
        return await SignInExistingAsync(user.Id, name);
    }

    /// <summary>Signs a fresh cookie client in as an existing local user.</summary>
    public async Task<UserClient> SignInExistingAsync(Guid userId, string name)
    {
        var client = Host.CreateCookieClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        await Host.SignInAsync(client, name, Password);
        return new UserClient(userId, client, this);
    }

    /// <summary>Activates an authenticator app for <paramref name="user"/> through the set-up page; returns its seed.</summary>
    public async Task<byte[]> ActivateAuthenticatorAsync(UserClient user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var (_, page) = await user.GetAsync("/Mfa/Setup/Authenticator");
        var seed = OtpNet.Base32Encoding.ToBytes(Regex.Match(page, "data-testid=\"totp-key\">([A-Z2-7 ]+)<").Groups[1].Value.Replace(" ", "", StringComparison.Ordinal));
        var (activated, _) = await user.PostAsync("/Mfa/Setup/Authenticator", null, ("Input.Code", global::AppPasswords.Core.Mfa.TotpAuthenticator.ComputeCode(seed, Host.Clock!.GetUtcNow())));
        Assert.Equal(HttpStatusCode.Redirect, activated.StatusCode);
        Assert.Equal("/Mfa/Setup/Contact", activated.Headers.Location?.OriginalString);
        return seed;
    }

    public async Task<IReadOnlyList<OutboxMessage>> OutboxAsync()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DevelopmentOutbox>().ListAsync(100, TestContext.Current.CancellationToken);
    }

    public async Task<string> LastCodeSentToAsync(string recipient) =>
        Regex.Match((await OutboxAsync()).First(m => m.Recipient == recipient).Body, "\\b[0-9]{6}\\b").Value;

    public async Task<T> QueryAsync<T>(Func<AppPasswordsDbContext, Task<T>> query)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>());
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

internal sealed record UserClient(Guid UserId, HttpClient Http, MfaPagesHost Host) : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<(HttpResponseMessage Response, string Body)> GetAsync(string path)
    {
        var response = await Http.GetAsync(new Uri(path, UriKind.Relative), Ct);
        return (response, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>GETs <paramref name="page"/> for its antiforgery token, then posts <paramref name="fields"/> to the handler.</summary>
    public Task<(HttpResponseMessage Response, string Body)> PostAsync(string page, string? handler, params (string Key, string Value)[] fields) =>
        PostWithTokenFromAsync(page, page, handler, fields);

    /// <summary>Like <see cref="PostAsync"/> with the antiforgery token taken from <paramref name="tokenPage"/>.</summary>
    public async Task<(HttpResponseMessage Response, string Body)> PostWithTokenFromAsync(string tokenPage, string page, string? handler, params (string Key, string Value)[] fields)
    {
        var (_, html) = await GetAsync(tokenPage);
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token));
        var url = handler is null ? page : page + (page.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "handler=" + handler;
        using var content = new FormUrlEncodedContent(form);
        var response = await Http.PostAsync(new Uri(url, UriKind.Relative), content, Ct);
        return (response, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>
    /// For a refused POST: asserts the post/redirect/get back to the form (refusals redirect too, so reload and back
    /// never resubmit) and returns the page that shows the refusal.
    /// </summary>
    public async Task<(HttpResponseMessage Response, string Body)> FollowRefusalAsync(Task<(HttpResponseMessage Response, string Body)> post)
    {
        ArgumentNullException.ThrowIfNull(post);
        var (response, _) = await post;
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location?.OriginalString ?? "";
        Assert.StartsWith("/", location, StringComparison.Ordinal);
        return await GetAsync(location);
    }

    public void Dispose() => Http.Dispose();
}
