using System.Net;
using System.Security.Cryptography;
using AppPasswords.Testing;
using AppPasswords.Web.Hosting;
using AppPasswords.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Events;

namespace AppPasswords.Web.Tests.Hosting;

public class LoggingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Request_WithSecretsInHeadersCookiesQueryAndForm_NoneReachesTheLog()
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();
        var bearer = Unique();
        var cookieSecret = Unique();
        var querySecret = Unique();
        var password = Unique();
        var code = Unique();
        var secret = Unique();

        var form = await AntiforgeryForm.LoadAsync(client, "/Culture", cancellationToken: Ct);
        using var post = form.Post("/Culture?code=" + querySecret, [
            new("Input.Culture", "en"),
            new("Input.ReturnUrl", "/"),
            new("password", password),
            new("code", code),
            new("secret", secret),
        ]);
        post.Headers.Authorization = new("Bearer", bearer);
        post.Headers.Remove("Cookie");
        post.Headers.Add("Cookie", $"{form.CookieHeader}; session={cookieSecret}");
        using var accepted = await client.SendAsync(post, Ct);

        using var forged = new HttpRequestMessage(HttpMethod.Post, new Uri("/Culture", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([new("password", password), new("code", code), new("secret", secret)]),
        };
        forged.Headers.Authorization = new("Bearer", bearer);
        forged.Headers.Add("Cookie", $"session={cookieSecret}");
        using var rejected = await client.SendAsync(forged, Ct);

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        var log = host.Logs.AllText();
        Assert.Equal([302, 400], RequestLogs(host).Select(e => (int)((ScalarValue)e.Properties["StatusCode"]).Value!).Where(s => s != 200));
        foreach (var value in new[] { bearer, cookieSecret, querySecret, password, code, secret, form.Token })
        {
            Assert.DoesNotContain(value, log, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RequestLog_SignedInUser_CarriesUserIdRequestIdAndTraceId()
    {
        await using var host = new PortalHost().WithTestSignIn();
        using var client = host.CreateRawClient();
        var userId = Guid.NewGuid().ToString();
        // /Culture is exempt from the MFA interrupt, so the signed-in request is answered by the page itself.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/Culture", UriKind.Relative));
        request.Headers.Add(TestSignIn.UserHeader, userId);

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var completed = Assert.Single(RequestLogs(host));
        Assert.Equal(userId, ((ScalarValue)completed.Properties["UserId"]).Value);
        Assert.False(string.IsNullOrEmpty(((ScalarValue)completed.Properties["RequestId"]).Value?.ToString()));
        Assert.Matches("^[0-9a-f]{32}$", ((ScalarValue)completed.Properties["TraceId"]).Value?.ToString());
    }

    [Fact]
    public async Task RequestLog_Anonymous_HasNoUserId()
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);

        var completed = Assert.Single(RequestLogs(host));
        Assert.False(completed.Properties.ContainsKey("UserId"));
    }

    [Fact]
    public async Task LogEvent_WithSecretNamedProperties_IsMaskedInMessageAndProperties()
    {
        await using var host = new PortalHost();
        host.Start();
        var password = Unique();
        var code = Unique();
        var apiKey = Unique();
        var nested = Unique();
        var logger = host.Services.GetRequiredService<ILogger<LoggingTests>>();

#pragma warning disable CA1848, CA2254, CA1873 // The test logs ad-hoc templates on purpose, like any careless caller would.
        logger.LogInformation("Sign-in {Password} {VerificationCode} {Api_Key} {StatusCode} {@Request}",
            password, code, apiKey, 200, new { UserName = "alice", ClientSecret = nested });
#pragma warning restore CA1848, CA2254, CA1873

        var log = host.Logs.AllText();
        foreach (var value in new[] { password, code, apiKey, nested })
        {
            Assert.DoesNotContain(value, log, StringComparison.Ordinal);
        }

        var logged = Assert.Single(host.Logs.Events, e => e.MessageTemplate.Text.StartsWith("Sign-in", StringComparison.Ordinal));
        Assert.Equal(SecretRedactingEnricher.Mask, ((ScalarValue)logged.Properties["Password"]).Value);
        Assert.Equal(200, ((ScalarValue)logged.Properties["StatusCode"]).Value);
        Assert.Contains("alice", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Password", true)]
    [InlineData("newPassword", true)]
    [InlineData("db_passwd", true)]
    [InlineData("ClientSecret", true)]
    [InlineData("access_token", true)]
    [InlineData("Authorization", true)]
    [InlineData("Cookie", true)]
    [InlineData("SetCookie", true)]
    [InlineData("Code", true)]
    [InlineData("VerificationCode", true)]
    [InlineData("api-key", true)]
    [InlineData("ApiKey", true)]
    [InlineData("Otp", true)]
    [InlineData("TotpSeed", true)]
    [InlineData("ConnectionString", true)]
    [InlineData("QueryString", true)]
    [InlineData("StatusCode", false)]
    [InlineData("KeyId", false)]
    [InlineData("RequestPath", false)]
    [InlineData("Encoding", false)]
    [InlineData("Monkey", false)]
    [InlineData("UserId", false)]
    [InlineData("Elapsed", false)]
    public void IsSensitive_PropertyName_MatchesSecretLookingNamesOnly(string name, bool expected) =>
        Assert.Equal(expected, SecretRedactingEnricher.IsSensitive(name));

    private static IEnumerable<LogEvent> RequestLogs(PortalHost host) =>
        host.Logs.Events.Where(e => e.MessageTemplate.Text.StartsWith("HTTP {RequestMethod}", StringComparison.Ordinal));

    private static string Unique() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}
