namespace AppPasswords.Infrastructure.Auth;

/// <summary>
/// Stable log event ids of security events (sign-in and sessions: 1000-1099); the event name is the constant's
/// name. Never renumber one that has shipped.
/// </summary>
public static class SecurityEventIds
{
    public const int SignInSucceeded = 1000;
    public const int SignInFailed = 1001;
    public const int SignInThrottled = 1002;
    public const int SignedOut = 1003;
    public const int SignedOutEverywhere = 1004;
    public const int SessionRejected = 1005;
    public const int ExternalSignInSucceeded = 1006;
    public const int ExternalSignInFailed = 1007;
    public const int SignInLockedOut = 1008;
    public const int LocalUserCreated = 1010;
    public const int LocalUserAdminChanged = 1011;
    public const int SessionRenewed = 1040;
    public const int ExternalUserAdminChanged = 1041;
}
