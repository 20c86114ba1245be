using System.Text.Json;
using AppPasswords.Core.Admin;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Auth;
using AppPasswords.Core.Mfa;
using AppPasswords.Core.Policy;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.Admin;

/// <summary>
/// Administrator actions on one user. Every call with a valid reason for a known user writes one audit event
/// (with the reason and what changed), also when there was nothing to change; the user is emailed only when
/// something changed. Requiring MFA re-registration also ends every session of the user.
/// </summary>
public sealed class AdminUserActionCommand(
    AppPasswordsDbContext db,
    IUserSessionStore sessions,
    ISignInThrottle signInThrottle,
    IAuditLog audit,
    IAdminUserActionNotifier notifier,
    TimeProvider clock) : IAdminUserActionCommand
{
    public async Task<AdminUserActionResult> ExecuteAsync(Guid actorUserId, Guid userId, AdminUserAction action, string reason, CancellationToken cancellationToken = default)
    {
        if (!AdminRevokeAppPasswordsCommand.IsValidReason(reason))
        {
            throw new ArgumentException($"A reason of 1 to {AdminRevokeAppPasswordsCommand.MaxReasonLength} characters is required.", nameof(reason));
        }

        if (!await db.Set<User>().AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return AdminUserActionResult.UserNotFound;
        }

        var now = clock.GetUtcNow();
        var (eventType, changed) = action switch
        {
            AdminUserAction.RequireMfaReRegistration => (AuditEventTypes.AdminMfaReset, await ClearMethodsAsync(userId, now, cancellationToken)),
            AdminUserAction.SignOutEverywhere => (AuditEventTypes.AdminSignOutEverywhere, await sessions.RevokeAllAsync(userId, cancellationToken)),
            AdminUserAction.BlockAppPasswords => (AuditEventTypes.AdminAppPasswordsBlocked, await BlockAsync(actorUserId, userId, now, cancellationToken)),
            AdminUserAction.AllowAppPasswords => (AuditEventTypes.AdminAppPasswordsAllowed, await db.Set<AppPasswordUserBlock>().Where(b => b.UserId == userId).ExecuteDeleteAsync(cancellationToken)),
            AdminUserAction.UnlockSignIn => (AuditEventTypes.AdminSignInUnlocked, await signInThrottle.ClearAccountAsync(userId, cancellationToken)),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };

        // Sessions that passed the second factor with a removed method end with it (all of them: sessions are rows).
        var details = action == AdminUserAction.RequireMfaReRegistration
            ? JsonSerializer.Serialize(new { reason = reason.Trim(), changed, sessions = await sessions.RevokeAllAsync(userId, cancellationToken) })
            : JsonSerializer.Serialize(new { reason = reason.Trim(), changed });
        await audit.RecordAsync(
            new AuditEvent
            {
                EventType = eventType,
                ActorUserId = actorUserId,
                TargetUserId = userId,
                Target = $"user:{userId}",
                Details = details,
            },
            cancellationToken);
        if (changed == 0)
        {
            return AdminUserActionResult.NoChange;
        }

        await notifier.NotifyAsync(userId, action, reason.Trim(), cancellationToken);
        return AdminUserActionResult.Done;
    }

    /// <summary>
    /// Deletes every method (pending ones too), ends a skip in force and clears the second-factor failure count (this
    /// is how a hard stop is lifted); returns how many methods there were, plus one for a lock lifted.
    /// </summary>
    private async Task<int> ClearMethodsAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var removed = await db.Set<MfaMethod>().Where(m => m.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        removed += await db.Set<SecondFactorFailures>().Where(f => f.UserId == userId && f.LockedAt != null).ExecuteDeleteAsync(cancellationToken);
        await db.Set<SecondFactorFailures>().Where(f => f.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.Set<MfaSkip>().Where(s => s.UserId == userId && s.SkippedUntil > now).ExecuteUpdateAsync(s => s.SetProperty(x => x.SkippedUntil, now), cancellationToken);
        return removed;
    }

    private async Task<int> BlockAsync(Guid actorUserId, Guid userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await db.Set<AppPasswordUserBlock>().AnyAsync(b => b.UserId == userId, cancellationToken))
        {
            return 0;
        }

        db.Add(new AppPasswordUserBlock { UserId = userId, BlockedAt = now, BlockedByUserId = actorUserId });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return 1;
        }
        catch (DbUpdateException)
        {
            // Another administrator blocked the user at the same moment.
            db.ChangeTracker.Clear();
            return 0;
        }
    }
}
