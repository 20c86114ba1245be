using AppPasswords.Core.Audit;
using AppPasswords.Core.Mfa;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AppPasswords.Infrastructure.Mfa;

public sealed class MfaSkipService(AppPasswordsDbContext db, TimeProvider clock, IOptions<MfaOptions> options, IAuditLog audit) : IMfaSkipService
{
    private static readonly TimeSpan SkipLength = TimeSpan.FromDays(1);

    public async Task<MfaSkipStatus> GetStatusAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var skip = await db.Set<MfaSkip>().AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        return Evaluate(skip, clock.GetUtcNow());
    }

    public async Task<bool> SkipAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var skip = await db.Set<MfaSkip>().SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        if (!Evaluate(skip, now).CanSkip)
        {
            return false;
        }

        if (skip is null)
        {
            skip = new MfaSkip { UserId = userId, FirstSkippedAt = now };
            db.Set<MfaSkip>().Add(skip);
        }

        var windowEnd = skip.FirstSkippedAt.AddDays(options.Value.AllowSkipDays);
        skip.SkippedUntil = now + SkipLength < windowEnd ? now + SkipLength : windowEnd;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(
            new AuditEvent { EventType = AuditEventTypes.MfaRegistrationSkipped, ActorUserId = userId, TargetUserId = userId },
            cancellationToken);
        return true;
    }

    private MfaSkipStatus Evaluate(MfaSkip? skip, DateTimeOffset now)
    {
        var days = options.Value.AllowSkipDays;
        if (days <= 0)
        {
            return new MfaSkipStatus(false, 0, false);
        }

        if (skip is null)
        {
            return new MfaSkipStatus(true, days, false);
        }

        var remaining = skip.FirstSkippedAt.AddDays(days) - now;
        var daysLeft = remaining <= TimeSpan.Zero ? 0 : (int)Math.Ceiling(remaining.TotalDays);
        return new MfaSkipStatus(daysLeft > 0, daysLeft, now < skip.SkippedUntil);
    }
}
