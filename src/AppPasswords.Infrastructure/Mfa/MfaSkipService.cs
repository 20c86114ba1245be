using AppPasswords.Core.Audit;
using AppPasswords.Core.Mfa;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.Mfa;

public sealed class MfaSkipService(AppPasswordsDbContext db, TimeProvider clock, IMfaSkipPolicyProvider policies, IAuditLog audit) : IMfaSkipService
{
    private static readonly TimeSpan SkipLength = TimeSpan.FromDays(1);

    public async Task<MfaSkipStatus> GetStatusAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var policy = await policies.GetAsync(cancellationToken);
        var skip = await db.Set<MfaSkip>().AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        return Evaluate(policy, skip, clock.GetUtcNow());
    }

    public async Task<bool> SkipAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var policy = await policies.GetAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var skip = await db.Set<MfaSkip>().SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        if (!Evaluate(policy, skip, now).CanSkip)
        {
            return false;
        }

        if (skip is null)
        {
            skip = new MfaSkip { UserId = userId, FirstSkippedAt = now };
            db.Set<MfaSkip>().Add(skip);
        }

        var windowEnd = skip.FirstSkippedAt.AddDays(policy.Days);
        skip.SkippedUntil = now + SkipLength < windowEnd ? now + SkipLength : windowEnd;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(
            new AuditEvent { EventType = AuditEventTypes.MfaRegistrationSkipped, ActorUserId = userId, TargetUserId = userId },
            cancellationToken);
        return true;
    }

    private static MfaSkipStatus Evaluate(MfaSkipPolicy policy, MfaSkip? skip, DateTimeOffset now)
    {
        if (!policy.IsOffered)
        {
            return new MfaSkipStatus(false, 0, false);
        }

        if (skip is null)
        {
            return new MfaSkipStatus(true, policy.Days, false);
        }

        var windowEnd = skip.FirstSkippedAt.AddDays(policy.Days);
        var remaining = windowEnd - now;
        var daysLeft = remaining <= TimeSpan.Zero ? 0 : (int)Math.Ceiling(remaining.TotalDays);
        return new MfaSkipStatus(daysLeft > 0, daysLeft, now < skip.SkippedUntil && now < windowEnd);
    }
}
