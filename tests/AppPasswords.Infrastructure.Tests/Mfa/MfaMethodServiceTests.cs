using AppPasswords.Core.Audit;
using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.Tests.Mfa;

public class MfaMethodServiceTests
{
    private const string Account = "ann@contoso.com";
    private static readonly Guid Session = Guid.Parse("0193a0de-0000-7000-8000-000000000001");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetOrBeginTotpAsync_CalledTwiceInOneSession_SameKeySoReloadKeepsTheQrCode()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();

        var first = await Methods(bed, s => s.GetOrBeginTotpAsync(user, Session, Account, Ct));
        var second = await Methods(bed, s => s.GetOrBeginTotpAsync(user, Session, Account, Ct));

        Assert.Equal(first, second);
        Assert.Matches("^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$", first.DisplayKey);
        Assert.StartsWith("otpauth://totp/AppPasswords:ann%40contoso.com?secret=", first.OtpAuthUri.AbsoluteUri, StringComparison.Ordinal);
        Assert.Empty(await Methods(bed, s => s.ListActiveAsync(user, Ct)));
    }

    [Fact]
    public async Task GetOrBeginTotpAsync_Seed_EncryptedAtRest()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();

        var setup = await Methods(bed, s => s.GetOrBeginTotpAsync(user, Session, Account, Ct));

        var stored = await bed.QueryAsync(db => db.Set<MfaMethod>().SingleAsync(Ct));
        var key = setup.DisplayKey.Replace(" ", "", StringComparison.Ordinal);
        Assert.NotNull(stored.ProtectedSeed);
        Assert.DoesNotContain(key, stored.ProtectedSeed, StringComparison.Ordinal);
        Assert.NotEqual(Convert.ToBase64String(OtpNet.Base32Encoding.ToBytes(key)), stored.ProtectedSeed);
    }

    [Fact]
    public async Task ActivateTotpAsync_WrongThenRightCode_ActivatesOnlyOnRightCode()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        var setup = await Methods(bed, s => s.GetOrBeginTotpAsync(user, Session, Account, Ct));
        var right = CodeFor(setup, bed.Clock.GetUtcNow());
        var wrong = right == "000000" ? "000001" : "000000";

        Assert.False((await Methods(bed, s => s.ActivateTotpAsync(user, Session, wrong, Ct))).IsVerified);
        Assert.Empty(await Methods(bed, s => s.ListActiveAsync(user, Ct)));
        Assert.True((await Methods(bed, s => s.ActivateTotpAsync(user, Session, right, Ct))).IsVerified);

        var method = Assert.Single(await Methods(bed, s => s.ListActiveAsync(user, Ct)));
        Assert.True(method.IsDefault);
        Assert.Equal(MfaMethodType.Totp, method.Type);
        Assert.True(await Audited(bed, AuditEventTypes.MfaMethodAdded));
    }

    [Fact]
    public async Task ActivateTotpAsync_AnotherUsersSetup_Refused()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var ann = await bed.AddUserAsync("ann");
        var bob = await bed.AddUserAsync("bob");
        var setup = await Methods(bed, s => s.GetOrBeginTotpAsync(ann, Session, Account, Ct));

        Assert.False((await Methods(bed, s => s.ActivateTotpAsync(bob, Session, CodeFor(setup, bed.Clock.GetUtcNow()), Ct))).IsVerified);
    }

    [Fact]
    public async Task VerifyTotpAsync_SameCodeTwice_SecondRefusedAsReplay()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        var setup = await ActivateTotp(bed, user);
        bed.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = CodeFor(setup, bed.Clock.GetUtcNow());

        Assert.True((await Methods(bed, s => s.VerifyTotpAsync(user, code, Ct))).IsVerified);
        Assert.False((await Methods(bed, s => s.VerifyTotpAsync(user, code, Ct))).IsVerified);
        bed.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await Methods(bed, s => s.VerifyTotpAsync(user, CodeFor(setup, bed.Clock.GetUtcNow()), Ct))).IsVerified);
        Assert.True(await Audited(bed, AuditEventTypes.MfaSecondFactorFailed));
    }

    [Fact]
    public async Task VerifyTotpAsync_ActivationCodeReused_RefusedAsReplay()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        var setup = await Methods(bed, s => s.GetOrBeginTotpAsync(user, Session, Account, Ct));
        var code = CodeFor(setup, bed.Clock.GetUtcNow());
        await Methods(bed, s => s.ActivateTotpAsync(user, Session, code, Ct));

        Assert.False((await Methods(bed, s => s.VerifyTotpAsync(user, code, Ct))).IsVerified);
    }

    [Fact]
    public async Task VerifyTotpAsync_CodeTwoStepsOld_Refused()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        var setup = await ActivateTotp(bed, user);
        bed.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.False((await Methods(bed, s => s.VerifyTotpAsync(user, CodeFor(setup, bed.Clock.GetUtcNow().AddSeconds(-60)), Ct))).IsVerified);
        Assert.True((await Methods(bed, s => s.VerifyTotpAsync(user, CodeFor(setup, bed.Clock.GetUtcNow().AddSeconds(-30)), Ct))).IsVerified);
    }

    [Fact]
    public async Task ConfirmSmsAsync_RightCode_AddsPhoneMethod()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        await Methods(bed, s => s.BeginSmsAsync(user, "+12015550123", Ct));

        var result = await Methods(bed, s => s.ConfirmSmsAsync(user, bed.Outbox.Last("+12015550123").Code, Ct));

        Assert.True(result.IsVerified);
        var method = Assert.Single(await Methods(bed, s => s.ListActiveAsync(user, Ct)));
        Assert.Equal(("+12015550123", MfaMethodType.Sms, true), (method.PhoneNumber, method.Type, method.IsDefault));
    }

    [Fact]
    public async Task SignInSms_SendAndVerify_VerifiedAndLastUsedSet()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        var method = await AddSms(bed, user, "+12015550123");
        bed.Clock.Advance(TimeSpan.FromMinutes(2));

        var sent = await Methods(bed, s => s.SendSignInSmsAsync(user, method.Id, Ct));
        var result = await Methods(bed, s => s.VerifySignInSmsAsync(user, bed.Outbox.Last("+12015550123").Code, Ct));

        Assert.Equal(SendCodeStatus.Sent, sent!.Status);
        Assert.True(result.IsVerified);
        Assert.Equal(bed.Clock.GetUtcNow(), (await Methods(bed, s => s.ListActiveAsync(user, Ct))).Single().LastUsedAt);
    }

    [Fact]
    public async Task SendSignInSmsAsync_AnotherUsersMethod_Null()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var ann = await bed.AddUserAsync("ann");
        var bob = await bed.AddUserAsync("bob");
        var method = await AddSms(bed, ann, "+12015550123");

        Assert.Null(await Methods(bed, s => s.SendSignInSmsAsync(bob, method.Id, Ct)));
    }

    [Fact]
    public async Task RemoveAsync_LastMethod_Refused()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        await ActivateTotp(bed, user);
        var method = (await Methods(bed, s => s.ListActiveAsync(user, Ct))).Single();

        Assert.Equal(RemoveResult.LastMethodRefused, await Methods(bed, s => s.RemoveAsync(user, method.Id, Ct)));
        Assert.Single(await Methods(bed, s => s.ListActiveAsync(user, Ct)));
    }

    [Fact]
    public async Task RemoveAsync_DefaultOfTwo_RemovedAndOtherBecomesDefault()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        await ActivateTotp(bed, user);
        var sms = await AddSms(bed, user, "+12015550123");
        var totp = (await Methods(bed, s => s.ListActiveAsync(user, Ct))).Single(m => m.Type == MfaMethodType.Totp);

        Assert.Equal(RemoveResult.Removed, await Methods(bed, s => s.RemoveAsync(user, totp.Id, Ct)));

        var left = Assert.Single(await Methods(bed, s => s.ListActiveAsync(user, Ct)));
        Assert.Equal(sms.Id, left.Id);
        Assert.True(left.IsDefault);
        Assert.True(await Audited(bed, AuditEventTypes.MfaMethodRemoved));
    }

    [Fact]
    public async Task RemoveAndSetDefault_AnotherUsersMethod_NotFound()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var ann = await bed.AddUserAsync("ann");
        var bob = await bed.AddUserAsync("bob");
        await ActivateTotp(bed, ann);
        var annSms = await AddSms(bed, ann, "+12015550123");

        Assert.Equal(RemoveResult.NotFound, await Methods(bed, s => s.RemoveAsync(bob, annSms.Id, Ct)));
        Assert.False(await Methods(bed, s => s.SetDefaultAsync(bob, annSms.Id, Ct)));
        Assert.Equal(2, (await Methods(bed, s => s.ListActiveAsync(ann, Ct))).Count);
    }

    [Fact]
    public async Task SetDefaultAsync_SecondMethod_OnlyItIsDefault()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        await ActivateTotp(bed, user);
        var sms = await AddSms(bed, user, "+12015550123");

        Assert.True(await Methods(bed, s => s.SetDefaultAsync(user, sms.Id, Ct)));

        var methods = await Methods(bed, s => s.ListActiveAsync(user, Ct));
        Assert.Equal(sms.Id, methods.Single(m => m.IsDefault).Id);
    }

    internal static async Task<TotpSetup> ActivateTotp(MfaTestBed bed, Guid user)
    {
        var setup = await Methods(bed, s => s.GetOrBeginTotpAsync(user, Session, Account, Ct));
        Assert.True((await Methods(bed, s => s.ActivateTotpAsync(user, Session, CodeFor(setup, bed.Clock.GetUtcNow()), Ct))).IsVerified);
        return setup;
    }

    internal static async Task<MfaMethod> AddSms(MfaTestBed bed, Guid user, string phone)
    {
        await Methods(bed, s => s.BeginSmsAsync(user, phone, Ct));
        Assert.True((await Methods(bed, s => s.ConfirmSmsAsync(user, bed.Outbox.Last(phone).Code, Ct))).IsVerified);
        bed.Clock.Advance(TimeSpan.FromSeconds(61));
        return (await Methods(bed, s => s.ListActiveAsync(user, Ct))).Single(m => m.PhoneNumber == phone);
    }

    internal static string CodeFor(TotpSetup setup, DateTimeOffset at) =>
        TotpAuthenticator.ComputeCode(OtpNet.Base32Encoding.ToBytes(setup.DisplayKey.Replace(" ", "", StringComparison.Ordinal)), at);

    private static Task<T> Methods<T>(MfaTestBed bed, Func<IMfaMethodService, Task<T>> action) => bed.WithAsync(action);

    private static Task<bool> Audited(MfaTestBed bed, string eventType) =>
        bed.QueryAsync(db => db.Set<AuditEvent>().AnyAsync(e => e.EventType == eventType, Ct));
}
