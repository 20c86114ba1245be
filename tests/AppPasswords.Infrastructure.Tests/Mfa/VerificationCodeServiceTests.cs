using AppPasswords.Core.Contacts;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.Tests.Mfa;

public class VerificationCodeServiceTests
{
    private const string Phone = "+12015550123";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAsync_Sms_DeliversCodeAndStoresOnlyItsSaltedHash()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();

        var result = await Send(bed, user, Phone);

        Assert.Equal(SendCodeStatus.Sent, result.Status);
        var code = bed.Outbox.Last(Phone).Code;
        Assert.Matches("^[0-9]{6}$", code);
        var row = await bed.QueryAsync(db => db.Set<PendingVerification>().SingleAsync(Ct));
        Assert.Equal(32, row.CodeHash.Length);
        Assert.Equal(16, row.CodeSalt.Length);
        Assert.Equal(bed.Clock.GetUtcNow().AddMinutes(10), row.ExpiresAt);
        var raw = await File.ReadAllBytesAsync(Path.Combine(Path.GetDirectoryName(await DbPath(bed))!, "mfa.db"), Ct);
        Assert.DoesNotContain(code, System.Text.Encoding.ASCII.GetString(raw), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_CorrectCode_VerifiedOnceThenRefused()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        await Send(bed, user, Phone);
        var code = bed.Outbox.Last(Phone).Code;

        var first = await Verify(bed, user, code);
        var second = await Verify(bed, user, code);

        Assert.Equal(VerifyCodeStatus.Verified, first.Status);
        Assert.Equal(Phone, first.Target);
        Assert.Equal(VerificationChannel.Sms, first.Channel);
        Assert.Equal(VerifyCodeStatus.NoPendingCode, second.Status);
    }

