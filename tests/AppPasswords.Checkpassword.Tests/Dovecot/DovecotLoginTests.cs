using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.ServiceKeys;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using AppPasswords.Testing;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Checkpassword.Tests.Dovecot;

/// <summary>Dovecot checking logins with the checkpassword adapter (<c>passdb-checkpassword.conf</c>).</summary>
public sealed class CheckpasswordDovecotLoginTests() : DovecotLoginTests(PassdbBackend.Checkpassword, "Login failed (status=1)");

/// <summary>Dovecot checking logins with the Lua passdb (<c>passdb-lua.conf</c>, <c>apppasswords-passdb.lua</c>).</summary>
public sealed class LuaDovecotLoginTests() : DovecotLoginTests(PassdbBackend.Lua, "Password mismatch");

/// <summary>
/// End to end: the real portal (verify API, SQLite, service key made by the app's own command), a real Dovecot with the
/// shipped configuration and one of the shipped passdbs, and MailKit logging in over IMAP with STARTTLS.
/// </summary>
public abstract class DovecotLoginTests(PassdbBackend passdb, string rejectionLogLine) : IAsyncLifetime
{
    private readonly PortalHost portal = new();
    private DovecotInstance? dovecot;
    private User alice = null!;

    public async ValueTask InitializeAsync()
    {
        DovecotServerTroubleTests.SkipWithoutDovecot(passdb);
        portal.UseFakeClock(DateTimeOffset.UtcNow);
        var address = portal.Start();
        alice = await AddUserAsync("alice");
        string serviceKey;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            serviceKey = (await scope.ServiceProvider.GetRequiredService<ICreateServiceKeyCommand>().CreateAsync("dovecot", null, TestContext.Current.CancellationToken)).Key;
        }

        dovecot = await DovecotInstance.StartAsync(new Uri(address, "api/v1/app-passwords/verify"), serviceKey, TestContext.Current.CancellationToken, passdb);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        try
        {
            if (dovecot is not null)
            {
                await dovecot.DisposeAsync();
            }
        }
        finally
        {
            await portal.DisposeAsync();
        }
    }

    [Fact]
    public async Task Login_FreshImapPassword_Succeeds()
    {
        var ct = TestContext.Current.CancellationToken;
        var password = await IssueAsync("Phone", AppPasswordProtocols.Imap | AppPasswordProtocols.Smtp);

        using var client = await dovecot!.LoginAsync("alice@contoso.example", password, ct);

        Assert.True(client.IsAuthenticated);
        await client.Inbox.OpenAsync(MailKit.FolderAccess.ReadWrite, ct);
        await client.DisconnectAsync(quit: true, ct);
        Assert.Contains("Login: user=<alice@contoso.example>", dovecot.ReadLog(), StringComparison.Ordinal);
        Assert.DoesNotContain(password, dovecot.ReadLog(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WrongRevokedExpiredOrSmtpOnlyPassword_IsRejectedAsAuthenticationFailure()
    {
        var ct = TestContext.Current.CancellationToken;
        var good = await IssueAsync("Laptop", AppPasswordProtocols.Imap);
        var revoked = await IssueAsync("Old phone", AppPasswordProtocols.Imap, revoke: true);
        var expiring = await IssueAsync("Tablet", AppPasswordProtocols.Imap, TimeSpan.FromDays(1));
        var smtpOnly = await IssueAsync("Scanner", AppPasswordProtocols.Smtp);
        portal.Clock!.Advance(TimeSpan.FromDays(2));

        foreach (var (label, password) in new[] { ("wrong", good[..^4] + "zzzz"), ("revoked", revoked), ("expired", expiring), ("smtp only", smtpOnly) })
        {
            var error = await Assert.ThrowsAsync<AuthenticationException>(() => dovecot!.LoginAsync("alice@contoso.example", password, ct));
            Assert.True(error.Message.Contains("Authentication failed", StringComparison.Ordinal), $"{label}: {error.Message}");
        }

        using var client = await dovecot!.LoginAsync("alice@contoso.example", good, ct);
        Assert.True(client.IsAuthenticated);
        Assert.Contains(rejectionLogLine, dovecot.ReadLog(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostfixSocket_SmtpScopedPassword_AcceptedOnlyForSmtp()
    {
        var ct = TestContext.Current.CancellationToken;
        var smtpOnly = await IssueAsync("Scanner", AppPasswordProtocols.Smtp);
        var imapOnly = await IssueAsync("Reader", AppPasswordProtocols.Imap);

        var smtp = await dovecot!.AuthenticateAsPostfixAsync("alice@contoso.example", smtpOnly, ct);
        var imapOverSmtp = await dovecot.AuthenticateAsPostfixAsync("alice@contoso.example", imapOnly, ct);

        Assert.True(smtp.ExitCode == 0, smtp.Output);
        Assert.True(imapOverSmtp.ExitCode != 0, imapOverSmtp.Output);
        await Assert.ThrowsAsync<AuthenticationException>(() => dovecot.LoginAsync("alice@contoso.example", smtpOnly, ct));
    }

    [Fact]
    public async Task Login_VerifyApiStopped_TemporaryFailureNotWrongPassword()
    {
        var ct = TestContext.Current.CancellationToken;
        var password = await IssueAsync("Phone", AppPasswordProtocols.Imap);
        await portal.DisposeAsync();

        var error = await Assert.ThrowsAsync<AuthenticationException>(() => dovecot!.LoginAsync("alice@contoso.example", password, ct));

        Assert.Contains("Temporary authentication failure", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Authentication failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("verify API unreachable", dovecot!.ReadLog(), StringComparison.Ordinal);
    }

    private async Task<User> AddUserAsync(string userName)
    {
        await using var scope = portal.Services.CreateAsyncScope();
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

    private async Task<string> IssueAsync(string label, AppPasswordProtocols protocols, TimeSpan? lifetime = null, bool revoke = false)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IIssueAppPasswordCommand>()
            .IssueAsync(new IssueAppPasswordRequest(alice.Id, label, lifetime, protocols), TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.Error?.ToString());
        if (revoke)
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<IRevokeAppPasswordCommand>().RevokeAsync(alice.Id, result.AppPassword!.Id, TestContext.Current.CancellationToken));
        }

        return result.Password!;
    }
}
