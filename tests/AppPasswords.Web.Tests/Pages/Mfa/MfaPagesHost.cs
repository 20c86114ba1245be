using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using AppPasswords.Core.Mfa;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Messaging;
using AppPasswords.Infrastructure.Persistence;
using AppPasswords.Testing;
using AppPasswords.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AppPasswords.Web.Tests.Pages.Mfa;

/// <summary>
/// The portal with a header sign-in (<c>X-Mfa-User</c>, <c>X-Mfa-Session</c>) and an in-memory second-factor session,
/// so the MFA pages can be exercised before the sign-in feature is merged.
/// </summary>
internal sealed class MfaPagesHost : IAsyncDisposable
{
    public const string Scheme = "MfaTest";

    private MfaPagesHost(PortalHost host) => Host = host;

    public PortalHost Host { get; }

    public InMemorySecondFactorSession Sessions { get; } = new();

    public static async Task<MfaPagesHost> StartAsync(params (string Key, string? Value)[] settings)
    {
        var portal = new PortalHost();
        var pages = new MfaPagesHost(portal);
        foreach (var (key, value) in settings)
        {
            portal.With(key, value);
        }

        portal.UseFakeClock(DateTimeOffset.UtcNow);
        portal.WithServices(services =>
        {
            services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
            }).AddScheme<AuthenticationSchemeOptions, HeaderHandler>(Scheme, _ => { });
            services.Replace(ServiceDescriptor.Singleton<ISecondFactorSession>(pages.Sessions));
        });
        portal.Start();
        await Task.CompletedTask;
        return pages;
    }

    public async Task<UserClient> SignInAsync(string name = "ann")
    {
        var user = new User
        {
            Id = Guid.NewGuid(),
            ExternalKey = "local:" + name + Guid.NewGuid().ToString("N"),
            UserPrincipalName = name + "@contoso.com",
            DisplayName = name,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>();
            db.Add(user);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = Host.Start() };
        client.DefaultRequestHeaders.Add("X-Mfa-User", user.Id.ToString());
        client.DefaultRequestHeaders.Add("X-Mfa-Session", Guid.NewGuid().ToString());
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        return new UserClient(user.Id, client, this);
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

    private sealed class HeaderHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var userId = Request.Headers["X-Mfa-User"].ToString();
            if (string.IsNullOrEmpty(userId))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            Claim[] claims =
            [
                new(PortalClaimTypes.UserId, userId),
                new(PortalClaimTypes.SessionId, Request.Headers["X-Mfa-Session"].ToString()),
                new(PortalClaimTypes.DisplayName, "Ann"),
                new(PortalClaimTypes.UserPrincipalName, "ann@contoso.com"),
            ];
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, MfaPagesHost.Scheme, PortalClaimTypes.DisplayName, PortalClaimTypes.Role));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, MfaPagesHost.Scheme)));
        }
    }
}

internal sealed class InMemorySecondFactorSession : ISecondFactorSession
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> verified = new();

    public Task<DateTimeOffset?> GetLastVerifiedAtAsync(Guid sessionId, CancellationToken cancellationToken = default) =>
        Task.FromResult(verified.TryGetValue(sessionId, out var at) ? at : (DateTimeOffset?)null);

    public Task MarkVerifiedAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        verified[sessionId] = DateTimeOffset.UtcNow;
        return Task.CompletedTask;
    }
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

    public void Dispose() => Http.Dispose();
}
