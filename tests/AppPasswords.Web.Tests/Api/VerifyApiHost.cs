using System.Net.Http.Headers;
using System.Net.Http.Json;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.ServiceKeys;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using AppPasswords.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.Api;

/// <summary>Seeds users, service keys and app passwords in a real <see cref="PortalHost"/> and calls the verify API.</summary>
internal static class VerifyApiHost
{
    public static async Task<User> AddUserAsync(this PortalHost host, string userName)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>();
        var user = new User
        {
            Id = Guid.NewGuid(),
            ExternalKey = "local:" + userName,
            UserPrincipalName = userName + "@contoso.example",
            DisplayName = userName,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Add(user);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return user;
    }

    public static async Task<CreatedServiceKey> AddServiceKeyAsync(this PortalHost host, string label = "dovecot")
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ICreateServiceKeyCommand>().CreateAsync(label, null, TestContext.Current.CancellationToken);
    }

    public static async Task<IssueAppPasswordResult> IssueAsync(this PortalHost host, Guid userId, string label = "Phone", TimeSpan? lifetime = null, AppPasswordProtocols protocols = AppPasswordProtocols.All)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IIssueAppPasswordCommand>()
            .IssueAsync(new IssueAppPasswordRequest(userId, label, lifetime, protocols), TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.Error?.ToString());
        return result;
    }

    public static async Task<T> InScopeAsync<T>(this PortalHost host, Func<AppPasswordsDbContext, Task<T>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>());
    }

    public static Task<HttpResponseMessage> VerifyAsync(this HttpClient client, string? serviceKey, object body) =>
        client.SendVerifyAsync(serviceKey, JsonContent.Create(body));

    public static async Task<HttpResponseMessage> SendVerifyAsync(this HttpClient client, string? serviceKey, HttpContent? content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/app-passwords/verify") { Content = content };
        if (serviceKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serviceKey);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static Task<string> BodyAsync(this HttpResponseMessage response) =>
        response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
}
