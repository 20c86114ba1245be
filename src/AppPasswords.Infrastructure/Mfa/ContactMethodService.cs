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

    public async Task<BeginContactResult?> BeginChangeAsync(Guid userId, Guid contactId, string normalizedValue, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(normalizedValue);
        var contact = await Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == contactId && c.UserId == userId, cancellationToken);
        if (contact is null)
        {
            return null;
        }

        if (contact.Type == ContactType.Phone && await db.Set<MfaMethod>().AnyAsync(
                m => m.UserId == userId && m.Type == MfaMethodType.Sms && m.PhoneNumber == normalizedValue, cancellationToken))
        {
            return new BeginContactResult(BeginContactStatus.SameAsSignInMethod);
        }

        if (await Contacts.AnyAsync(c => c.UserId == userId && c.Type == contact.Type && c.Value == normalizedValue, cancellationToken))
        {
            return new BeginContactResult(BeginContactStatus.AlreadyVerified);
        }

        var sent = await codes.SendAsync(userId, Channel(contact.Type), normalizedValue, VerificationPurpose.ContactChange, cancellationToken);
        return ToBeginResult(sent);
    }

    public async Task<VerifyCodeResult?> ConfirmChangeAsync(Guid userId, Guid contactId, string? code, CancellationToken cancellationToken = default)
    {
        var contact = await Contacts.SingleOrDefaultAsync(c => c.Id == contactId && c.UserId == userId, cancellationToken);
        if (contact is null)
        {
            return null;
        }

        // A code sent for a new phone number cannot replace an email contact, or the other way round.
        var open = await codes.FindOpenAsync(userId, VerificationPurpose.ContactChange, cancellationToken);
        if (open is null || open.Channel != Channel(contact.Type))
        {
            return new VerifyCodeResult(VerifyCodeStatus.NoPendingCode);
        }

        var result = await codes.VerifyAsync(userId, VerificationPurpose.ContactChange, code, cancellationToken);
        if (!result.IsVerified || result.Target is null || result.Channel != Channel(contact.Type))
        {
            return result;
        }

        var previous = contact.Value;
        var now = clock.GetUtcNow();
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
