using System.Collections.Concurrent;
using System.Net;
using AppPasswords.Testing;
using AppPasswords.Web.Tests.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AppPasswords.Web.Tests.Hosting;

/// <summary>
/// The lean <c>/api</c> branch (PipelineSetup) relies on an internal WebApplication mark to stop the framework from
/// adding cookie authentication in front of the whole pipeline. These tests fail if that ever changes: no
/// authentication handler may even be asked for on <c>/api</c>, whatever cookie comes with the request, while pages
/// still authenticate the portal cookie.
/// </summary>
public class ServiceApiPipelineTests
{
    [Fact]
    public async Task Verify_WithPortalCookieOrForgedCookie_RunsNoAuthenticationHandlerWhilePagesStillAuthenticate()
    {
        var handlerRequests = new ConcurrentQueue<string>();
        var validatedPaths = new ConcurrentQueue<string>();
        await using var host = new PortalHost().WithServices(s =>
        {
            s.Replace(ServiceDescriptor.Scoped<IAuthenticationHandlerProvider>(sp =>
                new RecordingHandlerProvider(new AuthenticationHandlerProvider(sp.GetRequiredService<IAuthenticationSchemeProvider>()), handlerRequests)));
            s.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                var inner = o.Events.OnValidatePrincipal;
                o.Events.OnValidatePrincipal = context =>
                {
                    validatedPaths.Enqueue(context.HttpContext.Request.Path);
                    return inner(context);
                };
            });
        });
        var user = await host.CreateRegisteredUserAsync("alice", "correct horse battery staple");
        using var browser = host.CreateCookieClient();
        await host.SignInAsync(browser, "alice", "correct horse battery staple");
        var key = (await host.AddServiceKeyAsync()).Key;
        var password = (await host.IssueAsync(user.Id)).Password!;
        var body = new { user = "alice", password, protocol = "imap" };

        using (var page = await browser.GetAsync("/AppPasswords", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        Assert.Contains("/AppPasswords", validatedPaths);
        Assert.Contains(handlerRequests, path => path == "/AppPasswords");

        handlerRequests.Clear();
        validatedPaths.Clear();
        // The signed-in browser's real portal cookie, then a forged one, sent to the service API.
        using (var withPortalCookie = await browser.VerifyAsync(key, body))
        {
            Assert.Equal(HttpStatusCode.OK, withPortalCookie.StatusCode);
        }

        using var raw = host.CreateRawClient();
        foreach (var cookie in new[] { "__Host-AppPasswords=forged", "AppPasswords=CfDJ8" + new string('A', 400), "AppPasswords=" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/app-passwords/verify") { Content = System.Net.Http.Json.JsonContent.Create(body) };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            request.Headers.Add("Cookie", cookie);
            using var response = await raw.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Empty(handlerRequests);
        Assert.Empty(validatedPaths);
    }

    /// <summary>Records the request path whenever an authentication handler is asked for.</summary>
    private sealed class RecordingHandlerProvider(IAuthenticationHandlerProvider inner, ConcurrentQueue<string> paths) : IAuthenticationHandlerProvider
    {
        public Task<IAuthenticationHandler?> GetHandlerAsync(HttpContext context, string authenticationScheme)
        {
            paths.Enqueue(context.Request.Path);
            return inner.GetHandlerAsync(context, authenticationScheme);
        }
    }
}