    [Fact]
    public async Task VerifyAsync_JustBeforeTenMinutes_Verified()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        await Send(bed, user, Phone);
        bed.Clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));

        Assert.Equal(VerifyCodeStatus.Verified, (await Verify(bed, user, bed.Outbox.Last(Phone).Code)).Status);
    }

    [Fact]
    public async Task VerifyAsync_AfterTenMinutes_Expired()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        await Send(bed, user, Phone);
        bed.Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(VerifyCodeStatus.Expired, (await Verify(bed, user, bed.Outbox.Last(Phone).Code)).Status);
        Assert.Equal(VerifyCodeStatus.NoPendingCode, (await Verify(bed, user, bed.Outbox.Last(Phone).Code)).Status);
    }

    [Fact]
    public async Task VerifyAsync_FiveWrongCodes_BurnsCodeEvenForTheRightOne()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        await Send(bed, user, Phone);
        var code = bed.Outbox.Last(Phone).Code;
        var wrong = code == "000000" ? "000001" : "000000";

        var remaining = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var result = await Verify(bed, user, wrong);
            Assert.Equal(VerifyCodeStatus.Invalid, result.Status);
            remaining.Add(result.RemainingAttempts);
        }

        Assert.Equal([4, 3, 2, 1], remaining);
        Assert.Equal(VerifyCodeStatus.TooManyAttempts, (await Verify(bed, user, wrong)).Status);
        Assert.Equal(VerifyCodeStatus.NoPendingCode, (await Verify(bed, user, code)).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12 34")]
    [InlineData("abcdef")]
    [InlineData("1234567")]
    public async Task VerifyAsync_MalformedCode_InvalidWithoutSpendingAnAttempt(string malformed)
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        await Send(bed, user, Phone);

        var result = await Verify(bed, user, malformed);

        Assert.Equal(VerifyCodeStatus.Invalid, result.Status);
        Assert.Equal(5, result.RemainingAttempts);
    }

    [Fact]
    public async Task VerifyAsync_AnotherUsersCode_NoPendingCode()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var ann = await bed.AddUserAsync("ann");
        var bob = await bed.AddUserAsync("bob");
        await Send(bed, ann, Phone);

        Assert.Equal(VerifyCodeStatus.NoPendingCode, (await Verify(bed, bob, bed.Outbox.Last(Phone).Code)).Status);
        Assert.Equal(VerifyCodeStatus.Verified, (await Verify(bed, ann, bed.Outbox.Last(Phone).Code)).Status);
    }

    [Fact]
    public async Task VerifyAsync_CodeForAnotherPurpose_NoPendingCode()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        await Send(bed, user, Phone, VerificationPurpose.AlternateContact);

        Assert.Equal(VerifyCodeStatus.NoPendingCode, (await Verify(bed, user, bed.Outbox.Last(Phone).Code, VerificationPurpose.SignIn)).Status);
    }

    [Fact]
    public async Task SendAsync_NewCode_ReplacesThePreviousOne()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        await Send(bed, user, Phone);
        var first = bed.Outbox.Last(Phone).Code;
        bed.Clock.Advance(TimeSpan.FromSeconds(61));
        await Send(bed, user, "+12015550124");
        var second = bed.Outbox.Last("+12015550124").Code;

        if (first != second)
        {
            Assert.Equal(VerifyCodeStatus.Invalid, (await Verify(bed, user, first)).Status);
        }

        var result = await Verify(bed, user, second);
        Assert.Equal(VerifyCodeStatus.Verified, result.Status);
        Assert.Equal("+12015550124", result.Target);
    }

    [Fact]
    public async Task SendAsync_WithinCooldown_RefusedWithRemainingSeconds()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        await Send(bed, user, Phone);
        bed.Clock.Advance(TimeSpan.FromSeconds(45));

        var refused = await Send(bed, user, Phone);
        bed.Clock.Advance(TimeSpan.FromSeconds(15));
        var allowed = await Send(bed, user, Phone);

        Assert.Equal(SendCodeStatus.CooldownActive, refused.Status);
        Assert.Equal(15, refused.RetryAfterSeconds);
        Assert.Equal(SendCodeStatus.Sent, allowed.Status);
        Assert.Equal(2, bed.Outbox.Messages.Count);
    }

    [Fact]
    public async Task SendAsync_SixthCodeInAnHourForOneUser_HourlyLimitUntilTheFirstAges()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(SendCodeStatus.Sent, (await Send(bed, user, "+1201555012" + i)).Status);
            bed.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var refused = await Send(bed, user, "+12015550129");
        bed.Clock.Advance(TimeSpan.FromMinutes(55));
        var allowed = await Send(bed, user, "+12015550129");

        Assert.Equal(SendCodeStatus.HourlyLimit, refused.Status);
        Assert.Equal(55 * 60, refused.RetryAfterSeconds);
        Assert.Equal(SendCodeStatus.Sent, allowed.Status);
    }

    [Fact]
    public async Task SendAsync_SixthCodeInAnHourToOneNumberFromManyUsers_HourlyLimit()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(SendCodeStatus.Sent, (await Send(bed, await bed.AddUserAsync("u" + i), Phone)).Status);
        }

        Assert.Equal(SendCodeStatus.HourlyLimit, (await Send(bed, await bed.AddUserAsync("eve"), Phone)).Status);
    }

    [Fact]
    public async Task SendAsync_Options_AreReadFromConfiguration()
    {
        await using var bed = await MfaTestBed.CreateAsync(("Mfa:ResendCooldown", "00:00:10"), ("Mfa:MaxSendsPerHourPerUser", "2"));
        var user = await bed.AddUserAsync();
        await Send(bed, user, Phone);
        bed.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(SendCodeStatus.Sent, (await Send(bed, user, Phone)).Status);
        bed.Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(SendCodeStatus.HourlyLimit, (await Send(bed, user, Phone)).Status);
    }

    [Fact]
    public async Task SendAndVerify_Logs_NeverContainCodeOrFullNumber()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        await Send(bed, user, Phone);
        var code = bed.Outbox.Last(Phone).Code;
        await Verify(bed, user, code == "111111" ? "222222" : "111111");
        await Verify(bed, user, code);

        Assert.NotEmpty(bed.Logs.Lines);
        Assert.All(bed.Logs.Lines, line =>
        {
            Assert.DoesNotContain(code, line, StringComparison.Ordinal);
            Assert.DoesNotContain("2015550123", line, StringComparison.Ordinal);
        });
        Assert.Contains(bed.Logs.Lines, l => l.Contains("+1 ••• ••• 0123", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyAsync_TwentyConcurrentWrongCodes_NeverMoreComparisonsThanTheCodeAllows()
    {
        await using var bed = await MfaTestBed.CreateAsync(("Mfa:SecondFactorFreeFailures", "20"), ("Mfa:SecondFactorLockAfter", "100"));
        var user = await bed.AddUserAsync();
        await Send(bed, user, Phone);
        var wrong = bed.Outbox.Last(Phone).Code == "000000" ? "000001" : "000000";

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Verify(bed, user, wrong), Ct)));

        var compared = bed.Logs.Lines.Count(l => l.StartsWith("Wrong verification code", StringComparison.Ordinal));
        Assert.Equal(5, compared);
        Assert.Equal(20, results.Length);
        Assert.Equal(VerifyCodeStatus.NoPendingCode, (await Verify(bed, user, bed.Outbox.Last(Phone).Code)).Status);
    }

    [Fact]
    public async Task VerifyAsync_ConcurrentWrongCodesOverSeveralCodes_AccountCountStopsAtTheFreeFailures()
    {
        await using var bed = await MfaTestBed.CreateAsync(("Mfa:MaxCodeAttempts", "20"));
        var user = await bed.AddUserAsync();
        await Send(bed, user, Phone);
        var wrong = bed.Outbox.Last(Phone).Code == "000000" ? "000001" : "000000";

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Verify(bed, user, wrong), Ct)));

        Assert.Equal(5, results.Count(r => r.Status == VerifyCodeStatus.Invalid));
        Assert.Equal(15, results.Count(r => r.Status == VerifyCodeStatus.Throttled && r.RetryAfterSeconds == 30));
        Assert.Equal(5, await bed.QueryAsync(db => db.Set<global::AppPasswords.Core.Mfa.SecondFactorFailures>().Select(f => f.ConsecutiveFailures).SingleAsync(Ct)));
        Assert.Equal(VerifyCodeStatus.Throttled, (await Verify(bed, user, bed.Outbox.Last(Phone).Code)).Status);
        bed.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(VerifyCodeStatus.Verified, (await Verify(bed, user, bed.Outbox.Last(Phone).Code)).Status);
        Assert.Equal(0, await bed.QueryAsync(db => db.Set<global::AppPasswords.Core.Mfa.SecondFactorFailures>().Select(f => f.ConsecutiveFailures).SingleAsync(Ct)));
    }

    private static Task<SendCodeResult> Send(MfaTestBed bed, Guid user, string phone, VerificationPurpose purpose = VerificationPurpose.MfaPhone) =>
        bed.WithAsync<IVerificationCodeService, SendCodeResult>(s => s.SendAsync(user, VerificationChannel.Sms, phone, purpose, Ct));

    private static Task<VerifyCodeResult> Verify(MfaTestBed bed, Guid user, string code, VerificationPurpose purpose = VerificationPurpose.MfaPhone) =>
        bed.WithAsync<IVerificationCodeService, VerifyCodeResult>(s => s.VerifyAsync(user, purpose, code, Ct));

    private static Task<string> DbPath(MfaTestBed bed) =>
        bed.QueryAsync(db => Task.FromResult(db.Database.GetDbConnection().DataSource));
}
