namespace AppPasswords.Core.Audit;

/// <summary>Stable names of audit events. Append new names; never rename one that has been written.</summary>
public static class AuditEventTypes
{
    public const string SignIn = "auth.sign-in";
    public const string SignOut = "auth.sign-out";
    public const string SignOutEverywhere = "auth.sign-out-everywhere";
    public const string LocalUserCreated = "users.local-created";
    public const string LocalUserAdminChanged = "users.local-admin-changed";
}
