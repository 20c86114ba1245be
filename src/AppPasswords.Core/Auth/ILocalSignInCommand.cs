using AppPasswords.Core.Users;

namespace AppPasswords.Core.Auth;

/// <summary>
/// Checks a built-in directory user name and password, applying throttling. Unknown user names and wrong passwords
/// give the same result after the same amount of work. Records the outcome in the audit log.
/// </summary>
public interface ILocalSignInCommand
{
    Task<LocalSignInResult> SignInAsync(string userName, string password, CancellationToken cancellationToken = default);
}

public enum LocalSignInOutcome
{
    Succeeded,
    InvalidCredentials,
    Throttled,
}

public sealed record LocalSignInResult(LocalSignInOutcome Outcome, User? User = null, bool IsAdmin = false, DateTimeOffset? RetryAt = null);
