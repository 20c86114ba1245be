using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.Mfa;

/// <summary>Complete = one active sign-in method and one verified contact other than the SMS sign-in phone(s).</summary>
public sealed class MfaRegistrationQuery(AppPasswordsDbContext db) : IMfaRegistrationQuery
{
    public async Task<MfaRegistrationState> GetStateAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var methods = await db.Set<MfaMethod>().AsNoTracking()
            .Where(m => m.UserId == userId && m.ActivatedAt != null)
            .Select(m => new { m.Type, m.PhoneNumber })
            .ToListAsync(cancellationToken);
        var smsPhones = methods.Where(m => m.Type == MfaMethodType.Sms).Select(m => m.PhoneNumber).ToList();
        var hasAlternate = await db.Set<ContactMethod>().AsNoTracking()
            .AnyAsync(c => c.UserId == userId && (c.Type == ContactType.Email || !smsPhones.Contains(c.Value)), cancellationToken);
        return new MfaRegistrationState(methods.Count > 0, hasAlternate);
    }
}
