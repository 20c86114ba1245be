using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Security;
using static AppPasswords.Core.Tests.AppPasswords.AppPasswordFixture;

namespace AppPasswords.Core.Tests.AppPasswords;

public class VerifyAppPasswordCommandTests
{
    [Fact]
    public async Task VerifyAsync_ValidPasswordAsDisplayedInUpperCase_Succeeds()
    {
        var f = new AppPasswordFixture();
        var issued = await f.IssueAsync(Alice);

        var result = await f.VerifyAsync("ALICE@contoso.example", AppPasswordGenerator.FormatForDisplay(issued.Password!).ToUpperInvariant());

        Assert.True(result.Succeeded);
        Assert.Equal(Alice, result.UserId);
        Assert.Equal("alice@contoso.example", result.UserPrincipalName);
        Assert.Equal(issued.AppPassword!.Id, result.AppPasswordId);
    }

    [Fact]
    public async Task VerifyAsync_RightWrongMalformedRevokedOrMismatchedPassword_DoesTheSameChecks()
    {
        var f = new AppPasswordFixture();
        var password = (await f.IssueAsync(Alice, "a")).Password!;
        var revoked = await f.IssueAsync(Alice, "b");
        await f.Revoke.RevokeAsync(Alice, revoked.AppPassword!.Id, TestContext.Current.CancellationToken);
        var wrong = (password[0] == 'a' ? "b" : "a") + password[1..];

        foreach (var (user, candidate) in new[] { ("alice", password), ("alice", wrong), ("alice", "not an app password"), ("alice", revoked.Password!), ("bob", password) })
        {
            var reads = f.Store.VerificationReads;
            await f.VerifyAsync(user, candidate);
            Assert.Equal(reads + 1, f.Store.VerificationReads);
        }
    }

    [Fact]
    public async Task VerifyAsync_LocalUserName_Succeeds()
    {
        var f = new AppPasswordFixture();
        var issued = await f.IssueAsync(Alice);

        Assert.True((await f.VerifyAsync("alice", issued.Password!)).Succeeded);
    }

    [Fact]
    public async Task VerifyAsync_EachFailure_ReportsItsReason()
    {
        var f = new AppPasswordFixture();
        var issued = await f.IssueAsync(Alice, "a", TimeSpan.FromDays(30), AppPasswordProtocols.Imap);
        var password = issued.Password!;

        Assert.Equal(VerifyAppPasswordFailure.WrongPassword, (await f.VerifyAsync("alice@contoso.example", (password[0] == 'a' ? "b" : "a") + password[1..])).Failure);
        Assert.Equal(VerifyAppPasswordFailure.WrongPassword, (await f.VerifyAsync("alice@contoso.example", "short")).Failure);
        Assert.Equal(VerifyAppPasswordFailure.UserMismatch, (await f.VerifyAsync("bob@contoso.example", password)).Failure);
        Assert.Equal(VerifyAppPasswordFailure.UserMismatch, (await f.VerifyAsync("nobody@contoso.example", password)).Failure);
        Assert.Equal(VerifyAppPasswordFailure.ProtocolNotAllowed, (await f.VerifyAsync("alice@contoso.example", password, AppPasswordProtocols.Smtp)).Failure);

        f.Policy.Policy = AppPasswordPolicy.Default with { AllowedProtocols = AppPasswordProtocols.Smtp };
        Assert.Equal(VerifyAppPasswordFailure.ProtocolNotAllowed, (await f.VerifyAsync("alice@contoso.example", password)).Failure);
        f.Policy.Policy = AppPasswordPolicy.Default with { Enabled = false };
        Assert.Equal(VerifyAppPasswordFailure.Disabled, (await f.VerifyAsync("alice@contoso.example", password)).Failure);
        f.Policy.Policy = AppPasswordPolicy.Default;
        f.Policy.Blocked.Add(Alice);
        Assert.Equal(VerifyAppPasswordFailure.Blocked, (await f.VerifyAsync("alice@contoso.example", password)).Failure);
        f.Policy.Blocked.Clear();
        Assert.True((await f.VerifyAsync("alice@contoso.example", password)).Succeeded);

        f.Clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        Assert.True((await f.VerifyAsync("alice@contoso.example", password)).Succeeded);
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(VerifyAppPasswordFailure.Expired, (await f.VerifyAsync("alice@contoso.example", password)).Failure);
    }

