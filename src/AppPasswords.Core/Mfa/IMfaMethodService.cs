using AppPasswords.Core.Contacts;

namespace AppPasswords.Core.Mfa;

/// <summary>What the user needs to add an authenticator app; shown until the app produced a correct code.</summary>
public sealed record TotpSetup(Guid MethodId, string DisplayKey, Uri OtpAuthUri);

public enum RemoveResult
{
    Removed,
    NotFound,
    LastMethodRefused,
}

/// <summary>Registers, checks and manages a user's sign-in methods. Every call is scoped to <c>userId</c>.</summary>
public interface IMfaMethodService
{
    Task<IReadOnlyList<MfaMethod>> ListActiveAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns the authenticator set-up this sign-in session started while it has not expired; otherwise starts a new
    /// one with a fresh seed, bound to <paramref name="sessionId"/> for <see cref="MfaOptions.TotpEnrollmentLifetime"/>.
    /// Expired set-ups of the user are deleted, never handed out.
    /// </summary>
    Task<TotpSetup> GetOrBeginTotpAsync(Guid userId, Guid sessionId, string accountName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Activates the set-up started by <paramref name="sessionId"/> when <paramref name="code"/> is correct and the
    /// set-up has not expired (<see cref="VerifyCodeStatus.Expired"/>, deleted, otherwise; <see cref="VerifyCodeStatus.NoPendingCode"/>
    /// when this session started none). Activation deletes every other pending set-up of the user.
    /// </summary>
    Task<VerifyCodeResult> ActivateTotpAsync(Guid userId, Guid sessionId, string? code, CancellationToken cancellationToken = default);

    /// <summary>Sends a code to register <paramref name="e164"/> as an SMS method.</summary>
    Task<SendCodeResult> BeginSmsAsync(Guid userId, string e164, CancellationToken cancellationToken = default);

    /// <summary>Adds the SMS method when the code sent by <see cref="BeginSmsAsync"/> is correct.</summary>
    Task<VerifyCodeResult> ConfirmSmsAsync(Guid userId, string? code, CancellationToken cancellationToken = default);

    /// <summary>Second-factor check with any active authenticator app (replay refused).</summary>
    Task<VerifyCodeResult> VerifyTotpAsync(Guid userId, string? code, CancellationToken cancellationToken = default);

    /// <summary>Sends a sign-in code to the user's SMS method <paramref name="methodId"/>.</summary>
    Task<SendCodeResult?> SendSignInSmsAsync(Guid userId, Guid methodId, CancellationToken cancellationToken = default);

    Task<VerifyCodeResult> VerifySignInSmsAsync(Guid userId, string? code, CancellationToken cancellationToken = default);

    Task<bool> SetDefaultAsync(Guid userId, Guid methodId, CancellationToken cancellationToken = default);

    Task<RemoveResult> RemoveAsync(Guid userId, Guid methodId, CancellationToken cancellationToken = default);
}
