using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Audit;
using static AppPasswords.Core.Tests.AppPasswords.AppPasswordFixture;

namespace AppPasswords.Core.Tests.AppPasswords;

public class IssueAppPasswordCommandTests
{
    [Fact]
    public async Task IssueAsync_Valid_StoresOnlyHashAuditsNotifiesAndReturnsPasswordOnce()
    {
        var f = new AppPasswordFixture();

        var result = await f.IssueAsync(Alice, "  Outlook on laptop ");

        Assert.True(result.Succeeded);
        Assert.Equal(28, result.Password!.Length);
        var row = Assert.Single(f.Store.Rows);
        Assert.Equal("Outlook on laptop", row.Label);
        Assert.Equal(f.Clock.GetUtcNow(), row.CreatedAt);
        Assert.Null(row.ExpiresAt);
        Assert.Equal(1, row.HashVersion);
        Assert.Equal("k1", row.HashKeyId);
        Assert.True(f.Hasher.Verify(result.Password, row.HashVersion, row.HashKeyId, row.Hash, Core.Security.HashPurpose.AppPassword));
        var created = Assert.Single(f.Audit.Events);
        Assert.Equal(AuditEventTypes.AppPasswordCreated, created.EventType);
        Assert.DoesNotContain(result.Password, created.Details!, StringComparison.Ordinal);
        Assert.Equal([row.Id], f.Notifier.Notified);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tab\there")]
    public async Task IssueAsync_InvalidLabel_Fails(string label)
    {
        var f = new AppPasswordFixture();
        Assert.Equal(IssueAppPasswordError.InvalidLabel, (await f.IssueAsync(Alice, label)).Error);
        Assert.Equal(IssueAppPasswordError.InvalidLabel, (await f.IssueAsync(Alice, new string('x', 65))).Error);
        Assert.True((await f.IssueAsync(Alice, new string('x', 64))).Succeeded);
    }

    [Fact]
    public async Task IssueAsync_DuplicateLabelAnyCase_FailsButAnotherUserMayUseIt()
    {
        var f = new AppPasswordFixture();
        await f.IssueAsync(Alice, "Phone");

        Assert.Equal(IssueAppPasswordError.DuplicateLabel, (await f.IssueAsync(Alice, "PHONE")).Error);
        Assert.True((await f.IssueAsync(Bob, "Phone")).Succeeded);
    }

    [Fact]
    public async Task IssueAsync_LabelOfRevokedPassword_CanBeReused()
    {
        var f = new AppPasswordFixture();
        var first = await f.IssueAsync(Alice, "Phone");
        await f.Revoke.RevokeAsync(Alice, first.AppPassword!.Id, TestContext.Current.CancellationToken);

        Assert.True((await f.IssueAsync(Alice, "Phone")).Succeeded);
    }

    [Fact]
    public async Task IssueAsync_AtLimit_FailsUntilOneIsRevokedOrExpires()
    {
        var f = new AppPasswordFixture();
        f.Policy.Policy = AppPasswordPolicy.Default with { MaxActivePerUser = 3 };
        var first = await f.IssueAsync(Alice, "a", TimeSpan.FromDays(30));
        await f.IssueAsync(Alice, "b");
        await f.IssueAsync(Alice, "c");

        Assert.Equal(IssueAppPasswordError.LimitReached, (await f.IssueAsync(Alice, "d")).Error);
        Assert.True((await f.IssueAsync(Bob, "d")).Succeeded);

        f.Clock.Advance(TimeSpan.FromDays(30));
        Assert.True((await f.IssueAsync(Alice, "d")).Succeeded);
        Assert.Equal(AppPasswordStatus.Expired, first.AppPassword!.StatusAt(f.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task IssueAsync_LifetimeLongerThanPolicy_IsCapped()
    {
        var f = new AppPasswordFixture();
        f.Policy.Policy = AppPasswordPolicy.Default with { MaxLifetime = TimeSpan.FromDays(90) };
        var now = f.Clock.GetUtcNow();

        Assert.Equal(now.AddDays(90), (await f.IssueAsync(Alice, "never", null)).AppPassword!.ExpiresAt);
        Assert.Equal(now.AddDays(90), (await f.IssueAsync(Alice, "year", TimeSpan.FromDays(365))).AppPassword!.ExpiresAt);
        Assert.Equal(now.AddDays(30), (await f.IssueAsync(Alice, "month", TimeSpan.FromDays(30))).AppPassword!.ExpiresAt);
    }

    [Fact]
    public async Task IssueAsync_PolicyDisabledOrUserBlocked_Fails()
    {
        var f = new AppPasswordFixture();
        f.Policy.Blocked.Add(Bob);
        Assert.Equal(IssueAppPasswordError.Blocked, (await f.IssueAsync(Bob)).Error);

        f.Policy.Policy = AppPasswordPolicy.Default with { Enabled = false };
        Assert.Equal(IssueAppPasswordError.Disabled, (await f.IssueAsync(Alice)).Error);
        Assert.Empty(f.Store.Rows);
    }

    [Fact]
    public async Task IssueAsync_ProtocolsNoneOrNotAllowed_Fails()
    {
        var f = new AppPasswordFixture();
        f.Policy.Policy = AppPasswordPolicy.Default with { AllowedProtocols = AppPasswordProtocols.Imap | AppPasswordProtocols.Smtp };

        Assert.Equal(IssueAppPasswordError.NoProtocol, (await f.IssueAsync(Alice, protocols: AppPasswordProtocols.None)).Error);
        Assert.Equal(IssueAppPasswordError.ProtocolNotAllowed, (await f.IssueAsync(Alice, protocols: AppPasswordProtocols.Pop3 | AppPasswordProtocols.Imap)).Error);
        Assert.True((await f.IssueAsync(Alice, protocols: AppPasswordProtocols.Imap)).Succeeded);
    }

    [Fact]
    public async Task IssueAsync_TwoPasswords_AreDifferent()
    {
        var f = new AppPasswordFixture();
        Assert.NotEqual((await f.IssueAsync(Alice, "a")).Password, (await f.IssueAsync(Alice, "b")).Password);
    }
}
