using MailKit.Security;
using Microsoft.AspNetCore.Http;

namespace AppPasswords.Checkpassword.Tests.Dovecot;

/// <summary>
/// Dovecot with the shipped configuration and each passdb (adapter, Lua), against a verify API stand-in that misbehaves on demand:
/// server trouble must reach the mail client as a temporary failure, never as "wrong password".
/// The journeys against the real portal are in DovecotLoginTests.
/// </summary>
public sealed class DovecotServerTroubleTests
{
    private const string ServiceKey = "svc-key-for-dovecot-tests";

    [Theory]
    [InlineData(PassdbBackend.Checkpassword)]
    [InlineData(PassdbBackend.Lua)]
    public async Task Login_ApiAnswers500_TemporaryFailureNotWrongPassword(PassdbBackend passdb)
    {
        SkipWithoutDovecot(passdb);
        var ct = TestContext.Current.CancellationToken;
        await using var api = await FakeVerifyApi.StartAsync(c =>
        {
            c.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        });
        await using var dovecot = await DovecotInstance.StartAsync(api.VerifyUrl, ServiceKey, ct, passdb);

        var error = await Assert.ThrowsAsync<AuthenticationException>(() => dovecot.LoginAsync("alice@contoso.com", "abcd-efgh-ijkl-mnop", ct));

        Assert.Contains("Temporary authentication failure", error.Message, StringComparison.Ordinal);
        var log = dovecot.ReadLog();
        Assert.True(log.Contains("verify API answered 500", StringComparison.Ordinal), log);
    }

    [Theory]
    [InlineData(PassdbBackend.Checkpassword)]
    [InlineData(PassdbBackend.Lua)]
    public async Task Login_ApiAccepts_SessionRunsUnderCanonicalUserAndLogHoldsNoSecret(PassdbBackend passdb)
    {
        SkipWithoutDovecot(passdb);
        var ct = TestContext.Current.CancellationToken;
        await using var api = await FakeVerifyApi.StartAsync(c =>
        {
            c.Response.ContentType = "application/json";
            return c.Response.WriteAsync("""{"userId":"1","userPrincipalName":"alice@contoso.com","appPasswordId":"9"}""");
        });
        await using var dovecot = await DovecotInstance.StartAsync(api.VerifyUrl, ServiceKey, ct, passdb);

        using (var client = await dovecot.LoginAsync("alice", "abcd-efgh-ijkl-mnop", ct))
        {
            Assert.True(client.IsAuthenticated);
            await client.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly, ct);
            await client.DisconnectAsync(quit: true, ct);
        }

        var (authorization, body) = Assert.Single(api.Requests);
        Assert.Equal("Bearer " + ServiceKey, authorization);
        Assert.Contains("\"protocol\":\"imap\"", body, StringComparison.Ordinal);
        Assert.Contains("\"remoteIp\":\"127.0.0.1\"", body, StringComparison.Ordinal);
        var log = dovecot.ReadLog();
        Assert.Contains("Login: user=<alice@contoso.com>", log, StringComparison.Ordinal);
        Assert.DoesNotContain("abcd-efgh-ijkl-mnop", log, StringComparison.Ordinal);
        Assert.DoesNotContain(ServiceKey, log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PassdbBackend.Checkpassword)]
    [InlineData(PassdbBackend.Lua)]
    public async Task PostfixSocket_Login_VerifiesWithSmtpScope(PassdbBackend passdb)
    {
        SkipWithoutDovecot(passdb);
        var ct = TestContext.Current.CancellationToken;
        await using var api = await FakeVerifyApi.StartAsync(async c =>
        {
            using var reader = new StreamReader(c.Request.Body);
            c.Response.ContentType = "application/json";
            await c.Response.WriteAsync("""{"userId":"1","userPrincipalName":"alice@contoso.com","appPasswordId":"9"}""", c.RequestAborted);
        });
        await using var dovecot = await DovecotInstance.StartAsync(api.VerifyUrl, ServiceKey, ct, passdb);

        var (exitCode, output) = await dovecot.AuthenticateAsPostfixAsync("alice", "abcd-efgh-ijkl-mnop", ct);

        Assert.True(exitCode == 0, output);
        Assert.Contains("\"protocol\":\"smtp\"", Assert.Single(api.Requests).Body, StringComparison.Ordinal);
    }

    internal static void SkipWithoutDovecot(PassdbBackend passdb)
    {
        if (DovecotInstance.MissingReason(passdb) is { } reason)
        {
            Assert.Skip(reason);
        }
    }
}
