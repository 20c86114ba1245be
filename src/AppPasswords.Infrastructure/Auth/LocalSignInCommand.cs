using AppPasswords.Core.Audit;
using AppPasswords.Core.Auth;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AppPasswords.Infrastructure.Auth;

public sealed partial class LocalSignInCommand(
    AppPasswordsDbContext db,
    LocalPasswordHasher hasher,
    DummyPasswordHash dummyHash,
    ISignInThrottle throttle,
    ISignInLockoutNotifier lockoutNotifier,
    IAuditLog audit,
    IRequestContext requestContext,
    TimeProvider clock,
    ILogger<LocalSignInCommand> logger) : ILocalSignInCommand
{
    public async Task<LocalSignInResult> SignInAsync(string userName, string password, TrustedDevice? device = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        var normalized = LocalUserNames.Normalize(userName);
        var ip = requestContext.IpAddress;
        var found = LocalUserNames.IsValid(userName)
            ? await (from u in db.Set<User>()
                     join c in db.Set<LocalCredential>() on u.Id equals c.UserId
                     where u.ExternalKey == LocalUserNames.ExternalKey(userName)
                     select new { User = u, Credential = c }).SingleOrDefaultAsync(cancellationToken)
            : null;
        var loggedName = SignInLogText.MaskUserName(userName.Trim(), exists: found is not null);
        var trustedDevice = device is not null && string.Equals(device.NormalizedUserName, normalized, StringComparison.Ordinal) ? device.DeviceId : null;
        var keys = new SignInThrottleKeys(normalized, found?.User.Id, ip, trustedDevice);

        // Counted before the hash, so parallel attempts cannot all pass a check made before any of them failed.
        var reservation = await throttle.ReserveAsync(keys, cancellationToken);
        if (!reservation.Allowed)
        {
            var reason = reservation.LockedOut ? "locked-out" : "throttled";
            LogThrottled(logger, found?.User.Id, loggedName, ip, reason, trustedDevice is not null);
            await RecordAsync(AuditOutcomes.Denied, found?.User.Id, found?.User.UserPrincipalName ?? loggedName, reason, cancellationToken);
            return new LocalSignInResult(reservation.LockedOut ? LocalSignInOutcome.LockedOut : LocalSignInOutcome.Throttled, RetryAt: reservation.RetryAt);
        }

        // Unknown users cost one hash too, so the response time does not tell which names exist.
        var verification = hasher.Verify(found?.Credential.PasswordHash ?? dummyHash.Value, password);
        if (found is null || verification == PasswordVerification.Failed)
        {
            LogFailed(logger, found?.User.Id, loggedName, ip, trustedDevice is not null);
            await RecordAsync(AuditOutcomes.Failure, found?.User.Id, found?.User.UserPrincipalName ?? loggedName, "invalid-credentials", cancellationToken);
            if (!reservation.ReachesCap)
            {
                return new LocalSignInResult(LocalSignInOutcome.InvalidCredentials);
            }

            // Unknown names lock the same way, so the answer does not tell which names exist; only real users are told.
            if (found is not null)
            {
                LogLockedOut(logger, found.User.Id, ip);
                await audit.RecordAsync(
                    new AuditEvent
                    {
                        EventType = AuditEventTypes.SignInLockedOut,
                        Outcome = AuditOutcomes.Denied,
                        TargetUserId = found.User.Id,
                        Target = $"user:{found.User.Id}",
                        ActorName = found.User.UserPrincipalName,
                        Details = """{"method":"local","reason":"hard-cap"}""",
                    },
                    cancellationToken);
                await lockoutNotifier.NotifyLockedOutAsync(found.User.Id, cancellationToken);
            }

            return new LocalSignInResult(LocalSignInOutcome.LockedOut);
        }

        await throttle.RecordSuccessAsync(keys, cancellationToken);
        if (verification == PasswordVerification.SuccessRehashNeeded)
        {
            found.Credential.PasswordHash = hasher.Hash(password);
        }

        found.User.LastSignInAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        LogSucceeded(logger, found.User.Id, ip);
        await RecordAsync(AuditOutcomes.Success, found.User.Id, found.User.UserPrincipalName, null, cancellationToken);
        return new LocalSignInResult(LocalSignInOutcome.Succeeded, found.User, found.Credential.IsAdmin);
    }

    private Task RecordAsync(string outcome, Guid? userId, string name, string? reason, CancellationToken cancellationToken) =>
        audit.RecordAsync(
            new AuditEvent
            {
                EventType = AuditEventTypes.SignIn,
                Outcome = outcome,
                ActorUserId = userId,
                ActorName = name,
                Details = reason is null ? """{"method":"local"}""" : $$"""{"method":"local","reason":"{{reason}}"}""",
            },
            cancellationToken);

    [LoggerMessage(EventId = SecurityEventIds.SignInSucceeded, EventName = nameof(SecurityEventIds.SignInSucceeded), Level = LogLevel.Information, Message = "Sign-in succeeded for user {UserId} from {IpAddress}")]
    private static partial void LogSucceeded(ILogger logger, Guid userId, string? ipAddress);

    [LoggerMessage(EventId = SecurityEventIds.SignInFailed, EventName = nameof(SecurityEventIds.SignInFailed), Level = LogLevel.Warning, Message = "Sign-in failed for user {UserId} (user name {UserName}) from {IpAddress}, trusted device {TrustedDevice}")]
    private static partial void LogFailed(ILogger logger, Guid? userId, string userName, string? ipAddress, bool trustedDevice);

    [LoggerMessage(EventId = SecurityEventIds.SignInThrottled, EventName = nameof(SecurityEventIds.SignInThrottled), Level = LogLevel.Warning, Message = "Sign-in refused ({Reason}) for user {UserId} (user name {UserName}) from {IpAddress}, trusted device {TrustedDevice}")]
    private static partial void LogThrottled(ILogger logger, Guid? userId, string userName, string? ipAddress, string reason, bool trustedDevice);

    [LoggerMessage(EventId = SecurityEventIds.SignInLockedOut, EventName = nameof(SecurityEventIds.SignInLockedOut), Level = LogLevel.Warning, Message = "Sign-in locked for user {UserId} from untrusted browsers after too many consecutive failures; last from {IpAddress}")]
    private static partial void LogLockedOut(ILogger logger, Guid userId, string? ipAddress);
}

/// <summary>A hash of a random password, verified against when the user name is unknown so timing stays the same.</summary>
public sealed class DummyPasswordHash(LocalPasswordHasher hasher)
{
    private readonly Lazy<string> value = new(() => hasher.Hash(Guid.NewGuid().ToString("N")));

    public string Value => value.Value;
}
