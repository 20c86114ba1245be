using AppPasswords.Core.Audit;
using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.Tests.Mfa;

public class ContactMethodServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConfirmAsync_EmailCode_AddsContactCompletesRegistrationAndNotifies()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        await MfaMethodServiceTests.ActivateTotp(bed, user);
        Assert.Equal(new MfaRegistrationState(true, false), await State(bed, user));

        var begun = await Contacts(bed, s => s.BeginAsync(user, ContactType.Email, "ann.home@example.org", Ct));
        var result = await Contacts(bed, s => s.ConfirmAsync(user, bed.Outbox.Last("ann.home@example.org").Code, Ct));

        Assert.Equal(BeginContactStatus.Sent, begun.Status);
        Assert.True(result.IsVerified);
        var contact = Assert.Single(await Contacts(bed, s => s.ListAsync(user, Ct)));
        Assert.Equal((ContactType.Email, "ann.home@example.org"), (contact.Type, contact.Value));
        Assert.True((await State(bed, user)).IsComplete);
        Assert.Contains(bed.Outbox.Messages, m => m.Recipient == "ann.home@example.org" && m.Subject == "Your security info changed");
        Assert.True(await bed.QueryAsync(db => db.Set<AuditEvent>().AnyAsync(e => e.EventType == AuditEventTypes.MfaContactAdded && e.TargetUserId == user, Ct)));
    }

    [Fact]
    public async Task ConfirmChangeAsync_CodeSentForAPhone_CannotReplaceAnEmailContact()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        await MfaMethodServiceTests.ActivateTotp(bed, user);
        await Contacts(bed, s => s.BeginAsync(user, ContactType.Email, "ann.home@example.org", Ct));
        await Contacts(bed, s => s.ConfirmAsync(user, bed.Outbox.Last("ann.home@example.org").Code, Ct));
        await Contacts(bed, s => s.BeginAsync(user, ContactType.Phone, "+12015550123", Ct));
        await Contacts(bed, s => s.ConfirmAsync(user, bed.Outbox.Last("+12015550123").Code, Ct));
        var contacts = await Contacts(bed, s => s.ListAsync(user, Ct));
        var email = contacts.Single(c => c.Type == ContactType.Email);
        var phone = contacts.Single(c => c.Type == ContactType.Phone);

        var begun = await Contacts(bed, s => s.BeginChangeAsync(user, phone.Id, "+12015550188", Ct));
        var onEmail = await Contacts(bed, s => s.ConfirmChangeAsync(user, email.Id, bed.Outbox.Last("+12015550188").Code, Ct));
        var onOtherUser = await Contacts(bed, s => s.ConfirmChangeAsync(Guid.NewGuid(), phone.Id, bed.Outbox.Last("+12015550188").Code, Ct));
        var onPhone = await Contacts(bed, s => s.ConfirmChangeAsync(user, phone.Id, bed.Outbox.Last("+12015550188").Code, Ct));

        Assert.Equal(BeginContactStatus.Sent, begun?.Status);
        Assert.Equal(VerifyCodeStatus.NoPendingCode, onEmail?.Status);
        Assert.Null(onOtherUser);
        Assert.Equal(VerifyCodeStatus.Verified, onPhone?.Status);
        var after = await Contacts(bed, s => s.ListAsync(user, Ct));
        Assert.Equal("ann.home@example.org", after.Single(c => c.Id == email.Id).Value);
        Assert.Equal("+12015550188", after.Single(c => c.Id == phone.Id).Value);
        Assert.True(await bed.QueryAsync(db => db.Set<AuditEvent>().AnyAsync(e => e.EventType == AuditEventTypes.MfaContactChanged && e.Target == "contact:" + phone.Id, Ct)));
    }

    [Fact]
    public async Task BeginChangeAsync_ToTheSmsSignInPhoneOrAnotherUsersContact_Refused()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        await MfaMethodServiceTests.AddSms(bed, user, "+12015550123");
        await Contacts(bed, s => s.BeginAsync(user, ContactType.Phone, "+12015550177", Ct));
        await Contacts(bed, s => s.ConfirmAsync(user, bed.Outbox.Last("+12015550177").Code, Ct));
        var phone = Assert.Single(await Contacts(bed, s => s.ListAsync(user, Ct)));
        var sentBefore = bed.Outbox.Messages.Count;

        var same = await Contacts(bed, s => s.BeginChangeAsync(user, phone.Id, "+12015550123", Ct));
        var foreign = await Contacts(bed, s => s.BeginChangeAsync(Guid.NewGuid(), phone.Id, "+12015550188", Ct));

        Assert.Equal(BeginContactStatus.SameAsSignInMethod, same?.Status);
        Assert.Null(foreign);
        Assert.Equal(sentBefore, bed.Outbox.Messages.Count);
    }

    [Fact]
    public async Task BeginAsync_PhoneThatIsTheSmsMethod_RefusedAsSameAsSignInMethod()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        await MfaMethodServiceTests.AddSms(bed, user, "+12015550123");
        var sentBefore = bed.Outbox.Messages.Count;

        var result = await Contacts(bed, s => s.BeginAsync(user, ContactType.Phone, "+12015550123", Ct));

        Assert.Equal(BeginContactStatus.SameAsSignInMethod, result.Status);
        Assert.Equal(sentBefore, bed.Outbox.Messages.Count);
    }

    [Fact]
    public async Task GetStateAsync_SmsMethodOnly_IncompleteEvenWithMatchingPhoneContact()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        await Contacts(bed, s => s.BeginAsync(user, ContactType.Phone, "+12015550123", Ct));
        await Contacts(bed, s => s.ConfirmAsync(user, bed.Outbox.Last("+12015550123").Code, Ct));
        bed.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(new MfaRegistrationState(false, true), await State(bed, user));

        await MfaMethodServiceTests.AddSms(bed, user, "+12015550123");

        Assert.Equal(new MfaRegistrationState(true, false), await State(bed, user));
    }

    [Fact]
    public async Task BeginAsync_AlreadyVerified_NoCodeSent()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        await Contacts(bed, s => s.BeginAsync(user, ContactType.Email, "a@example.org", Ct));
        await Contacts(bed, s => s.ConfirmAsync(user, bed.Outbox.Last("a@example.org").Code, Ct));
        bed.Clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(BeginContactStatus.AlreadyVerified, (await Contacts(bed, s => s.BeginAsync(user, ContactType.Email, "a@example.org", Ct))).Status);
    }

    [Fact]
    public async Task BeginAsync_WithinCooldown_ReportsSeconds()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        await Contacts(bed, s => s.BeginAsync(user, ContactType.Email, "a@example.org", Ct));
        bed.Clock.Advance(TimeSpan.FromSeconds(20));

        var result = await Contacts(bed, s => s.BeginAsync(user, ContactType.Email, "a@example.org", Ct));

        Assert.Equal(new BeginContactResult(BeginContactStatus.CooldownActive, 40), result);
    }

    [Fact]
    public async Task RemoveAsync_OwnContact_RemovedAndRemovedAddressTold_AnotherUsers_Refused()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var ann = await bed.AddUserAsync("ann");
        var bob = await bed.AddUserAsync("bob");
        await Contacts(bed, s => s.BeginAsync(ann, ContactType.Email, "a@example.org", Ct));
        await Contacts(bed, s => s.ConfirmAsync(ann, bed.Outbox.Last("a@example.org").Code, Ct));
        var contact = (await Contacts(bed, s => s.ListAsync(ann, Ct))).Single();

        Assert.False(await Contacts(bed, s => s.RemoveAsync(bob, contact.Id, Ct)));
        Assert.True(await Contacts(bed, s => s.RemoveAsync(ann, contact.Id, Ct)));

        Assert.Empty(await Contacts(bed, s => s.ListAsync(ann, Ct)));
        Assert.Equal(2, bed.Outbox.Messages.Count(m => m.Recipient == "a@example.org" && m.Subject == "Your security info changed"));
    }

    private static Task<MfaRegistrationState> State(MfaTestBed bed, Guid user) =>
        bed.WithAsync<IMfaRegistrationQuery, MfaRegistrationState>(q => q.GetStateAsync(user, Ct));

    private static Task<T> Contacts<T>(MfaTestBed bed, Func<IContactMethodService, Task<T>> action) => bed.WithAsync(action);
}
