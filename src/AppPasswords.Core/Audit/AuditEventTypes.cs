namespace AppPasswords.Core.Audit;

/// <summary>Stable names of audit events. Append new names; never rename one that has been written.</summary>
public static class AuditEventTypes
{
    public const string SignIn = "auth.sign-in";
    public const string SignOut = "auth.sign-out";
    public const string SignInLockedOut = "auth.sign-in-locked-out";
    public const string SignOutEverywhere = "auth.sign-out-everywhere";
    public const string LocalUserCreated = "users.local-created";
    public const string LocalUserAdminChanged = "users.local-admin-changed";
    public const string ExternalUserAdminChanged = "users.external-admin-changed";
    public const string AppPasswordCreated = "app-password.created";
    public const string AppPasswordRevoked = "app-password.revoked";
    public const string AppPasswordRevokedAll = "app-password.revoked-all";
    public const string AppPasswordFirstUsed = "app-password.first-used";
    public const string AppPasswordVerifyFailed = "app-password.verify-failed";
    public const string ServiceKeyCreated = "service-key.created";
    public const string ServiceKeyRevoked = "service-key.revoked";

    public const string MfaMethodAdded = "mfa.method-added";
    public const string MfaMethodRemoved = "mfa.method-removed";
    public const string MfaDefaultMethodChanged = "mfa.default-method-changed";
    public const string MfaContactAdded = "mfa.contact-added";
    public const string MfaContactRemoved = "mfa.contact-removed";
    public const string MfaContactChanged = "mfa.contact-changed";
    public const string MfaSecondFactorVerified = "mfa.second-factor-verified";
    public const string MfaSecondFactorFailed = "mfa.second-factor-failed";
    public const string MfaSecondFactorLocked = "mfa.second-factor-locked";
    public const string MfaRegistrationSkipped = "mfa.registration-skipped";
    public const string PolicyChanged = "admin.policy-changed";
    public const string AdminAppPasswordsRevoked = "admin.app-passwords-revoked";
    public const string AdminMfaReset = "admin.mfa-reset";
    public const string AdminSignOutEverywhere = "admin.sign-out-everywhere";
    public const string AdminAppPasswordsBlocked = "admin.app-passwords-blocked";
    public const string AdminAppPasswordsAllowed = "admin.app-passwords-allowed";
    public const string AdminSignInUnlocked = "admin.sign-in-unlocked";
    public const string AuditExported = "admin.audit-exported";
    public const string AppPasswordsExported = "admin.app-passwords-exported";
}
