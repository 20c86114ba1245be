using AppPasswords.Core.Common;
using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using AppPasswords.Core.Notifications;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AppPasswords.Infrastructure.Mfa;

/// <summary>
/// One-time codes by SMS or email. The code is hashed with a per-code salt before it is stored; checks and
/// consumption are conditional updates so two concurrent requests cannot both use one code. Every comparison is
/// counted before it is made, on the code and on the account (<see cref="ISecondFactorAttempts"/>).
/// </summary>
public sealed partial class VerificationCodeService(
    AppPasswordsDbContext db,
    IRandomSource random,
    TimeProvider clock,
    IOptions<MfaOptions> options,
    ISecondFactorAttempts attempts,
    ISmsSender sms,
    IEmailSender email,
    ISecurityMessageComposer composer,
    ILogger<VerificationCodeService> logger) : IVerificationCodeService
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private DbSet<PendingVerification> Verifications => db.Set<PendingVerification>();

    public Task<SendCodeResult> SendAsync(Guid userId, VerificationChannel channel, string target, VerificationPurpose purpose, CancellationToken cancellationToken = default) =>
        SendAsync(userId, null, channel, target, purpose, cancellationToken);

    public Task<SendCodeResult> SendForSubjectAsync(Guid userId, Guid subjectId, VerificationChannel channel, string target, VerificationPurpose purpose, CancellationToken cancellationToken = default) =>
        SendAsync(userId, (Guid?)subjectId, channel, target, purpose, cancellationToken);

    public Task<VerifyCodeResult> VerifyAsync(Guid userId, VerificationPurpose purpose, string? code, CancellationToken cancellationToken = default) =>
        VerifyAsync(userId, purpose, null, code, cancellationToken);

    public Task<VerifyCodeResult> VerifySubjectAsync(Guid userId, Guid subjectId, VerificationPurpose purpose, string? code, CancellationToken cancellationToken = default) =>
        VerifyAsync(userId, purpose, (Guid?)subjectId, code, cancellationToken);

    private async Task<SendCodeResult> SendAsync(Guid userId, Guid? subjectId, VerificationChannel channel, string target, VerificationPurpose purpose, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        var policy = options.Value;
        var now = clock.GetUtcNow();

        var lastToTarget = await Verifications.AsNoTracking()
            .Where(v => v.UserId == userId && v.Target == target)
            .OrderByDescending(v => v.CreatedAt)
            .Select(v => (DateTimeOffset?)v.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (lastToTarget is { } last && last + policy.ResendCooldown > now)
        {
            return new SendCodeResult(SendCodeStatus.CooldownActive, last + policy.ResendCooldown - now);
        }

        var since = now - Hour;
        var byUser = await Verifications.AsNoTracking().Where(v => v.UserId == userId && v.CreatedAt > since)
            .Select(v => v.CreatedAt).ToListAsync(cancellationToken);
        var byTarget = await Verifications.AsNoTracking().Where(v => v.Target == target && v.CreatedAt > since)
            .Select(v => v.CreatedAt).ToListAsync(cancellationToken);
        var retryAfter = Max(HourlyRetryAfter(byUser, policy.MaxSendsPerHourPerUser, now), HourlyRetryAfter(byTarget, policy.MaxSendsPerHourPerTarget, now));
        if (retryAfter > TimeSpan.Zero)
        {
            LogHourlyLimit(logger, userId, purpose);
            return new SendCodeResult(SendCodeStatus.HourlyLimit, retryAfter);
        }

        await Verifications.Where(v => v.UserId == userId && v.Purpose == purpose && v.ClosedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.ClosedAt, now), cancellationToken);

        var code = VerificationCodes.Generate(random);
        var salt = VerificationCodes.NewSalt(random);
        Verifications.Add(new PendingVerification
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            Channel = channel,
            Target = target,
            Purpose = purpose,
            SubjectId = subjectId,
            CodeSalt = salt,
            CodeHash = VerificationCodes.Hash(code, salt),
            CreatedAt = now,
            ExpiresAt = now + policy.CodeLifetime,
        });
        await db.SaveChangesAsync(cancellationToken);

        if (channel == VerificationChannel.Sms)
        {
            await sms.SendAsync(target, composer.CodeSms(code, policy.CodeLifetime), cancellationToken);
        }
        else
        {
            await email.SendAsync(composer.CodeEmail(target, code, policy.CodeLifetime), cancellationToken);
        }

        var masked = Mask(channel, target);
        LogSent(logger, userId, channel, purpose, masked);
        return new SendCodeResult(SendCodeStatus.Sent);
    }

    /// <summary>With a <paramref name="subjectId"/>, only a code sent for that subject is checked (and counted).</summary>
    private async Task<VerifyCodeResult> VerifyAsync(Guid userId, VerificationPurpose purpose, Guid? subjectId, string? code, CancellationToken cancellationToken)
    {
        var policy = options.Value;
        var now = clock.GetUtcNow();
        var open = await FindOpenAsync(userId, purpose, cancellationToken);
        if (open is null)
        {
            return new VerifyCodeResult(VerifyCodeStatus.NoPendingCode);
        }

        if (subjectId is not null && open.SubjectId != subjectId)
        {
            LogOtherSubject(logger, userId, purpose);
            return new VerifyCodeResult(VerifyCodeStatus.OtherSubject);
        }

        if (now >= open.ExpiresAt)
        {
            await CloseAsync(open.Id, now, cancellationToken);
            return new VerifyCodeResult(VerifyCodeStatus.Expired);
        }

        if (!VerificationCodes.TryNormalize(code, out var normalized))
        {
            return new VerifyCodeResult(VerifyCodeStatus.Invalid, policy.MaxCodeAttempts - open.FailedAttempts);
        }

        var attempt = await attempts.BeginAsync(userId, cancellationToken);
        if (VerifyCodeResult.Refused(attempt) is { } refused)
        {
            return refused;
        }

        // Counted on the code before comparing: of concurrent guesses only MaxCodeAttempts are ever compared.
        var counted = await Verifications.Where(v => v.Id == open.Id && v.ClosedAt == null && v.FailedAttempts < policy.MaxCodeAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.FailedAttempts, v => v.FailedAttempts + 1), cancellationToken);
        if (counted == 0)
        {
            // The code was used up by concurrent guesses; the account attempt stays counted as a failure.
            await attempts.FailedAsync(userId, attempt, cancellationToken);
            return new VerifyCodeResult(VerifyCodeStatus.TooManyAttempts);
        }

        if (VerificationCodes.Matches(normalized, open.CodeSalt, open.CodeHash))
        {
            if (!await CloseAsync(open.Id, now, cancellationToken))
            {
                return new VerifyCodeResult(VerifyCodeStatus.NoPendingCode);
            }

            await attempts.SucceededAsync(userId, cancellationToken);
            return new VerifyCodeResult(VerifyCodeStatus.Verified, Target: open.Target, Channel: open.Channel);
        }

        await attempts.FailedAsync(userId, attempt, cancellationToken);
        var failed = await Verifications.AsNoTracking().Where(v => v.Id == open.Id).Select(v => v.FailedAttempts).SingleAsync(cancellationToken);
        LogWrongCode(logger, userId, purpose, failed);
        if (failed >= policy.MaxCodeAttempts)
        {
            await CloseAsync(open.Id, now, cancellationToken);
            return new VerifyCodeResult(VerifyCodeStatus.TooManyAttempts);
        }

        return new VerifyCodeResult(VerifyCodeStatus.Invalid, policy.MaxCodeAttempts - failed);
    }

    public Task<PendingVerification?> FindOpenAsync(Guid userId, VerificationPurpose purpose, CancellationToken cancellationToken = default) =>
        Verifications.AsNoTracking()
            .Where(v => v.UserId == userId && v.Purpose == purpose && v.ClosedAt == null)
            .OrderByDescending(v => v.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);

    internal static string Mask(VerificationChannel channel, string target) =>
        channel == VerificationChannel.Sms ? PhoneNumberValues.Mask(target) : EmailAddresses.Mask(target);

    private async Task<bool> CloseAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken) =>
        await Verifications.Where(v => v.Id == id && v.ClosedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.ClosedAt, now), cancellationToken) == 1;

    private static TimeSpan HourlyRetryAfter(List<DateTimeOffset> sendsInLastHour, int cap, DateTimeOffset now)
    {
        if (sendsInLastHour.Count < cap)
        {
            return TimeSpan.Zero;
        }

        sendsInLastHour.Sort();
        return sendsInLastHour[sendsInLastHour.Count - cap] + Hour - now;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Verification code for user {UserId} sent by {Channel} to {MaskedTarget} ({Purpose})")]
    private static partial void LogSent(ILogger logger, Guid userId, VerificationChannel channel, VerificationPurpose purpose, string maskedTarget);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Hourly code limit reached for user {UserId} ({Purpose})")]
    private static partial void LogHourlyLimit(ILogger logger, Guid userId, VerificationPurpose purpose);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Verification code for user {UserId} ({Purpose}) offered for another contact or method than it was sent for")]
    private static partial void LogOtherSubject(ILogger logger, Guid userId, VerificationPurpose purpose);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Wrong verification code for user {UserId} ({Purpose}), attempt {Attempts}")]
    private static partial void LogWrongCode(ILogger logger, Guid userId, VerificationPurpose purpose, int attempts);
}
