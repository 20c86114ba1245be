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
        Assert.Equal(VerifyCodeStatus.OtherSubject, onEmail?.Status);
        Assert.Null(onOtherUser);
        Assert.Equal(VerifyCodeStatus.Verified, onPhone?.Status);
        var after = await Contacts(bed, s => s.ListAsync(user, Ct));
        Assert.Equal("ann.home@example.org", after.Single(c => c.Id == email.Id).Value);
        Assert.Equal("+12015550188", after.Single(c => c.Id == phone.Id).Value);
        Assert.True(await bed.QueryAsync(db => db.Set<AuditEvent>().AnyAsync(e => e.EventType == AuditEventTypes.MfaContactChanged && e.Target == "contact:" + phone.Id, Ct)));
    }

    [Fact]
    public async Task ConfirmChangeAsync_CodeStartedForOneEmailContact_RefusedForAnotherWithoutCountingOrConsumingIt()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        await MfaMethodServiceTests.ActivateTotp(bed, user);
        var first = await AddContactAsync(bed, user, ContactType.Email, "ann.home@example.org");
        var second = await AddContactAsync(bed, user, ContactType.Email, "ann.work@example.org");

        await Contacts(bed, s => s.BeginChangeAsync(user, first.Id, "ann.new@example.org", Ct));
        var code = bed.Outbox.Last("ann.new@example.org").Code;
        var onSecond = await Contacts(bed, s => s.ConfirmChangeAsync(user, second.Id, code, Ct));

        Assert.Equal(VerifyCodeStatus.OtherSubject, onSecond?.Status);
        var untouched = await Contacts(bed, s => s.ListAsync(user, Ct));
        Assert.Equal("ann.home@example.org", untouched.Single(c => c.Id == first.Id).Value);
        Assert.Equal("ann.work@example.org", untouched.Single(c => c.Id == second.Id).Value);
        Assert.False(await bed.QueryAsync(db => db.Set<AuditEvent>().AnyAsync(e => e.EventType == AuditEventTypes.MfaContactChanged, Ct)));
        var pending = await bed.QueryAsync(db => db.Set<PendingVerification>().SingleAsync(v => v.Purpose == VerificationPurpose.ContactChange, Ct));
        Assert.Equal((first.Id, 0, (DateTimeOffset?)null), (pending.SubjectId!.Value, pending.FailedAttempts, pending.ClosedAt));

        var onFirst = await Contacts(bed, s => s.ConfirmChangeAsync(user, first.Id, code, Ct));

        Assert.Equal(VerifyCodeStatus.Verified, onFirst?.Status);
        var after = await Contacts(bed, s => s.ListAsync(user, Ct));
        Assert.Equal("ann.new@example.org", after.Single(c => c.Id == first.Id).Value);
        Assert.Equal("ann.work@example.org", after.Single(c => c.Id == second.Id).Value);
    }

    [Fact]
    public async Task ConfirmChangeAsync_SmsSignInMethod_ReplacesNumberInPlaceNotifiesAndAudits()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        var method = await MfaMethodServiceTests.AddSms(bed, user, "+12015550123");
        await AddContactAsync(bed, user, ContactType.Email, "ann.home@example.org");
        await bed.WithAsync<IMfaMethodService, SendCodeResult?>(s => s.SendSignInSmsAsync(user, method.Id, Ct));
        var oldSignInCode = bed.Outbox.Last("+12015550123").Code;
        bed.Clock.Advance(TimeSpan.FromSeconds(61));

        var found = await Contacts(bed, s => s.FindChangeableAsync(user, method.Id, Ct));
        var begun = await Contacts(bed, s => s.BeginChangeAsync(user, method.Id, "+12015550188", Ct));
        Assert.Equal(new ChangeableContact(method.Id, ContactType.Phone, "+12015550123", IsSignInPhone: true), found);
        Assert.Equal(BeginContactStatus.Sent, begun?.Status);
        Assert.Equal("+12015550123", (await ActiveMethodsAsync(bed, user)).Single().PhoneNumber);

        var result = await Contacts(bed, s => s.ConfirmChangeAsync(user, method.Id, bed.Outbox.Last("+12015550188").Code, Ct));

        Assert.Equal(VerifyCodeStatus.Verified, result?.Status);
        var changed = Assert.Single(await ActiveMethodsAsync(bed, user));
        Assert.Equal((method.Id, MfaMethodType.Sms, "+12015550188", method.IsDefault, method.CreatedAt), (changed.Id, changed.Type, changed.PhoneNumber, changed.IsDefault, changed.CreatedAt));
        Assert.Contains(bed.Outbox.Messages, m => m.Recipient == "ann.home@example.org" && m.Subject == "Your security info changed" && m.Body.Contains("MethodChanged", StringComparison.Ordinal));
        var audit = await bed.QueryAsync(db => db.Set<AuditEvent>().SingleAsync(e => e.EventType == AuditEventTypes.MfaContactChanged, Ct));
        Assert.Equal(("mfa-method:" + method.Id, user), (audit.Target, audit.TargetUserId));
        Assert.DoesNotContain("2015550188", audit.Details ?? "", StringComparison.Ordinal);

        // The sign-in code sent to the old number before the change no longer signs in.
        var old = await bed.WithAsync<IMfaMethodService, VerifyCodeResult>(s => s.VerifySignInSmsAsync(user, oldSignInCode, Ct));
        Assert.Equal(VerifyCodeStatus.NoPendingCode, old.Status);
    }

    [Fact]
    public async Task BeginChangeAsync_SmsSignInMethodToAnAlternatePhoneOrAnotherSmsMethod_RefusedNothingSent()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();
        var method = await MfaMethodServiceTests.AddSms(bed, user, "+12015550123");
        await MfaMethodServiceTests.AddSms(bed, user, "+12015550124");
        await AddContactAsync(bed, user, ContactType.Phone, "+12015550177");
        var sentBefore = bed.Outbox.Messages.Count;

        var toContact = await Contacts(bed, s => s.BeginChangeAsync(user, method.Id, "+12015550177", Ct));
        var toOtherMethod = await Contacts(bed, s => s.BeginChangeAsync(user, method.Id, "+12015550124", Ct));
        var toItself = await Contacts(bed, s => s.BeginChangeAsync(user, method.Id, "+12015550123", Ct));
        var othersMethod = await Contacts(bed, s => s.BeginChangeAsync(Guid.NewGuid(), method.Id, "+12015550188", Ct));

        Assert.Equal(BeginContactStatus.SameAsAlternateContact, toContact?.Status);
        Assert.Equal(BeginContactStatus.AlreadyVerified, toOtherMethod?.Status);
        Assert.Equal(BeginContactStatus.AlreadyVerified, toItself?.Status);
        Assert.Null(othersMethod);
        Assert.Equal(sentBefore, bed.Outbox.Messages.Count);
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

    private static async Task<ContactMethod> AddContactAsync(MfaTestBed bed, Guid user, ContactType type, string value)
    {
        Assert.Equal(BeginContactStatus.Sent, (await Contacts(bed, s => s.BeginAsync(user, type, value, Ct))).Status);
        Assert.True((await Contacts(bed, s => s.ConfirmAsync(user, bed.Outbox.Last(value).Code, Ct))).IsVerified);
        bed.Clock.Advance(TimeSpan.FromSeconds(61));
        return (await Contacts(bed, s => s.ListAsync(user, Ct))).Single(c => c.Value == value);
    }

    private static Task<IReadOnlyList<MfaMethod>> ActiveMethodsAsync(MfaTestBed bed, Guid user) =>
        bed.WithAsync<IMfaMethodService, IReadOnlyList<MfaMethod>>(s => s.ListActiveAsync(user, Ct));

    private static Task<MfaRegistrationState> State(MfaTestBed bed, Guid user) =>
        bed.WithAsync<IMfaRegistrationQuery, MfaRegistrationState>(q => q.GetStateAsync(user, Ct));

    private static Task<T> Contacts<T>(MfaTestBed bed, Func<IContactMethodService, Task<T>> action) => bed.WithAsync(action);
}
