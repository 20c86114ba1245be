namespace AppPasswords.Infrastructure.AppPasswords;

/// <summary>
/// One row per user, updated inside the transaction that adds an app password so that concurrent creations
/// for the same user are serialized (the row lock on SQL Server, the write lock on SQLite) and the
/// per-user limit holds.
/// </summary>
internal sealed class AppPasswordUserLock
{
    public Guid UserId { get; set; }

    public long Version { get; set; }
}
