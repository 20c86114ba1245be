namespace AppPasswords.Core.Mfa;

/// <summary>
/// When the current sign-in session last passed a second-factor check. Sensitive actions (creating an app
/// password, changing security info) require a recent check. Implemented over the server-side session store.
/// </summary>
public interface ISecondFactorSession
{
    Task<DateTimeOffset?> GetLastVerifiedAtAsync(Guid sessionId, CancellationToken cancellationToken = default);

    Task MarkVerifiedAsync(Guid sessionId, CancellationToken cancellationToken = default);
}
