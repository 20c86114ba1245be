using System.Text.Json;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Observability;
using AppPasswords.Core.Security;

namespace AppPasswords.Core.AppPasswords;

/// <summary>Checks an app password presented to a mail server. Callers must not reveal why a check failed.</summary>
public interface IVerifyAppPasswordCommand
{
    Task<VerifyAppPasswordResult> VerifyAsync(VerifyAppPasswordRequest request, CancellationToken cancellationToken = default);
}

/// <summary>
/// What the mail server passed on: <c>UserName</c> is the user principal name or local user name as typed into the
/// mail client; <c>ServiceKeyId</c> identifies the calling mail server for the audit trail.
/// </summary>
public sealed record VerifyAppPasswordRequest(string UserName, string Password, AppPasswordProtocols Protocol, string? RemoteIpAddress, Guid? ServiceKeyId);

public sealed record VerifyAppPasswordResult(VerifyAppPasswordFailure? Failure, Guid UserId, string? UserPrincipalName, Guid AppPasswordId)
{
    public bool Succeeded => Failure is null;

    public static VerifyAppPasswordResult Failed(VerifyAppPasswordFailure failure) => new(failure, Guid.Empty, null, Guid.Empty);
}

/// <summary>Why a check failed; goes to the audit log only.</summary>
public enum VerifyAppPasswordFailure
{
    /// <summary>The password is malformed or matches no row.</summary>
    WrongPassword,

    /// <summary>The password exists but belongs to another user than the one named (or the user is unknown).</summary>
    UserMismatch,
    Revoked,
    Expired,
    ProtocolNotAllowed,
    Disabled,
    Blocked,
}

public sealed class VerifyAppPasswordCommand(
    IAppPasswordVerificationStore store,
    AppPasswordHasher hasher,
    VerificationFailureAuditThrottle failureThrottle,
    IAuditLog audit,
    TimeProvider clock) : IVerifyAppPasswordCommand
{
    /// <summary>Last-used time, protocol and address are written at most this often per password.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private static readonly byte[][] NoTag = [new byte[AppPasswordHasher.LookupTagBytes]];

    public async Task<VerifyAppPasswordResult> VerifyAsync(VerifyAppPasswordRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = clock.GetTimestamp();
        var now = clock.GetUtcNow();
        var normalized = AppPasswordGenerator.TryNormalize(request.Password, out var password);

        // The same work whatever the outcome (no timing oracle between a wrong password and a revoked, expired,
        // blocked or disallowed one): one read that always returns the policy and the owner's block (see
        // IAppPasswordVerificationStore), and one full hash. A malformed password is looked up by an all-zero tag.
        AppPasswordVerificationSnapshot? snapshot = null;
        foreach (var tag in normalized ? hasher.LookupTags(password, HashPurpose.AppPassword) : NoTag)
        {
            snapshot = await store.FindForVerificationAsync(tag, cancellationToken);
            if (snapshot.Candidate is not null)
            {
                break;
            }
        }

        var candidate = snapshot!.Candidate;
        var appPassword = candidate?.AppPassword;
        var hashMatches = appPassword is null
            ? hasher.VerifyAgainstNothing(password, HashPurpose.AppPassword)
            : hasher.Verify(password, appPassword.HashVersion, appPassword.HashKeyId, appPassword.Hash, HashPurpose.AppPassword);
        var policy = snapshot.Policy;
        var blocked = snapshot.UserBlocked;
        var failure = !hashMatches ? VerifyAppPasswordFailure.WrongPassword
            : !NamesUser(candidate!, request.UserName) ? VerifyAppPasswordFailure.UserMismatch
            : appPassword!.IsRevoked ? VerifyAppPasswordFailure.Revoked
            : appPassword.IsExpiredAt(now) ? VerifyAppPasswordFailure.Expired
            : FailureFromPolicy(appPassword, request.Protocol, policy, blocked);

        if (failure is { } f)
        {
            await RecordFailureAsync(request, f, f == VerifyAppPasswordFailure.WrongPassword || f == VerifyAppPasswordFailure.UserMismatch ? null : appPassword, now, cancellationToken);
            PortalMetrics.RecordVerification(f, clock.GetElapsedTime(started));
            return VerifyAppPasswordResult.Failed(f);
        }

        var firstUse = appPassword!.LastUsedAt is null;
        if ((appPassword.LastUsedAt is null || appPassword.LastUsedAt <= now - LastUsedResolution)
            && await store.RecordUseAsync(appPassword.Id, now, request.Protocol, request.RemoteIpAddress, now - LastUsedResolution, cancellationToken)
            && firstUse)
        {
            await audit.RecordAsync(
                new AuditEvent
                {
                    EventType = AuditEventTypes.AppPasswordFirstUsed,
                    ActorUserId = appPassword.UserId,
                    TargetUserId = appPassword.UserId,
                    Target = AppPasswordAudit.Target(appPassword.Id),
                    IpAddress = request.RemoteIpAddress,
                    Details = JsonSerializer.Serialize(new { protocol = AppPasswordProtocolNames.ToWireName(request.Protocol), serviceKeyId = request.ServiceKeyId }),
                },
                cancellationToken);
        }

        PortalMetrics.RecordVerification(null, clock.GetElapsedTime(started));
        return new VerifyAppPasswordResult(null, appPassword.UserId, candidate!.UserPrincipalName, appPassword.Id);
    }

    private static VerifyAppPasswordFailure? FailureFromPolicy(AppPassword appPassword, AppPasswordProtocols protocol, AppPasswordPolicy policy, bool blocked)
    {
        if (!policy.Enabled)
        {
            return VerifyAppPasswordFailure.Disabled;
        }

        if ((appPassword.Protocols & protocol) == 0 || (policy.AllowedProtocols & protocol) == 0)
        {
            return VerifyAppPasswordFailure.ProtocolNotAllowed;
        }

        return blocked ? VerifyAppPasswordFailure.Blocked : null;
    }

    private static bool NamesUser(AppPasswordCandidate candidate, string userName)
    {
        var name = userName.Trim();
        return name.Length > 0
            && (string.Equals(candidate.UserPrincipalName, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(candidate.UserExternalKey, "local:" + name, StringComparison.OrdinalIgnoreCase));
    }

    private async Task RecordFailureAsync(VerifyAppPasswordRequest request, VerifyAppPasswordFailure failure, AppPassword? known, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var actorName = request.UserName.Length > 256 ? request.UserName[..256] : request.UserName;
        if (!failureThrottle.ShouldRecord(actorName, failure, now, out var suppressed))
        {
            return;
        }

        await audit.RecordAsync(
            new AuditEvent
            {
                EventType = AuditEventTypes.AppPasswordVerifyFailed,
                Outcome = AuditOutcomes.Failure,
                ActorName = actorName,
                TargetUserId = known?.UserId,
                Target = known is null ? null : AppPasswordAudit.Target(known.Id),
                IpAddress = request.RemoteIpAddress,
                Details = JsonSerializer.Serialize(new
                {
                    reason = failure.ToString(),
                    protocol = AppPasswordProtocolNames.ToWireName(request.Protocol),
                    serviceKeyId = request.ServiceKeyId,
                    suppressedSinceLastRecord = suppressed,
                }),
            },
            cancellationToken);
    }
}
