using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using AppPasswords.Core.Notifications;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.Mfa;

/// <summary>Alternate contacts, added only after the code sent to them was entered.</summary>
public sealed class ContactMethodService(
    AppPasswordsDbContext db,
    TimeProvider clock,
    IVerificationCodeService codes,
    ISecurityChangeNotifier notifier) : IContactMethodService
{
    private DbSet<ContactMethod> Contacts => db.Set<ContactMethod>();

    public async Task<IReadOnlyList<ContactMethod>> ListAsync(Guid userId, CancellationToken cancellationToken = default) =>
        await Contacts.AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);

    public async Task<BeginContactResult> BeginAsync(Guid userId, ContactType type, string normalizedValue, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(normalizedValue);
        if (type == ContactType.Phone && await db.Set<MfaMethod>().AnyAsync(
                m => m.UserId == userId && m.Type == MfaMethodType.Sms && m.PhoneNumber == normalizedValue, cancellationToken))
        {
            return new BeginContactResult(BeginContactStatus.SameAsSignInMethod);
        }

        if (await Contacts.AnyAsync(c => c.UserId == userId && c.Type == type && c.Value == normalizedValue, cancellationToken))
        {
            return new BeginContactResult(BeginContactStatus.AlreadyVerified);
        }

        var sent = await codes.SendAsync(userId, Channel(type), normalizedValue, VerificationPurpose.AlternateContact, cancellationToken);
        return ToBeginResult(sent);
    }

    public async Task<VerifyCodeResult> ConfirmAsync(Guid userId, string? code, CancellationToken cancellationToken = default)
    {
        var result = await codes.VerifyAsync(userId, VerificationPurpose.AlternateContact, code, cancellationToken);
        if (!result.IsVerified || result.Target is null)
        {
            return result;
        }

        var type = result.Channel == VerificationChannel.Sms ? ContactType.Phone : ContactType.Email;
        var value = result.Target;
        if (await Contacts.AnyAsync(c => c.UserId == userId && c.Type == type && c.Value == value, cancellationToken))
        {
            return result;
        }

        var now = clock.GetUtcNow();
        var contact = new ContactMethod { Id = Guid.CreateVersion7(now), UserId = userId, Type = type, Value = value, CreatedAt = now, VerifiedAt = now };
        Contacts.Add(contact);
        await db.SaveChangesAsync(cancellationToken);
        await notifier.NotifyAsync(userId, Describe(SecurityChangeKind.ContactAdded, contact), cancellationToken: cancellationToken);
        return result;
    }

    public async Task<ChangeableContact?> FindChangeableAsync(Guid userId, Guid id, CancellationToken cancellationToken = default)
    {
        var contact = await Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.UserId == userId, cancellationToken);
        if (contact is not null)
        {
            return new ChangeableContact(contact.Id, contact.Type, contact.Value, IsSignInPhone: false);
        }

        var phone = await SmsMethods(userId).Where(m => m.Id == id).Select(m => m.PhoneNumber).SingleOrDefaultAsync(cancellationToken);
        return phone is null ? null : new ChangeableContact(id, ContactType.Phone, phone, IsSignInPhone: true);
    }

    public async Task<BeginContactResult?> BeginChangeAsync(Guid userId, Guid contactId, string normalizedValue, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(normalizedValue);
        var subject = await FindChangeableAsync(userId, contactId, cancellationToken);
        if (subject is null)
        {
            return null;
        }

        if (await RefusalAsync(userId, subject, normalizedValue, cancellationToken) is { } refused)
        {
            return new BeginContactResult(refused);
        }

        var sent = await codes.SendForSubjectAsync(userId, subject.Id, Channel(subject.Type), normalizedValue, VerificationPurpose.ContactChange, cancellationToken);
        return ToBeginResult(sent);
    }

    public async Task<VerifyCodeResult?> ConfirmChangeAsync(Guid userId, Guid contactId, string? code, CancellationToken cancellationToken = default)
    {
        var subject = await FindChangeableAsync(userId, contactId, cancellationToken);
        if (subject is null)
        {
            return null;
        }

        // The code is bound to this contact or method: one sent to change another is refused without being counted.
        var result = await codes.VerifySubjectAsync(userId, subject.Id, VerificationPurpose.ContactChange, code, cancellationToken);
        if (!result.IsVerified || result.Target is null || result.Channel != Channel(subject.Type))
        {
            return result;
        }

        // The number may have been taken by another contact or method since the code was sent.
        if (await RefusalAsync(userId, subject, result.Target, cancellationToken) is not null)
        {
            return new VerifyCodeResult(VerifyCodeStatus.NoPendingCode);
        }

        var now = clock.GetUtcNow();
        if (subject.IsSignInPhone)
        {
            await SmsMethods(userId).Where(m => m.Id == subject.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.PhoneNumber, result.Target), cancellationToken);

            // A sign-in code already sent to the old number must not outlive the number.
            await db.Set<PendingVerification>()
                .Where(v => v.UserId == userId && v.Purpose == VerificationPurpose.SignIn && v.Target == subject.Value && v.ClosedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.ClosedAt, now), cancellationToken);
            await notifier.NotifyAsync(
                userId,
                new SecurityChange(SecurityChangeKind.MethodChanged, SecurityItem.Phone, subject.Id, PhoneNumberValues.Mask(result.Target)),
                cancellationToken: cancellationToken);
            return result;
        }

        var contact = await Contacts.SingleAsync(c => c.Id == subject.Id && c.UserId == userId, cancellationToken);
        var previous = contact.Value;
        contact.Value = result.Target;
        contact.VerifiedAt = now;
        contact.LastUsedAt = null;
        await db.SaveChangesAsync(cancellationToken);
        await notifier.NotifyAsync(
            userId,
            Describe(SecurityChangeKind.ContactChanged, contact),
            contact.Type == ContactType.Email ? previous : null,
            cancellationToken);
        return result;
    }

    public async Task<bool> RemoveAsync(Guid userId, Guid contactId, CancellationToken cancellationToken = default)
    {
        var contact = await Contacts.SingleOrDefaultAsync(c => c.Id == contactId && c.UserId == userId, cancellationToken);
        if (contact is null)
        {
            return false;
        }

        Contacts.Remove(contact);
        await db.SaveChangesAsync(cancellationToken);
        await notifier.NotifyAsync(
            userId,
            Describe(SecurityChangeKind.ContactRemoved, contact),
            contact.Type == ContactType.Email ? contact.Value : null,
            cancellationToken);
        return true;
    }

    private IQueryable<MfaMethod> SmsMethods(Guid userId) =>
        db.Set<MfaMethod>().Where(m => m.UserId == userId && m.Type == MfaMethodType.Sms && m.ActivatedAt != null);

    /// <summary>
    /// Why <paramref name="value"/> cannot replace <paramref name="subject"/>: an alternate phone must differ from every
    /// SMS sign-in phone and the other way round, and no two contacts or two SMS methods of a user share a value.
    /// </summary>
    private async Task<BeginContactStatus?> RefusalAsync(Guid userId, ChangeableContact subject, string value, CancellationToken cancellationToken)
    {
        var isSignInPhone = subject.Type == ContactType.Phone
            && await SmsMethods(userId).AnyAsync(m => m.PhoneNumber == value && m.Id != subject.Id, cancellationToken);
        var isContact = await Contacts.AnyAsync(c => c.UserId == userId && c.Type == subject.Type && c.Value == value && c.Id != subject.Id, cancellationToken);
        return (subject.IsSignInPhone, isSignInPhone, isContact) switch
        {
            (false, true, _) => BeginContactStatus.SameAsSignInMethod,
            (false, false, true) => BeginContactStatus.AlreadyVerified,
            (true, true, _) => BeginContactStatus.AlreadyVerified,
            (true, false, true) => BeginContactStatus.SameAsAlternateContact,
            _ when value == subject.Value => BeginContactStatus.AlreadyVerified,
            _ => null,
        };
    }

    private static VerificationChannel Channel(ContactType type) => type == ContactType.Phone ? VerificationChannel.Sms : VerificationChannel.Email;

    private static BeginContactResult ToBeginResult(SendCodeResult sent) => sent.Status switch
    {
        SendCodeStatus.Sent => new BeginContactResult(BeginContactStatus.Sent),
        SendCodeStatus.CooldownActive => new BeginContactResult(BeginContactStatus.CooldownActive, sent.RetryAfterSeconds),
        _ => new BeginContactResult(BeginContactStatus.HourlyLimit, sent.RetryAfterSeconds),
    };

    internal static SecurityChange Describe(SecurityChangeKind kind, ContactMethod contact) =>
        contact.Type == ContactType.Phone
            ? new SecurityChange(kind, SecurityItem.Phone, contact.Id, PhoneNumberValues.Mask(contact.Value))
            : new SecurityChange(kind, SecurityItem.Email, contact.Id, EmailAddresses.Mask(contact.Value));
}
