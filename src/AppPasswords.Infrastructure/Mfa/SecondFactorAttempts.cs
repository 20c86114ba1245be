using System.Text.Json;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using AppPasswords.Core.Notifications;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AppPasswords.Infrastructure.Mfa;

/// <summary>
/// The per-account second-factor failure counter in the database. An attempt is reserved by one conditional
/// <c>UPDATE … SET ConsecutiveFailures = ConsecutiveFailures + 1</c> that only succeeds when the row is still the one
/// the delay was checked against, so concurrent requests on any instance cannot compare more codes than allowed.
/// </summary>
public sealed partial class SecondFactorAttempts(
    AppPasswordsDbContext db,
    TimeProvider clock,
    IOptions<MfaOptions> options,
    IEmailSender email,
    ISecurityMessageComposer composer,
    IAuditLog audit,
    ILogger<SecondFactorAttempts> logger) : ISecondFactorAttempts
{
    /// <summary>Rounds of read-then-reserve when other requests keep winning the row; each lost round means one of them was counted.</summary>
    private const int MaxReserveRounds = 32;

    private DbSet<SecondFactorFailures> Counters => db.Set<SecondFactorFailures>();

    public async Task<SecondFactorAttempt> BeginAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var policy = options.Value;
        for (var round = 0; round < MaxReserveRounds; round++)
        {
            var row = await Counters.AsNoTracking().SingleOrDefaultAsync(c => c.UserId == userId, cancellationToken);
            if (row is null)
            {
                await CreateAsync(userId, cancellationToken);
                continue;
            }

            if (row.LockedAt is not null || row.ConsecutiveFailures >= policy.SecondFactorLockAfter)
            {
                return new SecondFactorAttempt(SecondFactorAttemptStatus.Locked, row.ConsecutiveFailures);
            }

            var now = clock.GetUtcNow();
            if (row.LastFailureAt is { } last && last + SecondFactorDelays.After(row.ConsecutiveFailures, policy) - now is var wait && wait > TimeSpan.Zero)
            {
                return new SecondFactorAttempt(SecondFactorAttemptStatus.Wait, row.ConsecutiveFailures, wait);
            }

            var seen = row.ConsecutiveFailures;
            var seenAt = row.LastFailureAt;
            var reserved = await Counters
                .Where(c => c.UserId == userId && c.ConsecutiveFailures == seen && c.LastFailureAt == seenAt && c.LockedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsecutiveFailures, c => c.ConsecutiveFailures + 1).SetProperty(c => c.LastFailureAt, now), cancellationToken);
            if (reserved == 1)
            {
                return new SecondFactorAttempt(SecondFactorAttemptStatus.Allowed, seen + 1);
            }
        }

        return new SecondFactorAttempt(SecondFactorAttemptStatus.Wait, 0, TimeSpan.FromSeconds(1));
    }

    public Task SucceededAsync(Guid userId, CancellationToken cancellationToken = default) =>
        Counters.Where(c => c.UserId == userId && c.LockedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsecutiveFailures, 0).SetProperty(c => c.LastFailureAt, (DateTimeOffset?)null), cancellationToken);

    public async Task FailedAsync(Guid userId, SecondFactorAttempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var lockAfter = options.Value.SecondFactorLockAfter;
        if (!attempt.IsAllowed || attempt.Failures < lockAfter)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var locked = await Counters.Where(c => c.UserId == userId && c.LockedAt == null && c.ConsecutiveFailures >= lockAfter)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LockedAt, now), cancellationToken);
        if (locked != 1)
        {
            return;
        }

        LogLocked(logger, userId, attempt.Failures);
        await audit.RecordAsync(
            new AuditEvent
            {
                EventType = AuditEventTypes.MfaSecondFactorLocked,
                Outcome = AuditOutcomes.Failure,
                ActorUserId = userId,
                TargetUserId = userId,
                Target = $"user:{userId}",
                Details = JsonSerializer.Serialize(new { failures = attempt.Failures }),
            },
            cancellationToken);
        await NotifyAsync(userId, attempt.Failures, cancellationToken);
    }

    /// <summary>Mails the user's directory address and verified email contacts; a mail outage is logged, the lock stays.</summary>
    private async Task NotifyAsync(Guid userId, int failures, CancellationToken cancellationToken)
    {
        var recipients = await db.Set<ContactMethod>().AsNoTracking()
            .Where(c => c.UserId == userId && c.Type == ContactType.Email)
            .Select(c => c.Value)
            .ToListAsync(cancellationToken);
        var directory = await db.Set<User>().AsNoTracking().Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(directory) && !recipients.Contains(directory, StringComparer.OrdinalIgnoreCase))
        {
            recipients.Add(directory);
        }

        foreach (var recipient in recipients)
        {
            try
            {
                await email.SendAsync(composer.SecondFactorLocked(recipient, failures), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogNotificationFailed(logger, ex, userId, EmailAddresses.Mask(recipient));
            }
        }
    }

    /// <summary>The first attempt of a user creates their row; of two racing requests one insert wins, the other reads it.</summary>
    private async Task CreateAsync(Guid userId, CancellationToken cancellationToken)
    {
        var row = new SecondFactorFailures { UserId = userId };
        Counters.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.Entry(row).State = EntityState.Detached;
            if (!await Counters.AsNoTracking().AnyAsync(c => c.UserId == userId, cancellationToken))
            {
                throw;
            }
        }

        db.Entry(row).State = EntityState.Detached;
    }

    [LoggerMessage(EventId = 4020, Level = LogLevel.Warning, Message = "Second-factor checks locked for user {UserId} after {Failures} consecutive wrong codes")]
    private static partial void LogLocked(ILogger logger, Guid userId, int failures);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Warning, Message = "Second-factor lock notice for user {UserId} to {MaskedAddress} failed")]
    private static partial void LogNotificationFailed(ILogger logger, Exception exception, Guid userId, string maskedAddress);
}
