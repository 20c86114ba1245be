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
    SignInThrottle throttle,
    IAuditLog audit,
    IRequestContext requestContext,
    TimeProvider clock,
    ILogger<LocalSignInCommand> logger) : ILocalSignInCommand
{
    public async Task<LocalSignInResult> SignInAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        var normalized = LocalUserNames.Normalize(userName);
        var loggedName = normalized.Length > 64 ? normalized[..64] : normalized;
        var ip = requestContext.IpAddress;

        if (throttle.BlockedUntil(normalized, ip) is { } retryAt)
        {
            LogThrottled(logger, loggedName, ip);
            await RecordAsync(AuditOutcomes.Denied, null, loggedName, "throttled", cancellationToken);
            return new LocalSignInResult(LocalSignInOutcome.Throttled, RetryAt: retryAt);
        }

        var found = LocalUserNames.IsValid(userName)
            ? await (from u in db.Set<User>()
                     join c in db.Set<LocalCredential>() on u.Id equals c.UserId
                     where u.ExternalKey == LocalUserNames.ExternalKey(userName)
                     select new { User = u, Credential = c }).SingleOrDefaultAsync(cancellationToken)
            : null;

        // Unknown users cost one hash too, so the response time does not tell which names exist.
        var verification = hasher.Verify(found?.Credential.PasswordHash ?? dummyHash.Value, password);
        if (found is null || verification == PasswordVerification.Failed)
        {
            throttle.RecordFailure(normalized, ip);
            LogFailed(logger, loggedName, ip);
            await RecordAsync(AuditOutcomes.Failure, found?.User.Id, loggedName, "invalid-credentials", cancellationToken);
            return new LocalSignInResult(LocalSignInOutcome.InvalidCredentials);
        }

        throttle.RecordSuccess(normalized);
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

    [LoggerMessage(EventId = SecurityEventIds.SignInFailed, EventName = nameof(SecurityEventIds.SignInFailed), Level = LogLevel.Warning, Message = "Sign-in failed for user name {UserName} from {IpAddress}")]
    private static partial void LogFailed(ILogger logger, string userName, string? ipAddress);

    [LoggerMessage(EventId = SecurityEventIds.SignInThrottled, EventName = nameof(SecurityEventIds.SignInThrottled), Level = LogLevel.Warning, Message = "Sign-in throttled for user name {UserName} from {IpAddress}")]
    private static partial void LogThrottled(ILogger logger, string userName, string? ipAddress);
}

/// <summary>A hash of a random password, verified against when the user name is unknown so timing stays the same.</summary>
public sealed class DummyPasswordHash(LocalPasswordHasher hasher)
{
    private readonly Lazy<string> value = new(() => hasher.Hash(Guid.NewGuid().ToString("N")));

    public string Value => value.Value;
}
