using System.Net;
using AppPasswords.Testing;
using AppPasswords.Web.Hosting;
using AppPasswords.Web.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.Hosting;

public class SecurityBaselineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/css/site.css")]
    [InlineData("/health/live")]
    [InlineData("/does-not-exist")]
    public async Task Response_AnyPath_CarriesSecurityHeaders(string path)
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, csp);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("base-uri 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HomePage_Html_HasNoInlineScriptStyleOrHandlers()
    {
        await using var host = new PortalHost().WithTestSignIn();
        using var client = host.CreateRawClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        request.Headers.Add(TestSignIn.UserHeader, Guid.NewGuid().ToString());

        using var response = await client.SendAsync(request, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", html);
        Assert.DoesNotMatch("\\son[a-z]+\\s*=", html);
        Assert.DoesNotMatch("\\sstyle\\s*=", html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnknownPath_Returns404WithFriendlyLocalizedPage()
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/no/such/page", UriKind.Relative));
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");

        using var response = await client.SendAsync(request, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("找不到页面", html, StringComparison.Ordinal);
        Assert.Contains("value=\"/no/such/page\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusCodePage_RequestedDirectly_AnswersWithThatStatus()
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();

        using var response = await client.GetAsync(new Uri("/StatusCode/403", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Access denied", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnhandledException_OutsideDevelopment_ShowsFriendlyPageWithRequestIdAndNoDetails()
    {
        var marker = "boom-" + Guid.NewGuid().ToString("N");
        await using var host = new PortalHost("Production")
            .WithServices(s => s.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.Filters.Add(new ThrowingPageFilter("/Culture", marker))));
        using var client = host.CreateRawClient();

        using var response = await client.GetAsync(new Uri("/Culture?boom=1", UriKind.Relative), Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Something went wrong", html, StringComparison.Ordinal);
        Assert.Matches("class=\"request-id\">[^<]+</code>", html);
        Assert.DoesNotContain(marker, html, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", html, StringComparison.Ordinal);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Header(response, "Content-Security-Policy"));
    }

    [Theory]
    [InlineData("/Culture")]
    [InlineData("/")]
    public async Task Post_WithoutAntiforgeryToken_IsRejectedWith400(string path)
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();

        using var response = await client.PostAsync(
            new Uri(path, UriKind.Relative),
            new FormUrlEncodedContent([new("Input.Culture", "zh-CN"), new("Input.ReturnUrl", "/")]),
            Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Post_WithTokenFromAnotherBrowser_IsRejectedWith400()
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();
        var mine = await AntiforgeryForm.LoadAsync(client, "/Culture", cancellationToken: Ct);
        var theirs = await AntiforgeryForm.LoadAsync(client, "/Culture", cancellationToken: Ct);
        var forged = mine with { Token = theirs.Token };

        using var request = forged.Post("/Culture", [new("Input.Culture", "zh-CN")]);
        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{name} header missing on {response.RequestMessage?.RequestUri}");

    /// <summary>Adds, behind the portal's own pipeline, a path that throws, to exercise the exception handler.</summary>
    /// <summary>Throws inside a real page request (every unknown path is answered by the 404 fallback endpoint).</summary>
    private sealed class ThrowingPageFilter(string path, string message) : Microsoft.AspNetCore.Mvc.Filters.IResourceFilter
    {
        public void OnResourceExecuting(Microsoft.AspNetCore.Mvc.Filters.ResourceExecutingContext context)
        {
            var request = context.HttpContext.Request;
            if (request.Path == path && request.Query.ContainsKey("boom"))
            {
                throw new InvalidOperationException(message);
            }
        }

        public void OnResourceExecuted(Microsoft.AspNetCore.Mvc.Filters.ResourceExecutedContext context)
        {
        }
    }
}