    [Fact]
    public async Task VerifyAsync_AfterRevoke_FailsAsRevoked()
    {
        var f = new AppPasswordFixture();
        var issued = await f.IssueAsync(Alice);
        await f.Revoke.RevokeAsync(Alice, issued.AppPassword!.Id, TestContext.Current.CancellationToken);

        Assert.Equal(VerifyAppPasswordFailure.Revoked, (await f.VerifyAsync("alice@contoso.example", issued.Password!)).Failure);
    }

    [Fact]
    public async Task VerifyAsync_RepeatedUse_RecordsLastUseAtMostOncePerMinuteAndAuditsFirstUseOnce()
    {
        var f = new AppPasswordFixture();
        var issued = await f.IssueAsync(Alice);
        var row = issued.AppPassword!;
        var start = f.Clock.GetUtcNow();

        await f.VerifyAsync("alice@contoso.example", issued.Password!, AppPasswordProtocols.Imap, "192.0.2.1");
        f.Clock.Advance(TimeSpan.FromSeconds(59));
        await f.VerifyAsync("alice@contoso.example", issued.Password!, AppPasswordProtocols.Smtp, "192.0.2.2");

        Assert.Equal(start, row.LastUsedAt);
        Assert.Equal(AppPasswordProtocols.Imap, row.LastUsedProtocol);
        Assert.Equal(1, f.Store.RecordUseCalls);

        f.Clock.Advance(TimeSpan.FromSeconds(1));
        await f.VerifyAsync("alice@contoso.example", issued.Password!, AppPasswordProtocols.Smtp, "192.0.2.2");
        Assert.Equal(start.AddMinutes(1), row.LastUsedAt);
        Assert.Equal(AppPasswordProtocols.Smtp, row.LastUsedProtocol);
        Assert.Equal("192.0.2.2", row.LastUsedIpAddress);
        Assert.Single(f.Audit.Events, e => e.EventType == AuditEventTypes.AppPasswordFirstUsed);
    }

    [Fact]
    public async Task VerifyAsync_ManyFailuresForOneUser_AuditedOncePerMinuteWithSuppressedCount()
    {
        var f = new AppPasswordFixture();
        for (var i = 0; i < 50; i++)
        {
            await f.VerifyAsync("alice@contoso.example", "wrongwrongwrongwrongwrongwron");
        }

        var failures = f.Audit.Events.Where(e => e.EventType == AuditEventTypes.AppPasswordVerifyFailed).ToList();
        var first = Assert.Single(failures);
        Assert.Equal(AuditOutcomes.Failure, first.Outcome);
        Assert.Contains("WrongPassword", first.Details!, StringComparison.Ordinal);

        f.Clock.Advance(TimeSpan.FromMinutes(1));
        await f.VerifyAsync("alice@contoso.example", "wrongwrongwrongwrongwrongwron");
        failures = f.Audit.Events.Where(e => e.EventType == AuditEventTypes.AppPasswordVerifyFailed).ToList();
        Assert.Equal(2, failures.Count);
        Assert.Contains("\"suppressedSinceLastRecord\":49", failures[1].Details!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeAllAsync_RevokesOnlyThatUsersPasswords()
    {
        var f = new AppPasswordFixture();
        var a1 = await f.IssueAsync(Alice, "1");
        var a2 = await f.IssueAsync(Alice, "2");
        var b = await f.IssueAsync(Bob, "1");

        Assert.Equal(2, await f.RevokeAll.RevokeAllAsync(Alice, TestContext.Current.CancellationToken));

        Assert.False((await f.VerifyAsync("alice@contoso.example", a1.Password!)).Succeeded);
        Assert.False((await f.VerifyAsync("alice@contoso.example", a2.Password!)).Succeeded);
        Assert.True((await f.VerifyAsync("bob@contoso.example", b.Password!)).Succeeded);
        Assert.False(await f.Revoke.RevokeAsync(Bob, a1.AppPassword!.Id, TestContext.Current.CancellationToken));
    }
}
