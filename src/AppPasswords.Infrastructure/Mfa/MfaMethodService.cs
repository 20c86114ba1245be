using AppPasswords.Core.Audit;
using AppPasswords.Core.Common;
using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using AppPasswords.Core.Notifications;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AppPasswords.Infrastructure.Mfa;

/// <summary>Authenticator-app and SMS sign-in methods of one user at a time.</summary>
public sealed class MfaMethodService(
    AppPasswordsDbContext db,
    IRandomSource random,
    TimeProvider clock,
    ITotpSeedProtector seedProtector,
    IVerificationCodeService codes,
    ISecondFactorAttempts attempts,
    ISecurityChangeNotifier notifier,
    IAuditLog audit,
    IOptions<MfaOptions> options) : IMfaMethodService
{
    private DbSet<MfaMethod> Methods => db.Set<MfaMethod>();

    public async Task<IReadOnlyList<MfaMethod>> ListActiveAsync(Guid userId, CancellationToken cancellationToken = default) =>
        await Methods.AsNoTracking()
            .Where(m => m.UserId == userId && m.ActivatedAt != null)
            .OrderBy(m => m.CreatedAt)
            .ToListAsync(cancellationToken);

    public async Task<TotpSetup> GetOrBeginTotpAsync(Guid userId, Guid sessionId, string accountName, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await PendingTotp(userId).Where(m => m.EnrollmentSessionId == null || m.EnrollmentExpiresAt == null || m.EnrollmentExpiresAt <= now)
            .ExecuteDeleteAsync(cancellationToken);
        var pending = await FindPendingTotpAsync(userId, sessionId, cancellationToken);
        if (pending is not null)
        {
            return ToSetup(pending, accountName);
        }

        var seed = TotpAuthenticator.GenerateSeed(random);
        var method = new MfaMethod
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            Type = MfaMethodType.Totp,
            ProtectedSeed = seedProtector.Protect(seed),
            CreatedAt = now,
            EnrollmentSessionId = sessionId,
            EnrollmentExpiresAt = now + options.Value.TotpEnrollmentLifetime,
        };
        Methods.Add(method);
        await db.SaveChangesAsync(cancellationToken);
        return new TotpSetup(method.Id, TotpAuthenticator.FormatKeyForDisplay(seed), TotpAuthenticator.BuildUri(options.Value.TotpIssuer, accountName, seed));
    }

    public async Task<VerifyCodeResult> ActivateTotpAsync(Guid userId, Guid sessionId, string? code, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var pending = await FindPendingTotpAsync(userId, sessionId, cancellationToken);
        if (pending?.ProtectedSeed is null)
        {
            return new VerifyCodeResult(VerifyCodeStatus.NoPendingCode);
        }

        if (pending.EnrollmentExpiresAt is not { } expiresAt || now >= expiresAt)
        {
            await Methods.Where(m => m.Id == pending.Id && m.ActivatedAt == null).ExecuteDeleteAsync(cancellationToken);
            return new VerifyCodeResult(VerifyCodeStatus.Expired);
        }

        if (!VerificationCodes.TryNormalize(code, out _))
        {
            return new VerifyCodeResult(VerifyCodeStatus.Invalid);
        }

        var attempt = await attempts.BeginAsync(userId, cancellationToken);
        if (VerifyCodeResult.Refused(attempt) is { } refused)
        {
            return refused;
        }

        var step = TotpAuthenticator.Verify(seedProtector.Unprotect(pending.ProtectedSeed), code, now, lastUsedStep: null);
        if (step is null)
        {
            await attempts.FailedAsync(userId, attempt, cancellationToken);
            await RecordAsync(userId, AuditEventTypes.MfaSecondFactorFailed, AuditOutcomes.Failure, pending.Id, "totp-activation", cancellationToken);
            return new VerifyCodeResult(VerifyCodeStatus.Invalid);
        }

        var isDefault = !await Methods.AnyAsync(m => m.UserId == userId && m.ActivatedAt != null && m.IsDefault, cancellationToken);
        var activated = await Methods.Where(m => m.Id == pending.Id && m.ActivatedAt == null)
            .ExecuteUpdateAsync(
                s => s.SetProperty(m => m.ActivatedAt, now).SetProperty(m => m.LastUsedTimeStep, step).SetProperty(m => m.IsDefault, isDefault)
                    .SetProperty(m => m.EnrollmentSessionId, (Guid?)null).SetProperty(m => m.EnrollmentExpiresAt, (DateTimeOffset?)null),
                cancellationToken);
        if (activated != 1)
        {
            return new VerifyCodeResult(VerifyCodeStatus.NoPendingCode);
        }

        await PendingTotp(userId).ExecuteDeleteAsync(cancellationToken);
        await attempts.SucceededAsync(userId, cancellationToken);
        await notifier.NotifyAsync(userId, new SecurityChange(SecurityChangeKind.MethodAdded, SecurityItem.AuthenticatorApp, pending.Id, null), cancellationToken: cancellationToken);
        return new VerifyCodeResult(VerifyCodeStatus.Verified);
    }

    public Task<SendCodeResult> BeginSmsAsync(Guid userId, string e164, CancellationToken cancellationToken = default) =>
        codes.SendAsync(userId, VerificationChannel.Sms, e164, VerificationPurpose.MfaPhone, cancellationToken);

    public async Task<VerifyCodeResult> ConfirmSmsAsync(Guid userId, string? code, CancellationToken cancellationToken = default)
    {
        var result = await codes.VerifyAsync(userId, VerificationPurpose.MfaPhone, code, cancellationToken);
        if (!result.IsVerified || result.Target is null)
        {
            return result;
        }

        var phone = result.Target;
        if (await Methods.AnyAsync(m => m.UserId == userId && m.Type == MfaMethodType.Sms && m.PhoneNumber == phone, cancellationToken))
        {
            return result;
        }

        var now = clock.GetUtcNow();
        var method = new MfaMethod
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            Type = MfaMethodType.Sms,
            PhoneNumber = phone,
            CreatedAt = now,
            ActivatedAt = now,
            IsDefault = !await Methods.AnyAsync(m => m.UserId == userId && m.ActivatedAt != null && m.IsDefault, cancellationToken),
        };
        Methods.Add(method);
        await db.SaveChangesAsync(cancellationToken);
        await notifier.NotifyAsync(userId, new SecurityChange(SecurityChangeKind.MethodAdded, SecurityItem.Phone, method.Id, PhoneNumberValues.Mask(phone)), cancellationToken: cancellationToken);
        return result;
    }

    public async Task<VerifyCodeResult> VerifyTotpAsync(Guid userId, string? code, CancellationToken cancellationToken = default)
    {
        if (!VerificationCodes.TryNormalize(code, out _))
        {
            return new VerifyCodeResult(VerifyCodeStatus.Invalid);
        }

        var attempt = await attempts.BeginAsync(userId, cancellationToken);
        if (VerifyCodeResult.Refused(attempt) is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        var methods = await Methods.AsNoTracking()
            .Where(m => m.UserId == userId && m.Type == MfaMethodType.Totp && m.ActivatedAt != null)
            .ToListAsync(cancellationToken);
        foreach (var method in methods)
        {
            var step = TotpAuthenticator.Verify(seedProtector.Unprotect(method.ProtectedSeed!), code, now, method.LastUsedTimeStep);
            if (step is null)
            {
                continue;
            }

            // Conditional update: of two requests racing with the same code, only one moves the step forward.
            var updated = await Methods
                .Where(m => m.Id == method.Id && (m.LastUsedTimeStep == null || m.LastUsedTimeStep < step))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastUsedTimeStep, step).SetProperty(m => m.LastUsedAt, now), cancellationToken);
            if (updated == 1)
            {
                await attempts.SucceededAsync(userId, cancellationToken);
                await RecordAsync(userId, AuditEventTypes.MfaSecondFactorVerified, AuditOutcomes.Success, method.Id, "totp", cancellationToken);
                return new VerifyCodeResult(VerifyCodeStatus.Verified);
            }
        }

        await attempts.FailedAsync(userId, attempt, cancellationToken);
        await RecordAsync(userId, AuditEventTypes.MfaSecondFactorFailed, AuditOutcomes.Failure, null, "totp", cancellationToken);
        return new VerifyCodeResult(VerifyCodeStatus.Invalid);
    }

    public async Task<SendCodeResult?> SendSignInSmsAsync(Guid userId, Guid methodId, CancellationToken cancellationToken = default)
    {
        var phone = await Methods.AsNoTracking()
            .Where(m => m.Id == methodId && m.UserId == userId && m.Type == MfaMethodType.Sms && m.ActivatedAt != null)
            .Select(m => m.PhoneNumber)
            .SingleOrDefaultAsync(cancellationToken);
        return phone is null ? null : await codes.SendAsync(userId, VerificationChannel.Sms, phone, VerificationPurpose.SignIn, cancellationToken);
    }

    public async Task<VerifyCodeResult> VerifySignInSmsAsync(Guid userId, string? code, CancellationToken cancellationToken = default)
    {
        var result = await codes.VerifyAsync(userId, VerificationPurpose.SignIn, code, cancellationToken);
        if (result.IsVerified)
        {
            var now = clock.GetUtcNow();
            await Methods.Where(m => m.UserId == userId && m.Type == MfaMethodType.Sms && m.PhoneNumber == result.Target)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastUsedAt, now), cancellationToken);
            await RecordAsync(userId, AuditEventTypes.MfaSecondFactorVerified, AuditOutcomes.Success, null, "sms", cancellationToken);
        }
        else if (result.Status is not (VerifyCodeStatus.Throttled or VerifyCodeStatus.Locked))
        {
            await RecordAsync(userId, AuditEventTypes.MfaSecondFactorFailed, AuditOutcomes.Failure, null, "sms", cancellationToken);
        }

        return result;
    }

    public async Task<bool> SetDefaultAsync(Guid userId, Guid methodId, CancellationToken cancellationToken = default)
    {
        var methods = await Methods.Where(m => m.UserId == userId && m.ActivatedAt != null).ToListAsync(cancellationToken);
        var chosen = methods.SingleOrDefault(m => m.Id == methodId);
        if (chosen is null)
        {
            return false;
        }

        if (!chosen.IsDefault)
        {
            methods.ForEach(m => m.IsDefault = m.Id == methodId);
            await db.SaveChangesAsync(cancellationToken);
            await notifier.NotifyAsync(userId, Describe(SecurityChangeKind.DefaultMethodChanged, chosen), cancellationToken: cancellationToken);
        }

        return true;
    }

    public async Task<RemoveResult> RemoveAsync(Guid userId, Guid methodId, CancellationToken cancellationToken = default)
    {
        var methods = await Methods.Where(m => m.UserId == userId && m.ActivatedAt != null).ToListAsync(cancellationToken);
        var removed = methods.SingleOrDefault(m => m.Id == methodId);
        if (removed is null)
        {
            return RemoveResult.NotFound;
        }

        if (methods.Count == 1)
        {
            return RemoveResult.LastMethodRefused;
        }

        Methods.Remove(removed);
        if (removed.IsDefault)
        {
            methods.First(m => m.Id != methodId).IsDefault = true;
        }

        await db.SaveChangesAsync(cancellationToken);
        await notifier.NotifyAsync(userId, Describe(SecurityChangeKind.MethodRemoved, removed), cancellationToken: cancellationToken);
        return RemoveResult.Removed;
    }

    private static SecurityChange Describe(SecurityChangeKind kind, MfaMethod method) =>
        method.Type == MfaMethodType.Sms
            ? new SecurityChange(kind, SecurityItem.Phone, method.Id, PhoneNumberValues.Mask(method.PhoneNumber ?? ""))
            : new SecurityChange(kind, SecurityItem.AuthenticatorApp, method.Id, null);

    private IQueryable<MfaMethod> PendingTotp(Guid userId) =>
        Methods.Where(m => m.UserId == userId && m.Type == MfaMethodType.Totp && m.ActivatedAt == null);

    /// <summary>The newest set-up <paramref name="sessionId"/> started (expired or not).</summary>
    private Task<MfaMethod?> FindPendingTotpAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken) =>
        PendingTotp(userId).AsNoTracking().Where(m => m.EnrollmentSessionId == sessionId).OrderByDescending(m => m.CreatedAt).FirstOrDefaultAsync(cancellationToken);

    private TotpSetup ToSetup(MfaMethod pending, string accountName)
    {
        var seed = seedProtector.Unprotect(pending.ProtectedSeed!);
        return new TotpSetup(pending.Id, TotpAuthenticator.FormatKeyForDisplay(seed), TotpAuthenticator.BuildUri(options.Value.TotpIssuer, accountName, seed));
    }

    private Task RecordAsync(Guid userId, string type, string outcome, Guid? methodId, string detail, CancellationToken cancellationToken) =>
        audit.RecordAsync(
            new AuditEvent
            {
                EventType = type,
                Outcome = outcome,
                ActorUserId = userId,
                TargetUserId = userId,
                Target = methodId is { } id ? $"mfa-method:{id}" : null,
                Details = $$"""{"method":"{{detail}}"}""",
            },
            cancellationToken);
}
